// npm run export over a real store of invented records: the CSV and JSON lines read back equal what is
// stored, and contact details leave only when asked for, with an entry in the audit log first.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { csvToRows } from '../../src/records/export.js';
import { exportSubjectKey, type ExportSubjectKey } from '../../src/records/export-subject-key.js';
import { importRecords, openFileStore } from '../../src/records/file-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { generateRecords } from '../fixtures/generate-records.js';

const CLI = path.resolve('dist/src/cli/export.js');
let dataDir: string;
let stored: OutcomeRecord[];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli/export.js is missing: run `npm run build` first (npm test does)');
  dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'export-roundtrip-')), 'data');
  const store = await openFileStore(dataDir);
  await importRecords(store, generateRecords({ count: 300, seed: 17 }));
  stored = [];
  for await (const r of store.records.all()) stored.push(r);
  await store.close();
  stored.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
});
afterAll(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, NODE_ENV: 'test', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 1 << 28,
  });
}

function exportCli(...args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The key local mode made in DATA_DIR on the first export. */
let localKey: ExportSubjectKey | undefined;
async function keyRef(storedSubjectRef: string): Promise<string> {
  localKey ??= exportSubjectKey((await readFile(path.join(dataDir, 'keys', 'export-subject.key'), 'utf8')).trim());
  return localKey.refFor(storedSubjectRef);
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
  it('writes CSV that parses back to the stored records, one row per record and outcome', async () => {
    const rows = csvToRows(exportCli('--format', 'csv'));
    const refs = new Map<string, string>();
    for (const r of stored) refs.set(r.subjectRef, await keyRef(r.subjectRef));
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
        subject_ref: refs.get(r.subjectRef),
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
    const expected: unknown[] = [];
    for (const r of stored) {
      const exported: Partial<OutcomeRecord> = { ...r, subjectRef: await keyRef(r.subjectRef) };
      delete exported.contact;
      expected.push(JSON.parse(JSON.stringify(exported)));
    }
    expect(parsed).toEqual(expected);
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

// Finding 8 of issue 14: subject_ref was a plain SHA-256 of the code, so anyone holding an export could try codes.
describe('subject_ref keyed with a server secret', () => {
  const refsOf = (csv: string) => new Map(csvToRows(csv).map((row) => [row.record_id, row.subject_ref]));
  const key1 = 'invented-export-subject-key-for-tests-0001';
  const key2 = 'another-invented-export-subject-key-0002';

  it('is never the hash of the code or the stored hash, and two exports agree', async () => {
    const first = refsOf(exportCli('--format', 'csv'));
    const second = refsOf(exportCli('--format', 'csv'));
    expect(second).toEqual(first);
    for (const r of stored) {
      expect(first.get(r.id)).toMatch(/^[0-9a-f]{64}$/);
      expect(first.get(r.id)).not.toBe(r.subjectRef);
      expect(first.get(r.id)).toBe(await keyRef(r.subjectRef));
    }
    // Local mode kept its key in the data directory, readable by the owner only.
    expect(statSync(path.join(dataDir, 'keys', 'export-subject.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('follows EXPORT_SUBJECT_KEY: the same key gives the same refs, another key others, and the map joins them', () => {
    const csv = (key: string) => {
      const r = runCli(['--format', 'csv'], { EXPORT_SUBJECT_KEY: key });
      expect(r.status).toBe(0);
      return refsOf(r.stdout);
    };
    const a = csv(key1);
    expect(csv(key1)).toEqual(a);
    const b = csv(key2);
    const local = refsOf(exportCli('--format', 'csv'));
    for (const r of stored) {
      expect(b.get(r.id)).not.toBe(a.get(r.id));
      expect(local.get(r.id)).not.toBe(a.get(r.id));
    }

    const map = runCli(['--subject-ref-map'], { EXPORT_SUBJECT_KEY: key2, PREVIOUS_EXPORT_SUBJECT_KEY: key1 });
    expect(map.stderr).toBe('');
    expect(map.status).toBe(0);
    const oldToNew = new Map(csvToRows(map.stdout).map((row) => [row.previous_subject_ref, row.subject_ref]));
    expect(oldToNew.size).toBe(new Set(stored.map((r) => r.subjectRef)).size);
    for (const r of stored) expect(oldToNew.get(a.get(r.id)!)).toBe(b.get(r.id));

    const noPrevious = runCli(['--subject-ref-map'], { EXPORT_SUBJECT_KEY: key2 });
    expect(noPrevious.status).toBe(1);
    expect(noPrevious.stderr).toMatch(/^export: --subject-ref-map needs PREVIOUS_EXPORT_SUBJECT_KEY/);
  });

  it('in production without EXPORT_SUBJECT_KEY, exports nothing and says why in one plain line', () => {
    const r = runCli(['--format', 'csv'], { NODE_ENV: 'production', DATA_KEYS: '' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^export: setting EXPORT_SUBJECT_KEY: must be set when NODE_ENV is production/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('makes a new key on request, without touching the data', () => {
    const r = runCli(['--new-subject-key'], { DATA_DIR: '/nonexistent-dir-for-test' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^EXPORT_SUBJECT_KEY=[A-Za-z0-9_-]{43}\n$/);
  });
});
