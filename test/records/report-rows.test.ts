// The report rows the embedded store keeps beside each segment: the report they give is the report
// every record gives, they follow every add, update and erasure, and a stale or broken one is never used.
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/cards/files.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import { encryptedStore } from '../../src/records/encrypted-store.js';
import { newKeySpec, parseKeyring } from '../../src/records/keyring.js';
import { importRecords, openFileStore } from '../../src/records/file-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import type { Store } from '../../src/records/store.js';
import { buildReport, reportSource, type ReportOptions } from '../../src/report/build-report.js';
import { placeInQueue, queueEntries } from '../../src/practitioner/queue.js';
import type { RecordStore } from '../../src/records/store.js';
import { generateRecords } from '../fixtures/generate-records.js';
import { PRACTITIONERS } from '../fixtures/record-phrases.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';

// Small segments, so 700 records make sealed segments in many shards.
const SEGMENT = 2;
const scripts = loadScripts(path.join(projectRoot(), 'dialogs'), ['carer', 'adult', 'care-home']);
const options: ReportOptions = { from: '2025-01-01', to: '2025-12-31', scripts, threshold: 1, now: new Date('2026-01-05T09:00:00Z') };
const records = generateRecords({ count: 700, seed: 5, from: '2024-10-01', to: '2025-12-31' });
const WORDS = 'Only the purple kettle keeps me going on a Tuesday.';

async function allRecords(store: Store): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of store.records.all()) out.push(r);
  return out;
}

async function filesIn(dir: string): Promise<string[]> {
  // Dot files are writes in flight.
  return (await readdir(path.join(dir, 'records'))).filter((f) => !f.startsWith('.')).sort();
}

async function anyFileSays(dir: string, text: string): Promise<string[]> {
  const said: string[] = [];
  for (const name of await filesIn(dir)) if ((await readFile(path.join(dir, 'records', name), 'utf8')).includes(text)) said.push(name);
  return said;
}

/** A shared, unflagged record whose words are quotable, with a phrase no generated record has. */
function quotableRecord(): OutcomeRecord {
  return makeRecord({
    subjectRef: 'subject-invented-0042',
    sharing: 'shared',
    confirmedAt: '2025-06-02T10:12:00.000Z',
    outcomes: [makeOutcome({ id: 'own-health', ownWords: WORDS })],
  });
}

