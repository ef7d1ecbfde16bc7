// npm run migrate-store: a lowdb folder copied into PostgreSQL, checked, and safe to run again.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { FileAuditLog } from '../../src/audit/audit-log.js';
import { sharedAuditLog } from '../../src/audit/shared-audit-log.js';
import { openFlagNotices } from '../../src/privacy/flag-notices.js';
import { sharedFlagNotices } from '../../src/privacy/shared-privacy.js';
import { openTombstones } from '../../src/privacy/tombstones.js';
import { FileKeyedStore } from '../../src/records/file-keyed.js';
import { openFileStore } from '../../src/records/file-store.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import type { Store } from '../../src/records/store.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';
import { AWKWARD_TEXT, makeState } from '../store-contract/contract.js';

let db: TestDatabase;
let dataDir: string;
const SEALER = { seal: (plain: string) => Buffer.from(plain).toString('base64'), open: (sealed: string) => Buffer.from(sealed, 'base64').toString() };
const REFERENCE = (key: string) => ({
  key,
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
  conversation: { id: `a:${key}` },
  bot: { id: '28:bot' },
  user: { id: `29:${key}` },
  savedAt: '2025-06-01T09:00:00.000Z',
});
const records: OutcomeRecord[] = [];

function migrateStore(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['dist/src/cli/migrate-store.js', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr
      .split('\n')
      .filter((l) => !l.startsWith('(node:') && !l.startsWith('(Use'))
      .join('\n'),
  };
}

async function all(store: Store): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of store.records.all()) out.push(r);
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

beforeAll(async () => {
  db = await testDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'migrate-store-'));
  const lowdb = await openFileStore(dataDir);
  for (let i = 0; i < 40; i++) {
    const r = makeRecord({ subjectRef: `subject-${i % 13}`, whatMatters: i === 7 ? AWKWARD_TEXT.join(' ') : `Invented words ${i}` });
    records.push(r);
    await lowdb.records.add(r);
  }
  const flagged = makeRecord({
    subjectRef: 'subject-flagged',
    safeguardingFlag: { flagged: true, categories: ['harm'], at: '2025-03-01T10:05:00.000Z' },
    outcomes: [makeOutcome({ ownWords: AWKWARD_TEXT[0] })],
  });
  records.push(flagged);
  await lowdb.records.add(flagged);
  await lowdb.conversations.put('webchat-conv-1', makeState());
  await lowdb.conversations.put('msteams:19:abc@thread.v2', makeState({ whatMatters: AWKWARD_TEXT[1] }));
  await lowdb.conversations.put('webchat-conv-3', makeState({ step: { kind: 'summary' } }));
  await lowdb.paused.put('AB12-CD34-EF', makeState({ code: 'AB12-CD34-EF' }));
  await lowdb.paused.put('GH56-JK78-MN', makeState({ code: 'GH56-JK78-MN', step: { kind: 'priorities' } }));
  await lowdb.close();

  // The smaller stores beside the main one, as the bot keeps them in files.
  const references = await FileKeyedStore.open(path.join(dataDir, 'teams-references'), z.record(z.string(), z.unknown()));
  await references.put('aad-1', REFERENCE('aad-1'));
  await references.put('aad-2', REFERENCE('aad-2'));
  const reviews = await FileKeyedStore.open(path.join(dataDir, 'reviews'), z.record(z.string(), z.unknown()), SEALER);
  await reviews.put('review-conv-1', { words: 'sealed review words' });
  const audit = await FileAuditLog.open(dataDir);
  await audit.append({ who: 'aad-1', action: 'open', record: 'ab-r1', at: '2025-06-30T09:00:00.000Z' });
  await audit.append({ who: 'aad-1', action: 'claim', record: 'ab-r1', at: '2025-06-30T09:01:00.000Z' });
  await audit.append({ who: 'aad-2', action: 'note', record: 'ab-r2', at: '2025-07-01T09:00:00.000Z' });
  const notices = await openFlagNotices(dataDir);
  await notices.flagged({
    conversationId: 'flagged-1',
    at: '2025-05-01T10:00:00.000Z',
    categories: ['harm'],
    channel: 'webchat',
    consented: true,
    step: 'what-matters',
  });
  await notices.flagged({
    conversationId: 'flagged-2',
    at: '2025-05-02T10:00:00.000Z',
    categories: ['neglect'],
    channel: 'msteams',
    consented: false,
    step: 'consent',
  });
  await (await openTombstones(dataDir)).append({ who: 'retention', action: 'erase', record: 'ab-old', detail: 'record' });
}, 120_000);

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
});

