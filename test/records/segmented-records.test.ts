// The record layout that keeps a confirm's write bounded: open segment, sealed segments, shard index.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { subjectHash } from '../../src/records/segmented-records.js';
import { importRecords, openFileStore } from '../../src/records/file-store.js';
import { newRecordId } from '../../src/records/record-id.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import type { Store } from '../../src/records/store.js';
import { makeRecord } from '../fixtures/records.js';

const SEGMENT = 4;

async function collect(it: AsyncIterable<OutcomeRecord>): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const ids = (records: OutcomeRecord[]) => records.map((r) => r.id).sort();

/** n records of one person, oldest first, all in one shard. */
function personRecords(subjectRef: string, n: number): OutcomeRecord[] {
  return Array.from({ length: n }, (_, i) => makeRecord({ subjectRef, createdAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString() }));
}

/** The shard's segments and index (its report rows files are checked in report-rows.test.ts). */
async function shardFiles(dir: string, shard: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'records'))).filter((f) => f.startsWith(`${shard}.`) && !f.endsWith('.rows.json') && !f.endsWith('.tmp')).sort();
}

async function recordsIn(dir: string, file: string): Promise<number> {
  return (JSON.parse(await readFile(path.join(dir, 'records', file), 'utf8')) as { records: unknown[] }).records.length;
}

