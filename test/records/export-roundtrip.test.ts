// npm run export over a real store of invented records: the CSV and JSON lines read back equal what is
// stored, and contact details leave only when asked for, with an entry in the audit log first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { csvToRows } from '../../src/records/export.js';
import { importRecords, openLowdbStore } from '../../src/records/lowdb-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { generateRecords } from '../fixtures/generate-records.js';

const CLI = path.resolve('dist/src/cli/export.js');
let dataDir: string;
let stored: OutcomeRecord[];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli/export.js is missing: run `npm run build` first (npm test does)');
  dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'export-roundtrip-')), 'data');
  const store = await openLowdbStore(dataDir);
  await importRecords(store, generateRecords({ count: 300, seed: 17 }));
  stored = [];
  for await (const r of store.records.all()) stored.push(r);
  await store.close();
  stored.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
});
afterAll(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

function exportCli(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 1 << 28,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

async function auditLines(): Promise<Record<string, string>[]> {
  const dir = path.join(dataDir, 'audit');
  if (!existsSync(dir)) return [];
  const lines: Record<string, string>[] = [];
  for (const f of await readdir(dir)) {
    for (const l of (await readFile(path.join(dir, f), 'utf8')).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, string>);
  }
  return lines;
}

const cell = (v: string | number | boolean | undefined) => (v === undefined ? '' : String(v));

describe('export of a real store', () => {
  it('writes CSV that parses back to the stored records, one row per record and outcome', () => {
    const rows = csvToRows(exportCli('--format', 'csv'));
    const expected = stored.flatMap((r) =>
      r.outcomes.map((o) => ({
        record_id: r.id,
        schema_version: cell(r.schemaVersion),
        script_id: r.script.id,
        script_version: cell(r.script.version),
        locale: r.script.locale,
        mode: r.mode,
        answered_by: r.answeredBy,
        answered_for: r.answeredFor?.relationship ?? '',
        channel: r.channel,
        subject_ref: r.subjectRef,
        created_at: r.createdAt,
        confirmed_at: r.confirmedAt,
        sharing: r.sharing,
        safeguarding_flagged: cell(r.safeguardingFlag.flagged),
        follow_up_status: r.followUp.status,
        what_matters: cell(r.whatMatters),
        outcome_id: o.id,
        outcome_label: o.label,
        outcome_group: o.group,
        status: o.status,
        rating_value: cell(o.rating?.value),
        rating_label: cell(o.rating?.label),
        rating_max: cell(o.rating?.max),
        own_words: cell(o.ownWords),
        what_would_help: cell(o.whatWouldHelp),
        priority: cell(o.priority),
        previous_record_id: cell(r.previousRecordId),
      })),
    );
    expect(rows).toEqual(expected);
    expect(rows.length).toBe(stored.reduce((n, r) => n + r.outcomes.length, 0));
  });

  it('writes JSON lines that parse back to the stored records, without contact details', async () => {
    const parsed = exportCli('--format', 'json')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toEqual(stored.map(({ contact: _contact, ...rest }) => JSON.parse(JSON.stringify(rest))));
    expect(await auditLines()).toEqual([]);
  });

  it('adds contact details only when asked, and writes an audit entry for it', async () => {
    const withContact = stored.filter((r) => r.contact.method !== 'none');
    expect(withContact.length).toBeGreaterThan(5);
    const plain = exportCli('--format', 'csv');
    for (const r of withContact) expect(plain).not.toContain(r.contact.detail);

    const rows = csvToRows(exportCli('--format', 'csv', '--include-contact'));
    const byRecord = new Map(rows.map((row) => [row.record_id, row]));
    for (const r of stored) {
      expect(byRecord.get(r.id)?.contact_method).toBe(r.contact.method);
      expect(byRecord.get(r.id)?.contact_detail).toBe(cell(r.contact.detail));
    }
    const audit = await auditLines();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'export', record: '*', detail: `with contact details: ${stored.length} records as csv` });
    expect(audit[0].who).toMatch(/^cli:/);
  });
});