describe('report rows beside the record segments', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outcomes-rows-'));
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('give the same report as reading every record, one by one or imported, and after a restart', async () => {
    await importRecords(store, records.slice(0, 500));
    for (const record of records.slice(500)) await store.records.add(record);
    const expected = await buildReport(records, options);
    expect(expected.conversations).toEqual({ n: records.filter((r) => r.confirmedAt >= '2025-01-01').length });
    expect(await buildReport(reportSource(store.records), options)).toEqual(expected);

    await store.close();
    const segments = (await filesIn(dir)).filter((f) => /^[0-9a-f]{2}(\.\d+)?\.json$/.test(f));
    const rows = (await filesIn(dir)).filter((f) => f.endsWith('.rows.json'));
    expect(rows).toEqual(segments.map((f) => f.replace(/\.json$/, '.rows.json')).sort());

    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    expect(await buildReport(reportSource(store.records), options)).toEqual(expected);
  });

  it('give the same report counted on worker threads, each a part of the shards', async () => {
    await importRecords(store, records);
    await store.records.add(quotableRecord());
    const inThisThread = await buildReport(reportSource(store.records), options);
    expect(JSON.stringify(inThisThread)).toContain(WORDS);
    expect(await buildReport(reportSource(store.records, { dataDir: dir, threads: 2 }), options)).toEqual(inThisThread);
    expect(await buildReport(reportSource(store.records, { dataDir: dir, threads: 3 }), options)).toEqual(inThisThread);
  });

  it("place the same records at the head of a practitioner's queue as whole records do", async () => {
    await importRecords(store, records);
    // A held-back flag (kept private, not passed on) must stay out of every list.
    const heldBack = makeRecord({
      subjectRef: 'subject-invented-0077',
      sharing: 'private',
      confirmedAt: '2099-01-01T10:00:00.000Z',
      safeguardingFlag: { flagged: true, categories: ['harm'], passedOn: false },
    });
    await store.records.add(heldBack);
    const wholeRecords = { all: () => store.records.all() } as RecordStore;
    for (const me of [
      { key: PRACTITIONERS[1], practitioner: { name: 'Birch', userPrincipalName: 'birch@example.invalid', team: 'default', role: 'manager' as const } },
      { key: 'nobody-yet', practitioner: { name: 'New', userPrincipalName: 'new@example.invalid', team: 'adults', role: 'practitioner' as const } },
    ]) {
      const scriptTeams = { adult: 'adults', carer: 'carers' };
      const fromRows = await placeInQueue(queueEntries(store.records), me, scriptTeams);
      expect(fromRows).toEqual(await placeInQueue(queueEntries(wholeRecords), me, scriptTeams));
      expect(fromRows.waiting).not.toContain(heldBack.id);
      expect(fromRows.waitingTotal + fromRows.mineTotal).toBeGreaterThan(0);
    }
  });

  it('follow an update: a record marked done is counted as done', async () => {
    await importRecords(store, records);
    const shared = records.find((r) => r.sharing === 'shared' && r.followUp.status === 'new' && r.confirmedAt >= '2025-01-01')!;
    await store.records.update(shared.id, (r) => ({ ...r, followUp: { ...r.followUp, status: 'done' } }));
    const before = await buildReport(records, options);
    const after = await buildReport(reportSource(store.records), options);
    expect(after).toEqual(await buildReport(await allRecords(store), options));
    expect(after.safety.followUp).not.toEqual(before.safety.followUp);
  });

  it("lose a forgotten record's words from every file, and from the report", async () => {
    await importRecords(store, records.slice(0, 300));
    const mine = quotableRecord();
    await store.records.add(mine);
    await importRecords(store, records.slice(300));
    expect(JSON.stringify(await buildReport(reportSource(store.records), options))).toContain(WORDS);
    expect((await anyFileSays(dir, WORDS)).some((f) => f.endsWith('.rows.json'))).toBe(true);

    await store.records.delete(mine.id);
    await store.close();
    expect(await anyFileSays(dir, WORDS)).toEqual([]);
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    expect(JSON.stringify(await buildReport(reportSource(store.records), options))).not.toContain(WORDS);
  });

  it('are made again when they no longer match their segment, or are broken', async () => {
    await importRecords(store, records);
    await store.close();
    const rows = (await filesIn(dir)).filter((f) => /^[0-9a-f]{2}\.\d+\.rows\.json$/.test(f));
    // Another segment's rows in place of one, a broken file, an empty one, and one missing.
    await copyFile(path.join(dir, 'records', rows[0]), path.join(dir, 'records', rows[1]));
    await writeFile(path.join(dir, 'records', rows[2]), '{"v":1,"source":"not a file","rows":[');
    await writeFile(path.join(dir, 'records', rows[3]), '');
    await rm(path.join(dir, 'records', rows[4]));
    // The open segment changed behind the store's back (as by another process): its rows are stale.
    const open = (await filesIn(dir)).find((f) => /^[0-9a-f]{2}\.json$/.test(f))!;
    const segment = JSON.parse(await readFile(path.join(dir, 'records', open), 'utf8')) as { records: OutcomeRecord[] };
    segment.records[0] = { ...segment.records[0], sharing: segment.records[0].sharing === 'shared' ? 'private' : 'shared' };
    await writeFile(path.join(dir, 'records', open), JSON.stringify(segment));

    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    const truth = await allRecords(store);
    expect(await buildReport(reportSource(store.records), options)).toEqual(await buildReport(truth, options));
    await store.close();
    const again = (await filesIn(dir)).filter((f) => f.endsWith('.rows.json'));
    expect(again).toContain(rows[4]);
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    expect(await buildReport(reportSource(store.records), options)).toEqual(await buildReport(truth, options));
  });

  it('are sealed whole when the store has the keys, and give the same report as the records', async () => {
    await store.close();
    const keys = newKeySpec('k1');
    const keyring = parseKeyring(keys);
    store = await openFileStore(dir, { segmentRecords: SEGMENT, keyring });
    const sealed = encryptedStore(store, keyring);
    const mine = quotableRecord();
    for (const record of [...records.slice(0, 60), mine]) await sealed.records.add(record);
    const expected = await buildReport([...records.slice(0, 60), mine], options);
    expect(JSON.stringify(expected)).toContain(WORDS);
    expect(await buildReport(reportSource(sealed.records), options)).toEqual(expected);
    expect(await buildReport(reportSource(sealed.records, { dataDir: dir, dataKeys: keys, threads: 2 }), options)).toEqual(expected);
    await store.close();
    const rows = (await filesIn(dir)).filter((f) => f.endsWith('.rows.json'));
    expect(rows.length).toBeGreaterThan(0);
    for (const f of rows) expect((await readFile(path.join(dir, 'records', f), 'utf8')).startsWith('enc:v1:k1:')).toBe(true);
    expect(await anyFileSays(dir, WORDS)).toEqual([]);

    // Opened without the keys (a tool run without DATA_KEYS), the sealed rows are made again from the
    // records, their words still sealed: nothing is written in the clear.
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
    expect(await buildReport(reportSource(encryptedStore(store, keyring).records), options)).toEqual(expected);
    await store.close();
    expect(await anyFileSays(dir, WORDS)).toEqual([]);
    store = await openFileStore(dir, { segmentRecords: SEGMENT });
  });

  it('hold only ciphertext when the store is encrypted, and the report still reads the words', async () => {
    const keys = newKeySpec('k1');
    const keyring = parseKeyring(keys);
    const sealed = encryptedStore(store, keyring);
    await importRecords(sealed, records.slice(0, 40));
    const mine = quotableRecord();
    await sealed.records.add(mine);
    const report = await buildReport(reportSource(sealed.records), options);
    expect(JSON.stringify(report)).toContain(WORDS);
    expect(report).toEqual(await buildReport([...records.slice(0, 40), mine], options));
    expect(await buildReport(reportSource(sealed.records, { dataDir: dir, dataKeys: keys, threads: 2 }), options)).toEqual(report);
    await store.close();
    expect((await filesIn(dir)).some((f) => f.endsWith('.rows.json'))).toBe(true);
    expect(await anyFileSays(dir, WORDS)).toEqual([]);
    expect(await anyFileSays(dir, 'kettle')).toEqual([]);
  });
});