describe('migrate-store', () => {
  test('copies everything, then checks counts and checksums', async () => {
    const run = migrateStore(['--from', dataDir], { DATABASE_URL: db.url });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^conversations: +3 in the folder, 3 copied, 0 already there, 3 checked$/m);
    expect(run.stdout).toMatch(/^paused: +2 in the folder, 2 copied, 0 already there, 2 checked$/m);
    expect(run.stdout).toMatch(/^records: +41 in the folder, 41 copied, 0 already there, 41 checked$/m);
    expect(run.stdout).toMatch(/^reviews: +1 in the folder, 1 copied, 0 already there, 1 checked$/m);
    expect(run.stdout).toMatch(/^teams-references: +2 in the folder, 2 copied, 0 already there, 2 checked$/m);
    expect(run.stdout).toMatch(/^practitioner-dialogs: +0 in the folder/m);
    expect(run.stdout).toMatch(/^flag-notices: +2 in the folder, 2 copied, 0 already there, 2 checked$/m);
    expect(run.stdout).toMatch(/^audit log: +3 in the folder, 3 copied, 0 already there, 3 checked$/m);
    expect(run.stdout).toMatch(/^erasures log: +1 in the folder, 1 copied, 0 already there, 1 checked$/m);
    expect(run.stdout).toMatch(/every item is in the database and its checksum matches/);
    expect(run.stdout).not.toMatch(/Invented words|Some time to myself/);

    const store = await openPostgresStore({ connectionString: db.url, migrate: false });
    try {
      expect(await all(store)).toEqual([...records].sort((a, b) => (a.id < b.id ? -1 : 1)));
      expect(await store.conversations.get('webchat-conv-1')).toEqual(makeState());
      expect((await store.conversations.get('msteams:19:abc@thread.v2'))?.whatMatters).toBe(AWKWARD_TEXT[1]);
      expect((await store.paused.get('GH56-JK78-MN'))?.step).toEqual({ kind: 'priorities' });
      expect((await store.records.bySubject('subject-flagged'))[0].safeguardingFlag.flagged).toBe(true);

      // The smaller stores read back through the same code the bot uses with PostgreSQL.
      const shared = store.shared!;
      expect(await shared.keyed('teams-references', z.record(z.string(), z.unknown())).get('aad-2')).toEqual(REFERENCE('aad-2'));
      expect(await shared.keyed('reviews', z.record(z.string(), z.unknown()), SEALER).get('review-conv-1')).toEqual({ words: 'sealed review words' });
      const audit: string[] = [];
      for await (const e of sharedAuditLog(shared).entries()) audit.push(`${e.who} ${e.action} ${e.record}`);
      expect(audit).toEqual(['aad-1 open ab-r1', 'aad-1 claim ab-r1', 'aad-2 note ab-r2']);
      const notices = await sharedFlagNotices(shared).list();
      expect(notices.map((n) => n.categories)).toEqual([['harm'], ['neglect']]);
    } finally {
      await store.close();
    }
  });

  test('run again, it copies nothing and checks everything', async () => {
    const run = migrateStore(['--from', dataDir, '--to', db.url]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^records: +41 in the folder, 0 copied, 41 already there, 41 checked$/m);
    expect(run.stdout).toMatch(/^paused: +2 in the folder, 0 copied, 2 already there, 2 checked$/m);
    expect(run.stdout).toMatch(/^audit log: +3 in the folder, 0 copied, 3 already there, 3 checked$/m);

    // A copied conversation goes on under the version check like any other.
    const store = await openPostgresStore({ connectionString: db.url, migrate: false });
    try {
      const read = await store.conversations.getWithVersion('webchat-conv-3');
      await store.conversations.putIfVersion('webchat-conv-3', makeState({ step: { kind: 'sharing' } }), read!.version);
      // And a copied notice is the one a later flag in that conversation updates.
      await sharedFlagNotices(store.shared!).flagged({
        conversationId: 'flagged-1',
        at: '2025-08-01T10:00:00.000Z',
        categories: ['money'],
        channel: 'webchat',
        consented: true,
        step: 'rating',
      });
      expect((await sharedFlagNotices(store.shared!).list()).find((n) => n.lastAt === '2025-08-01T10:00:00.000Z')?.categories.sort()).toEqual([
        'harm',
        'money',
      ]);
    } finally {
      await store.close();
    }
  });

  test('an item in the database that differs from the folder is reported by id and left alone', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const target = records[3];
      await pool.query(`UPDATE records SET body = jsonb_set(body, '{whatMatters}', '"changed in the database"') WHERE id = $1`, [target.id]);
      const run = migrateStore(['--from', dataDir, '--to', db.url]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`1 DIFFER (${target.id})`);
      expect(run.stderr).toMatch(/does not match the folder/);
      const { rows } = await pool.query<{ w: string }>("SELECT body->>'whatMatters' AS w FROM records WHERE id = $1", [target.id]);
      expect(rows[0].w).toBe('changed in the database');
    } finally {
      await pool.end();
    }
  });

  test('npm run export reads the records from PostgreSQL when DATABASE_URL is set', () => {
    const result = spawnSync(process.execPath, ['dist/src/cli/export.js', '--format', 'json'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DATA_DIR: path.join(dataDir, 'not-used') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const ids = result.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(records.map((r) => r.id)));
  });

  test('export with contact details, erase and purge use the audit and erasure logs in PostgreSQL', async () => {
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DATA_DIR: path.join(dataDir, 'not-used') };
    const exported = spawnSync(process.execPath, ['dist/src/cli/export.js', '--format', 'json', '--include-contact'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(exported.status).toBe(0);
    const erased = spawnSync(process.execPath, ['dist/src/cli/erase.js', '--code', 'AB12-CD34-EF'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(erased.stdout).toMatch(/erase: removed \d+ records, 1 paused conversations/);
    const purged = spawnSync(process.execPath, ['dist/src/cli/purge.js', '--dry-run'], {
      env: { ...env, ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(purged.status).toBe(0);
    expect(existsSync(path.join(dataDir, 'not-used'))).toBe(false);

    const store = await openPostgresStore({ connectionString: db.url, migrate: false });
    try {
      const audit: string[] = [];
      for await (const e of sharedAuditLog(store.shared!).entries()) audit.push(`${e.action} ${e.record}`);
      expect(audit).toContain('export *');
      expect(await store.paused.get('AB12-CD34-EF')).toBeUndefined();
      const erasures: string[] = [];
      for await (const e of store.shared!.log('erasures', z.object({ who: z.string() }).passthrough()).entries()) erasures.push(e.who);
      expect(erasures).toContain('operator');
    } finally {
      await store.close();
    }
  });

  test('says what is wrong with its arguments or folder', () => {
    expect(migrateStore(['--from', dataDir])).toMatchObject({ status: 2, stderr: expect.stringMatching(/pass --to postgres:\/\/\.\.\. or set DATABASE_URL/) });
    expect(migrateStore(['--from', path.join(dataDir, 'nope'), '--to', db.url])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/data folder not found/),
    });
    const unreachable = migrateStore(['--from', dataDir, '--to', 'postgres://someone:Secret-Pw-123@127.0.0.1:1/outcomes']);
    expect(unreachable).toMatchObject({ status: 1, stderr: 'migrate-store: cannot use 127.0.0.1:1/outcomes (ECONNREFUSED)\n' });
  });
});
