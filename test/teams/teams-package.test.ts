// The Teams app package: built from the bot's app id and domain, checked offline against the bundled
// manifest schema; a broken manifest fails the check. And `npm run audit` prints the audit log.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import AdmZip from 'adm-zip';
import { FileAuditLog } from '../../src/audit/audit-log.js';
import { runAudit } from '../../src/cli/audit.js';
import { runTeamsPackage } from '../../src/cli/teams-package.js';
import { buildManifest, icons, latestManifestVersion, validateManifest, validateManifests, PackageError } from '../../src/practitioner/teams-app.js';
import { encodePng, pngSize } from '../../src/practitioner/png.js';
import { loadOrganisation } from '../../src/config.js';
import { loadPractitionerWording } from '../../src/practitioner/wording.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import { TEAMS_ORG } from './support/app.js';

const APP_ID = '6f1c2e3a-1b2c-4d5e-8f90-123456789abc';

function run(fn: typeof runTeamsPackage | typeof runAudit, argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  return fn(argv, { env: { ORGANISATION_FILE: TEAMS_ORG, ...env }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }).then((code) => ({
    code,
    stdout,
    stderr,
  }));
}

function template(): unknown {
  return JSON.parse(readFileSync('teams/manifest.template.json', 'utf8'));
}

/** The parts of a Teams manifest these tests read or break. */
type Manifest = {
  id: string;
  manifestVersion: string;
  accentColor: string;
  name: { short: string };
  bots: { scopes: string[]; commandLists?: { commands: { title: string }[] }[] }[];
};

describe('npm run teams-package', () => {
  test('writes a manifest of the newest bundled schema, both icons and a zip of the three, and it validates offline', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'teams-package-'));
    const result = await run(runTeamsPackage, ['--domain', 'https://outcomes.example.org/', '--out', out], { MicrosoftAppId: APP_ID });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/outcomes-bot-teams\.zip/);

    const zip = new AdmZip(path.join(out, 'outcomes-bot-teams.zip'));
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Manifest;
    expect(manifest.manifestVersion).toBe(latestManifestVersion());
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(22);
    expect(manifest).toMatchObject({
      id: APP_ID,
      accentColor: '#1D4F91',
      validDomains: ['outcomes.example.org'],
      developer: { websiteUrl: 'https://outcomes.example.org/', privacyUrl: 'https://example.org/privacy' },
      bots: [{ botId: APP_ID, scopes: ['personal'] }],
    });
    const commands = manifest.bots[0].commandLists?.[0].commands.map((c) => c.title);
    expect(commands).toEqual(expect.arrayContaining(['queue', 'open', 'claim', 'start', 'review', 'help']));
    expect(await validateManifest(manifest)).toEqual([]);
    expect(pngSize(zip.readFile('color.png')!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(zip.readFile('outline.png')!)).toEqual({ width: 32, height: 32 });
  });

  test('a broken manifest fails the check', async () => {
    const good = buildManifest({
      appId: APP_ID,
      domain: 'outcomes.example.org',
      version: '1.0.0',
      manifestVersion: latestManifestVersion(),
      organisation: loadOrganisation(TEAMS_ORG),
      words: loadPractitionerWording('dialogs'),
      template: template(),
    });
    const variant = (change: (m: Manifest) => void) => {
      const m = structuredClone(good) as unknown as Manifest;
      change(m);
      return m;
    };
    const [ok, badId, noColour, longName, badScope, badVersion] = await validateManifests([
      good,
      variant((m) => (m.id = 'not-a-guid')),
      variant((m) => delete (m as Partial<Manifest>).accentColor),
      variant((m) => (m.name.short = 'A name far too long for the Teams app bar')),
      variant((m) => (m.bots[0].scopes = ['everywhere'])),
      variant((m) => (m.manifestVersion = '9.99')),
    ]);
    expect(ok).toEqual([]);
    expect(badId.join('\n')).toMatch(/\/id/);
    expect(noColour.join('\n')).toMatch(/accentColor/);
    expect(longName.join('\n')).toMatch(/\/name\/short/);
    expect(badScope.join('\n')).toMatch(/scopes/);
    expect(badVersion.join('\n')).toMatch(/not a schema version bundled/);
  });

  test('clear errors for a missing or wrong app id or domain, and for a wrong-sized icon', async () => {
    expect(await run(runTeamsPackage, ['--domain', 'outcomes.example.org'], {})).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/needs the bot's app id/),
    });
    expect(await run(runTeamsPackage, ['--domain', 'outcomes.example.org', '--app-id', 'my-bot'], {})).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/must be a GUID/),
    });
    expect(await run(runTeamsPackage, [], { MicrosoftAppId: APP_ID })).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs the bot's domain/) });
    expect(await run(runTeamsPackage, ['--domain', 'not a host'], { MicrosoftAppId: APP_ID })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/must be a host name/),
    });
    expect(await run(runTeamsPackage, ['--colour'], { MicrosoftAppId: APP_ID })).toMatchObject({ code: 2 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'teams-icons-'));
    writeFileSync(path.join(dir, 'color.png'), encodePng(100, 100, new Uint8Array(100 * 100 * 4)));
    expect(() => icons(dir, '#1d4f91')).toThrow(PackageError);
    expect(() => icons(dir, '#1d4f91')).toThrow(/must be a 192x192 PNG/);
  });
});

describe('npm run audit', () => {
  test('prints who did what to which record and when, filtered by record or person; bad lines are reported', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const log = await FileAuditLog.open(dataDir);
    const morag = '11111111-aaaa-4000-8000-000000000001';
    await log.append({ who: morag, action: 'open', record: 'ab-11111111-2222-4333-8444-555555555555', at: '2026-11-01T10:00:00.000Z' });
    await log.append({ who: morag, action: 'claim', record: 'ab-11111111-2222-4333-8444-555555555555', at: '2026-11-01T10:01:00.000Z' });
    await log.append({
      who: 'fiona.test@example.invalid',
      action: 'export',
      record: 'cd-99999999-2222-4333-8444-555555555555',
      at: '2026-12-02T09:00:00.000Z',
    });
    writeFileSync(path.join(dataDir, 'audit', 'audit-2026-12.jsonl'), 'not json\n', { flag: 'a' });

    const all = await run(runAudit, [], { DATA_DIR: dataDir });
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toEqual([
      `2026-11-01T10:00:00.000Z  open              record ${shortRef('ab-11111111')}  by Morag Test (${morag})`,
      `2026-11-01T10:01:00.000Z  claim             record ${shortRef('ab-11111111')}  by Morag Test (${morag})`,
      `2026-12-02T09:00:00.000Z  export            record ${shortRef('cd-99999999')}  by Fiona Test (fiona.test@example.invalid)`,
      '3 entries',
    ]);
    expect(all.stderr).toMatch(/audit-2026-12\.jsonl line 2 cannot be read/);
    expect((await run(runAudit, ['--record', 'AB11-1111'], { DATA_DIR: dataDir })).stdout).toMatch(/2 entries/);
    expect((await run(runAudit, ['--who', 'Fiona.Test@example.invalid', '--json'], { DATA_DIR: dataDir })).stdout.trim().split('\n')).toHaveLength(1);
    expect((await run(runAudit, ['--since', '2026-12-01'], { DATA_DIR: dataDir })).stdout).toMatch(/1 entry/);
    expect((await run(runAudit, ['--record', 'nonsense!'], { DATA_DIR: dataDir })).code).toBe(2);
  });
});