describe('lowdb record segments', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outcomes-segments-'));
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('seals the open segment when it is full, so an add rewrites at most one segment', async () => {
    const records = personRecords('subj-a', 10);
    for (const r of records) await store.records.add(r);
    const shard = records[0].id.slice(0, 2);
    expect(await shardFiles(dir, shard)).toEqual([`${shard}.1.json`, `${shard}.2.json`, `${shard}.index.json`, `${shard}.json`]);
    expect(await recordsIn(dir, `${shard}.1.json`)).toBe(4);
    expect(await recordsIn(dir, `${shard}.2.json`)).toBe(4);
    expect(await recordsIn(dir, `${shard}.json`)).toBe(2);
    const index = JSON.parse(await readFile(path.join(dir, 'records', `${shard}.index.json`), 'utf8')) as { segments: Record<string, string[][]> };
    expect(Object.keys(index.segments)).toEqual(['1', '2']);
    expect(index.segments['1'].map((e) => e[0])).toEqual(records.slice(0, 4).map((r) => r.id));
  });

  it('finds, updates, deletes and lists records in sealed and open segments, also after reopening', async () => {
    const a = personRecords('subj-a', 9);
    const b = personRecords('subj-b', 3);
    for (const r of [...a, ...b]) await store.records.add(r);
    // Adding a sealed record again changes nothing.
    await store.records.add(a[1]);

    for (const reopen of [false, true]) {
      if (reopen) {
        await store.close();
        store = await openFileStore(dir, { segmentRecords: SEGMENT });
      }
      expect(await store.records.get(a[0].id)).toEqual(a[0]);
      expect(await store.records.get(a[8].id)).toEqual(a[8]);
      expect((await store.records.bySubject('subj-a')).map((r) => r.id)).toEqual(a.map((r) => r.id));
      expect(ids(await collect(store.records.all()))).toEqual(ids([...a, ...b]));
    }

    const updated = await store.records.update(a[2].id, (r) => ({ ...r, followUp: { ...r.followUp, status: 'claimed' } }));
    expect(updated?.followUp.status).toBe('claimed');
    expect((await store.records.get(a[2].id))?.followUp.status).toBe('claimed');

    expect(await store.records.delete(a[1].id)).toBe(true);
    expect(await store.records.delete(a[1].id)).toBe(false);
    expect(await store.records.get(a[1].id)).toBeUndefined();
    await store.close();
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    expect(await store.records.get(a[1].id)).toBeUndefined();
    expect(ids(await collect(store.records.all()))).toEqual(ids([...a, ...b].filter((r) => r.id !== a[1].id)));
    expect((await store.records.bySubject('subj-a')).map((r) => r.id)).toEqual(a.filter((r) => r.id !== a[1].id).map((r) => r.id));
  });

  it('imports many records in one pass, skipping ids already stored', async () => {
    const records = Array.from({ length: 200 }, (_, i) => makeRecord({ subjectRef: `s-${i % 37}` }));
    await store.records.add(records[0]);
    await importRecords(store, records);
    await importRecords(store, records.slice(0, 50));
    const all = await collect(store.records.all());
    expect(ids(all)).toEqual(ids(records));
    for (const file of await readdir(path.join(dir, 'records'))) {
      // (Dot files are writes in flight: the report rows follow a record's write.)
      if (!file.startsWith('.') && !file.endsWith('.index.json') && !file.endsWith('.rows.json'))
        expect(await recordsIn(dir, file)).toBeLessThanOrEqual(SEGMENT);
    }
    expect((await store.records.bySubject('s-5')).length).toBe(records.filter((r) => r.subjectRef === 's-5').length);
  });

  it('takes an old single-file shard as it is, and seals it on the next add', async () => {
    const old = personRecords('subj-old', 7);
    const shard = old[0].id.slice(0, 2);
    await store.close();
    await writeFile(path.join(dir, 'records', `${shard}.json`), JSON.stringify({ records: old }));
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    expect(await store.records.get(old[6].id)).toEqual(old[6]);
    const next = makeRecord({ subjectRef: 'subj-old', createdAt: '2026-01-01T00:00:00.000Z' });
    await store.records.add(next);
    expect(await shardFiles(dir, shard)).toEqual([`${shard}.1.json`, `${shard}.index.json`, `${shard}.json`]);
    expect(await recordsIn(dir, `${shard}.1.json`)).toBe(7);
    expect(await recordsIn(dir, `${shard}.json`)).toBe(1);
    expect((await store.records.bySubject('subj-old')).map((r) => r.id)).toEqual([...old, next].map((r) => r.id));
  });

  it('repairs a seal cut short after the sealed file was written (an orphan)', async () => {
    const records = personRecords('subj-a', 4);
    for (const r of records) await store.records.add(r);
    const shard = records[0].id.slice(0, 2);
    await store.close();
    // As if a seal had written segment 1 and stopped before the index.
    await writeFile(path.join(dir, 'records', `${shard}.1.json`), JSON.stringify({ records }));
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    expect(ids(await collect(store.records.all()))).toEqual(ids(records));
    expect(await shardFiles(dir, shard)).toEqual([`${shard}.json`]);
  });

  it('repairs a seal cut short after the index was written (records in both places)', async () => {
    const records = personRecords('subj-a', 4);
    for (const r of records) await store.records.add(r);
    const shard = records[0].id.slice(0, 2);
    await store.close();
    // As if a seal had written segment 1 and the index, and stopped before rewriting the open segment.
    await writeFile(path.join(dir, 'records', `${shard}.1.json`), JSON.stringify({ records }));
    await writeFile(
      path.join(dir, 'records', `${shard}.index.json`),
      JSON.stringify({ v: 1, segments: { 1: records.map((r) => [r.id, subjectHash(r.subjectRef)]) } }),
    );
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    const all = await collect(store.records.all());
    expect(all.length).toBe(4);
    expect(ids(all)).toEqual(ids(records));
    expect(await recordsIn(dir, `${shard}.json`)).toBe(0);
  });

  it('appends to the open segment as compact JSON, and reads it again when it changed behind the store', async () => {
    const [r1, r2, r3] = personRecords('subj-a', 3);
    await store.records.add(r1);
    const file = path.join(dir, 'records', `${r1.id.slice(0, 2)}.json`);
    // Another process (an import, an operator) rewrites the open segment.
    await writeFile(file, JSON.stringify({ records: [r1, r2] }, null, 2));
    await store.records.add(r3);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('\n');
    expect((JSON.parse(text) as { records: OutcomeRecord[] }).records.map((r) => r.id)).toEqual([r1.id, r2.id, r3.id]);
    expect(await store.records.get(r2.id)).toEqual(r2);
    expect(ids(await collect(store.records.all()))).toEqual(ids([r1, r2, r3]));
  });

  it("finds records by the start of their id (a practitioner's short reference), in sealed and open segments", async () => {
    const records = [...personRecords('subj-a', 7), ...personRecords('subj-b', 3)];
    await importRecords(store, records);
    const compact = (id: string) => id.replace(/-/g, '');
    for (const r of [records[0], records[6], records[8]]) {
      expect(await store.records.withIdPrefix!(compact(r.id).slice(0, 8))).toEqual([r]);
    }
    const shard = records[0].id.slice(0, 2);
    expect(ids(await store.records.withIdPrefix!(shard))).toEqual(ids(records.filter((r) => r.id.startsWith(shard))));
    expect(await store.records.withIdPrefix!('zz12')).toEqual([]);
  });

  it('a broken index gives an error naming the file', async () => {
    const records = personRecords('subj-a', 5);
    for (const r of records) await store.records.add(r);
    const shard = records[0].id.slice(0, 2);
    await store.close();
    const file = path.join(dir, 'records', `${shard}.index.json`);
    await writeFile(file, '{"v": 1, "segments": 3}');
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    await expect(store.records.get(records[0].id)).rejects.toThrow(file);
    expect(await store.records.get(newRecordId('someone-else-entirely'))).toBeUndefined();
  });
});
