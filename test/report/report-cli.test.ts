// npm run report, run in-process against a real lowdb store of invented records.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runReportCli } from '../../src/cli/report-main.js';
import { importRecords, openFileStore } from '../../src/records/file-store.js';
import type { Report } from '../../src/report/report-types.js';
import { generateRecords } from '../fixtures/generate-records.js';

let dir: string;
const records = generateRecords({ count: 400, seed: 3, from: '2025-01-01', to: '2025-12-31' });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'report-cli-'));
  const store = await openFileStore(path.join(dir, 'data'));
  await importRecords(store, records);
  await store.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runReportCli(args, {
    env: { DATA_DIR: path.join(dir, 'data'), ORGANISATION_FILE: 'config/organisation.example.yaml', NODE_ENV: 'test', ...env },
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    now: new Date('2026-01-05T09:00:00Z'),
  });
  return { code, out, err };
}

describe('npm run report', () => {
  it('writes a self-contained HTML report, readable only by its owner', async () => {
    const file = path.join(dir, 'report.html');
    const { code, err } = await run(['--from', '2025-01-01', '--to', '2025-12-31', '--out', file]);
    expect(code).toBe(0);
    const inYear = records.filter((r) => r.confirmedAt < '2025-12-31T23').length;
    expect(err).toBe(`report: ${inYear} conversations from 2025-01-01 to 2025-12-31, written to ${file}\n`);
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('Riverside Carers Centre');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('without dates covers the last 12 full months, and says so in the report', async () => {
    const file = path.join(dir, 'year.html');
    // "now" is 5 January 2026: the last full months are January to December 2025.
    const { code, err } = await run(['--out', file]);
    expect(code).toBe(0);
    const inYear = records.filter((r) => r.confirmedAt < '2025-12-31T23').length;
    expect(err).toBe(`report: ${inYear} conversations from 2025-01-01 to 2025-12-31 (the last 12 full months), written to ${file}\n`);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('Conversations confirmed in the last 12 full months: from 2025-01-01 to 2025-12-31.');
    const json = JSON.parse((await run(['--format', 'json'])).out) as Report;
    expect(json.period).toMatchObject({ from: '2025-01-01', to: '2025-12-31', chosenMonths: 12 });
  });

  it('writes the same figures as JSON, for one script, to stdout', async () => {
    const { code, out, err } = await run(['--from', '2025-04-01', '--to', '2025-06-30', '--script', 'carer', '--format', 'json']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const report = JSON.parse(out) as Report;
    expect(report.kind).toBe('outcomes-report');
    expect(report.period).toMatchObject({ from: '2025-04-01', to: '2025-06-30' });
    expect(report.scripts.map((s) => s.id)).toEqual(['carer']);
    expect(report.threshold).toBe(5);
    expect(report.organisation).toBe('Riverside Carers Centre');
  });

  it("uses the organisation's own themes and small-number threshold", async () => {
    const example = await readFile('config/organisation.example.yaml', 'utf8');
    const own = path.join(dir, 'organisation.yaml');
    await writeFile(
      own,
      `${example.replace(/^smallNumberThreshold: 5$/m, 'smallNumberThreshold: 10')}\nthemes:\n  - id: rest\n    label: Rest\n    keywords: [respite, sitter*, break*]\n`,
    );
    const { code, out } = await run(['--from', '2025-01-01', '--to', '2025-12-31', '--format', 'json'], { ORGANISATION_FILE: own });
    expect(code).toBe(0);
    const report = JSON.parse(out) as Report;
    expect(report.threshold).toBe(10);
    expect(report.themes.themes.map((t) => [t.id, t.keywords])).toEqual([['rest', ['respite', 'sitter*', 'break*']]]);
    expect(out).not.toMatch(/"n": [1-9]\s/);
    expect(out).toContain('"fewerThan": 10');
  });

  it.each([
    [['--to', '2025-01-01'], '--from is needed too (or leave out both for the last 12 full months)'],
    [['--from', '2025-01-01'], '--to is needed too (or leave out both for the last 12 full months)'],
    [['--from', '2025-13-01', '--to', '2025-12-31'], '--from must be a date like 2026-01-31, not "2025-13-01"'],
    [['--from', '2025-02-01', '--to', '2025-01-01'], '--from (2025-02-01) is after --to (2025-01-01)'],
    [['--from', '2025-01-01', '--to', '2025-12-31', '--format', 'pdf'], '--format must be html or json, not "pdf"'],
    [['--from', '2025-01-01', '--to', '2025-12-31', '--script', '../etc'], '--script must be a script id like carer, not "../etc"'],
    [['--from', '2025-01-01', '--to', '2025-12-31', '--script', 'nosuch'], '--script: no script "nosuch" in dialogs'],
    [['--from', '2025-01-01', '--to', '2025-12-31', '--colour', 'red'], "Unknown option '--colour'"],
    [['--from', '2025-01-01', '--to', '2025-12-31', 'extra'], "Unexpected argument 'extra'"],
    [['--from'], "Option '--from <value>' argument missing"],
  ])('bad flags %j: one clear line, exit code 2', async (args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')).toHaveLength(2);
    expect(err).toContain(message);
    expect(err).toMatch(/^report: .*\(usage: npm run report -- .*\)\n$/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('says where the data should be when it is not there, in one line', async () => {
    const { code, err } = await run(['--from', '2025-01-01', '--to', '2025-12-31'], { DATA_DIR: path.join(dir, 'nowhere') });
    expect(code).toBe(1);
    expect(err).toMatch(/^report: data directory not found: .*nowhere \(set DATA_DIR\)\n$/);
  });

  it('prints its usage when asked', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: npm run report -- \[--from YYYY-MM-DD --to YYYY-MM-DD\]/);
  });
});
