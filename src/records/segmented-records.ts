// Completed records in segment files of bounded size, so confirming a conversation writes the same
// small amount of data on day 1,000 as on day 1, and nothing holds every record in memory.
//
//   DATA/records/<sh>.json         the shard's open segment: { records: [...] }, the newest records,
//                                  at most `segmentRecords` of them; every add rewrites only this file
//   DATA/records/<sh>.<n>.json     sealed segments 1, 2, ...: { records: [...] }, written when the open
//                                  segment is full, rewritten only to update or delete one of their records
//   DATA/records/<sh>.index.json   { v: 1, segments: { "<n>": [[id, subject hash], ...] } }: which
//                                  record is in which sealed segment; rewritten on a seal or a delete
//   DATA/records/<sh>[.<n>].rows.json  the segment's report rows (report-rows.ts), with the identity of
//                                  the segment they were made from; trusted only while it still matches
//
// <sh> is the first two hex chars of the record id (from the subject, see record-id.ts), so one
// person's records share a shard. In memory: only a per-shard map id -> segment and subject hash
// (about 140 bytes a record), read on the shard's first use from its index and open segment. Records
// are read from their segment when asked for and never cached. An add has the writer thread splice the
// record's JSON into the open segment's text, if the file is still the one the shard last checked or
// wrote (its identity), so a confirm costs the same however full the segment is and the segment never
// passes through the event loop. Each file is written atomically (temp file + rename); a seal writes
// the new sealed segment, then the index, then the open segment, and loading a shard repairs a seal
// that was cut short at any point (see #repair).
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { appendAtomic, identity, isStale, writeAtomic } from './atomic-file.js';
import { OutcomeRecord } from './record.js';
import { parseJson, readText, readTextSync } from './json-text.js';
import { R, ROWS_FILE_START, ReportBatchBuilder, readReportBatchText, type ReportBatch } from './report-rows.js';
import { byAge } from './record-order.js';
import { sha256Hex } from './record-id.js';
import type { RecordStore, StorePart } from './store.js';
import { mapReportText } from './encrypted-store.js';
import { isEncrypted, type Keyring } from './keyring.js';

/** The field name a sealed rows file is bound to (AES-GCM additional data), so it cannot pass for another value. */
const ROWS_FIELD = 'report-rows';

/** Runs fn in the promise chain of one key; the store owns one chain per shard. */
export interface Queue {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export const DEFAULT_SEGMENT_RECORDS = 64;

const RECORD_ID = /^([0-9a-f]{2})-/;
const SHARD_NAME = /^([0-9a-f]{2})(?:\.index)?\.json$/;
interface IndexFile {
  v: 1;
  segments: Record<string, [string, number][]>;
}

/**
 * The shard index's content, checked, or the first thing wrong with it. By hand, not with zod: at
 * 100,000 records zod's check of every [id, subject hash] pair took about 100 ms of each report.
 */
function checkIndex(raw: unknown): IndexFile | string {
  if (typeof raw !== 'object' || raw === null) return 'expected an object';
  const { v, segments } = raw as Record<string, unknown>;
  if (v !== 1) return 'v must be 1';
  if (typeof segments !== 'object' || segments === null || Array.isArray(segments)) return 'segments must be an object';
  for (const [n, list] of Object.entries(segments)) {
    if (!/^[1-9]\d*$/.test(n)) return `segment "${n}" is not a segment number`;
    if (!Array.isArray(list)) return `segment ${n} must list [id, subject hash] pairs`;
    for (const pair of list as unknown[]) {
      const [id, hash] = Array.isArray(pair) ? (pair as unknown[]) : [];
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof id !== 'string' ||
        !Number.isInteger(hash) ||
        (hash as number) < 0 ||
        (hash as number) > 0xffffffff
      ) {
        return `segment ${n} has an entry that is not [id, subject hash]`;
      }
    }
  }
  return raw as IndexFile;
}

/** Segment number and subject hash in one number (seg * 2^32 + hash): a Map of these costs no object per record. */
type Entry = number;
const SPLIT = 2 ** 32;
const entry = (seg: number, subject: number): Entry => seg * SPLIT + subject;
const segOf = (e: Entry): number => Math.floor(e / SPLIT);
const subjectOf = (e: Entry): number => e % SPLIT;

interface Shard {
  ids: Map<string, Entry>;
  /** Sealed segment numbers, ascending. */
  sealed: number[];
  /** The open segment as this store last checked or wrote it: its identity (null: no file) and size. */
  open: { identity: string | null; count: number };
  /** The open segment's report rows, written again beside it on every add. */
  openRows: ReportBatchBuilder;
}

const EMPTY_SEGMENT = '{"records":[]}';

/** The shard a record id belongs to, or undefined when the id is not of the form made by newRecordId. */
function shardOfId(id: string): string | undefined {
  return RECORD_ID.exec(id)?.[1];
}

/** FNV-1a, 32 bits: tells one person's records from others' in a shard (a clash only means one more segment read). */
export function subjectHash(subjectRef: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < subjectRef.length; i++) h = Math.imul(h ^ subjectRef.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Validates a segment's content; any problem is an error naming the file (and the record's index). */
function parseSegment(file: string, shard: string, raw: unknown): OutcomeRecord[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { records?: unknown }).records)) {
    throw new Error(`${file}: expected an object { "records": [...] }`);
  }
  return (raw as { records: unknown[] }).records.map((item, index) => {
    const parsed = OutcomeRecord.safeParse(item);
    if (!parsed.success) {
      throw new Error(`${file}: record ${index} is not a valid OutcomeRecord:\n${z.prettifyError(parsed.error)}`);
    }
    if (shardOfId(parsed.data.id) !== shard) {
      throw new Error(`${file}: record ${index} has an id that does not belong in shard ${shard}`);
    }
    return parsed.data;
  });
}

/** The records whose ids the shard does not hold yet, each once. */
function unseen(state: Shard, incoming: OutcomeRecord[]): OutcomeRecord[] {
  const seen = new Set<string>();
  return incoming.filter((r) => {
    if (state.ids.has(r.id) || seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

function segmentText(records: OutcomeRecord[]): string {
  return JSON.stringify({ records });
}

/** A segment's text with records added at the end: spliced into compact text, else parsed and written again. */
function appendText(text: string, count: number, records: OutcomeRecord[]): string {
  if (records.length === 0) return text;
  const added = records.map((r) => JSON.stringify(r)).join(',');
  if (text.endsWith(']}')) return `${text.slice(0, -2)}${count > 0 ? ',' : ''}${added}]}`;
  return segmentText([...(JSON.parse(text) as { records: OutcomeRecord[] }).records, ...records]);
}

export class SegmentedRecordStore implements RecordStore {
  /** Loaded shard maps: at most 256, each about 100 bytes per record it holds. Never the records. */
  readonly #shards = new Map<string, Shard>();
  readonly #pendingRows = new Set<Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly queue: Queue,
    private readonly assertOpen: () => void,
    private readonly segmentRecords = DEFAULT_SEGMENT_RECORDS,
    /**
     * The keys free text is encrypted with, when it is (the records then hold ciphertext, sealed by
     * encrypted-store.ts). The report rows then hold the words opened, and each rows file is sealed
     * whole under the same keys: one decryption per file of 64 records instead of one per answer
     * (about 10 s of a report at 100,000 records, against a tenth of a second).
     */
    private readonly keyring?: Keyring,
  ) {
    if (!(segmentRecords >= 1)) throw new Error('segmentRecords must be at least 1');
  }

  #file(shard: string, seg: number): string {
    return path.join(this.dir, seg === 0 ? `${shard}.json` : `${shard}.${seg}.json`);
  }

  #rowsFile(shard: string, seg: number): string {
    return path.join(this.dir, seg === 0 ? `${shard}.rows.json` : `${shard}.${seg}.rows.json`);
  }

  /** The segment's report rows as last written, if they were made from the segment as it is now. */
  #freshRows(shard: string, seg: number, source: string): { batch: ReportBatch; rowsText: string } | undefined {
    let bytes: Buffer;
    try {
      // Synchronous, and decoded as latin1 after an ASCII check (the file is written as ASCII): about
      // ten times quicker than an async UTF-8 read of the same ~50 KB (over 1,900 files: 40 ms against 500).
      bytes = readFileSync(this.#rowsFile(shard, seg));
    } catch {
      return undefined;
    }
    if (!isAscii(bytes)) return undefined;
    let text = bytes.toString('latin1');
    if (isEncrypted(text)) {
      // Sealed whole (see the constructor). Without the key, or with one no longer in DATA_KEYS, it is made again.
      if (!this.keyring) return undefined;
      try {
        text = this.keyring.decrypt(text, ROWS_FIELD);
      } catch {
        return undefined;
      }
    }
    if (!text.startsWith(`${ROWS_FILE_START}${JSON.stringify(source)},`)) return undefined;
    return readReportBatchText(text);
  }

  /** Writes a segment's report rows beside it. Awaited where it must land before the caller goes on (an erasure). */
  #writeRows(shard: string, seg: number, source: string, rows: ReportBatchBuilder): Promise<void> {
    const text = rows.text(source);
    const write = writeAtomic(this.#rowsFile(shard, seg), this.keyring ? this.keyring.encrypt(text, ROWS_FIELD) : text, 'records').then(
      () => undefined,
      // Only a cache: a row file that could not be written is made again from the segment when read.
      () => rm(this.#rowsFile(shard, seg), { force: true }).catch(() => undefined),
    );
    this.#pendingRows.add(write);
    void write.finally(() => this.#pendingRows.delete(write));
    return write;
  }

  /** Resolves once every report-row write started so far has landed (close waits for this). */
  async settle(): Promise<void> {
    while (this.#pendingRows.size > 0) await Promise.all([...this.#pendingRows]);
  }

  /** Report rows of records as stored: with the words opened when the store is encrypted (the file is then sealed whole). */
  #rowsOf(records: Iterable<OutcomeRecord>): ReportBatchBuilder {
    const builder = new ReportBatchBuilder();
    for (const record of records) this.#addRow(builder, record);
    return builder;
  }

  #addRow(builder: ReportBatchBuilder, record: OutcomeRecord): void {
    const keyring = this.keyring;
    builder.add(keyring ? mapReportText(record, (value, field) => keyring.decrypt(value, field)) : record);
  }

  #indexFile(shard: string): string {
    return path.join(this.dir, `${shard}.index.json`);
  }

  /** Runs fn in the shard's chain. */
  #inShard<T>(shard: string, fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.queue.run(path.join(this.dir, shard), fn);
  }

  async #readSegment(shard: string, seg: number): Promise<OutcomeRecord[]> {
    const file = this.#file(shard, seg);
    const text = await readText(file);
    if (text === undefined && seg !== 0) throw new Error(`${file}: missing (the shard index lists it)`);
    return parseSegment(file, shard, text === undefined ? undefined : parseJson(file, text));
  }

  /** Writes a segment; the open segment's new identity and size are remembered. */
  async #writeSegment(shard: string, seg: number, records: OutcomeRecord[] | string, state?: Shard, count?: number): Promise<string> {
    const written = await writeAtomic(this.#file(shard, seg), typeof records === 'string' ? records : segmentText(records), 'records');
    if (seg === 0 && state) state.open = { identity: written, count: count ?? (records as OutcomeRecord[]).length };
    return written;
  }

  /** Rewrites a whole segment (an update or a delete), and its report rows, which must not keep what was changed. */
  async #replaceSegment(shard: string, seg: number, records: OutcomeRecord[], state: Shard): Promise<void> {
    const written = await this.#writeSegment(shard, seg, records, state);
    const rows = this.#rowsOf(records);
    if (seg === 0) state.openRows = rows;
    await this.#writeRows(shard, seg, written, rows);
  }

  async #writeIndex(shard: string, state: Shard): Promise<void> {
    const segments: IndexFile['segments'] = {};
    for (const n of state.sealed) segments[String(n)] = [];
    for (const [id, e] of state.ids) if (segOf(e) !== 0) segments[String(segOf(e))].push([id, subjectOf(e)]);
    await writeAtomic(this.#indexFile(shard), JSON.stringify({ v: 1, segments } satisfies IndexFile), 'records');
  }

  /** The shard's id map, read and checked on first use (and again if its open segment changed behind this store's back). Call only inside the shard's chain. */
  async #load(shard: string): Promise<Shard> {
    const cached = this.#shards.get(shard);
    if (cached && identity(this.#file(shard, 0)) === cached.open.identity) return cached;
    this.#shards.delete(shard);
    const indexFile = this.#indexFile(shard);
    const indexText = readTextSync(indexFile);
    let index: IndexFile = { v: 1, segments: {} };
    if (indexText !== undefined) {
      const checked = checkIndex(parseJson(indexFile, indexText));
      if (typeof checked === 'string') throw new Error(`${indexFile}: not a valid shard index: ${checked}`);
      index = checked;
    }
    const state: Shard = {
      ids: new Map(),
      sealed: Object.keys(index.segments)
        .map(Number)
        .sort((a, b) => a - b),
      open: { identity: null, count: 0 },
      openRows: new ReportBatchBuilder(),
    };
    for (const n of state.sealed) for (const [id, subject] of index.segments[String(n)]) state.ids.set(id, entry(n, subject));
    await this.#removeOrphans(shard, state);
    const openIdentity = identity(this.#file(shard, 0));
    // The open segment's report rows hold its ids and subjects: read those when they are current, not
    // the whole segment. Any record also in a sealed segment means a seal was cut short: read it all.
    const fresh = openIdentity === null ? undefined : this.#freshRows(shard, 0, openIdentity);
    const rows = fresh?.batch.rows;
    if (fresh && rows && rows.every((row) => !state.ids.has(row[R.id]))) {
      state.open = { identity: openIdentity, count: rows.length };
      state.openRows = ReportBatchBuilder.from(fresh.batch, fresh.rowsText);
      for (const row of rows) state.ids.set(row[R.id], entry(0, subjectHash(row[R.subjectRef])));
    } else {
      const open = await this.#readSegment(shard, 0);
      state.open = { identity: openIdentity, count: open.length };
      await this.#repair(shard, state, open);
      state.openRows = this.#rowsOf(open);
      for (const r of open) state.ids.set(r.id, entry(0, subjectHash(r.subjectRef)));
      if (state.open.identity !== null) void this.#writeRows(shard, 0, state.open.identity, state.openRows);
    }
    this.#shards.set(shard, state);
    return state;
  }

  /** Sealed files past the index's last were written before a seal was cut short (their records are still in the open segment): removed. */
  async #removeOrphans(shard: string, state: Shard): Promise<void> {
    for (let n = (state.sealed.at(-1) ?? 0) + 1; identity(this.#file(shard, n)) !== null; n++) {
      await rm(this.#file(shard, n), { force: true });
      await rm(this.#rowsFile(shard, n), { force: true });
    }
  }

  /** Records in both the open segment and the index were sealed but the open segment was not yet rewritten: dropped from the open segment. */
  async #repair(shard: string, state: Shard, open: OutcomeRecord[]): Promise<void> {
    const kept = open.filter((r) => !state.ids.has(r.id));
    if (kept.length !== open.length) {
      await this.#writeSegment(shard, 0, kept, state);
      open.splice(0, open.length, ...kept);
    }
  }

  /** Adds records to one shard: fills the open segment, sealing it as it is each time it is full. */
  async #append(shard: string, incoming: OutcomeRecord[]): Promise<void> {
    let state = await this.#load(shard);
    let fresh = unseen(state, incoming);
    if (fresh.length === 0) return;
    if (state.open.count + fresh.length <= this.segmentRecords) {
      // The usual case: the writer thread splices the records into the file it holds, if it is unchanged.
      try {
        const items = fresh.map((r) => JSON.stringify(r)).join(',');
        const written = await appendAtomic(this.#file(shard, 0), items, state.open.count, state.open.identity, EMPTY_SEGMENT);
        state.open = { identity: written, count: state.open.count + fresh.length };
        for (const r of fresh) {
          state.ids.set(r.id, entry(0, subjectHash(r.subjectRef)));
          this.#addRow(state.openRows, r);
        }
        // Not awaited: the record is safe in its segment; the rows follow on the same writer, in order.
        void this.#writeRows(shard, 0, written, state.openRows);
        return;
      } catch (error) {
        this.#shards.delete(shard);
        if (!isStale(error)) throw error;
        state = await this.#load(shard);
        fresh = unseen(state, incoming);
        if (fresh.length === 0) return;
      }
    }
    // #load has just checked that the file is the one it read or wrote, and so already checked.
    let text = state.open.identity === null ? EMPTY_SEGMENT : await readText(this.#file(shard, 0));
    if (text === undefined) throw new Error(`${this.#file(shard, 0)}: removed while in use`);
    let count = state.open.count;
    let openIds: [string, number][] = [...state.ids].filter(([, e]) => segOf(e) === 0).map(([id, e]) => [id, subjectOf(e)]);
    let pending: OutcomeRecord[] = [];
    // The open segment's rows, and each new record's: they become the rows of the segments sealed here.
    let rows = state.openRows.copy();
    const sealedNow: { n: number; text: string; ids: [string, number][]; rows: ReportBatchBuilder; identity?: string }[] = [];
    let next = (state.sealed.at(-1) ?? 0) + 1;
    for (const r of fresh) {
      if (count + pending.length >= this.segmentRecords) {
        sealedNow.push({
          n: next++,
          text: appendText(text, count, pending),
          ids: [...openIds, ...pending.map((p): [string, number] => [p.id, subjectHash(p.subjectRef)])],
          rows,
        });
        text = EMPTY_SEGMENT;
        count = 0;
        openIds = [];
        pending = [];
        rows = new ReportBatchBuilder();
      }
      pending.push(r);
      this.#addRow(rows, r);
    }
    try {
      for (const s of sealedNow) s.identity = await writeAtomic(this.#file(shard, s.n), s.text, 'records');
      if (sealedNow.length > 0) {
        const after: Shard = { ...state, ids: new Map(state.ids), sealed: [...state.sealed, ...sealedNow.map((s) => s.n)] };
        for (const s of sealedNow) for (const [id, subject] of s.ids) after.ids.set(id, entry(s.n, subject));
        await this.#writeIndex(shard, after);
        state.sealed = after.sealed;
        state.ids = after.ids;
      }
      const written = await this.#writeSegment(shard, 0, appendText(text, count, pending), state, count + pending.length);
      state.openRows = rows;
      for (const s of sealedNow) void this.#writeRows(shard, s.n, s.identity!, s.rows);
      void this.#writeRows(shard, 0, written, rows);
    } catch (error) {
      // Memory may no longer match the disk: read the shard again (and repair it) on next use.
      this.#shards.delete(shard);
      throw error;
    }
    for (const r of pending) state.ids.set(r.id, entry(0, subjectHash(r.subjectRef)));
  }

  async add(record: OutcomeRecord): Promise<void> {
    const valid = OutcomeRecord.parse(record);
    const shard = shardOfId(valid.id);
    if (shard === undefined) {
      throw new Error('record id must start with two lowercase hex characters and a dash (use newRecordId)');
    }
    return this.#inShard(shard, () => this.#append(shard, [valid]));
  }

  /** Adds many records with one write per touched file (seeding, imports). Ids already stored are skipped. */
  async addMany(records: Iterable<OutcomeRecord>): Promise<void> {
    const byShard = new Map<string, OutcomeRecord[]>();
    for (const record of records) {
      const valid = OutcomeRecord.parse(record);
      const shard = shardOfId(valid.id);
      if (shard === undefined) throw new Error(`record id must start with two lowercase hex characters and a dash (use newRecordId)`);
      let list = byShard.get(shard);
      if (!list) byShard.set(shard, (list = []));
      list.push(valid);
    }
    await Promise.all([...byShard].map(([shard, list]) => this.#inShard(shard, () => this.#append(shard, list))));
  }

  async get(id: string): Promise<OutcomeRecord | undefined> {
    const shard = shardOfId(id);
    if (shard === undefined) return undefined;
    return this.#inShard(shard, async () => {
      const e = (await this.#load(shard)).ids.get(id);
      if (e === undefined) return undefined;
      return (await this.#readSegment(shard, segOf(e))).find((r) => r.id === id);
    });
  }

  async update(id: string, change: (record: OutcomeRecord) => OutcomeRecord): Promise<OutcomeRecord | undefined> {
    const shard = shardOfId(id);
    if (shard === undefined) return undefined;
    return this.#inShard(shard, async () => {
      const state = await this.#load(shard);
      const e = state.ids.get(id);
      if (e === undefined) return undefined;
      const seg = segOf(e);
      const records = await this.#readSegment(shard, seg);
      const index = records.findIndex((r) => r.id === id);
      if (index < 0) return undefined;
      const next = OutcomeRecord.parse(change(records[index]));
      if (next.id !== id) throw new Error(`update may not change a record's id (${id})`);
      records[index] = next;
      await this.#replaceSegment(shard, seg, records, state);
      const subject = subjectHash(next.subjectRef);
      if (subject !== subjectOf(e)) {
        state.ids.set(id, entry(seg, subject));
        if (seg !== 0) await this.#writeIndex(shard, state);
      }
      // Returned straight from the parse: nothing here keeps it, so the caller may change it freely.
      return next;
    });
  }

  async bySubject(subjectRef: string): Promise<OutcomeRecord[]> {
    const shard = sha256Hex(subjectRef).slice(0, 2);
    const key = subjectHash(subjectRef);
    return this.#inShard(shard, async () => {
      const state = await this.#load(shard);
      const segments = new Set<number>();
      for (const e of state.ids.values()) if (subjectOf(e) === key) segments.add(segOf(e));
      const found: OutcomeRecord[] = [];
      for (const seg of segments) for (const r of await this.#readSegment(shard, seg)) if (r.subjectRef === subjectRef) found.push(r);
      return found.sort(byAge);
    });
  }

  /**
   * Segment by segment, holding one segment in memory at a time. Records added meanwhile may or may not
   * appear. A file that cannot be read is reported (reportDamaged) and left out; the rest still comes.
   */
  async *all(): AsyncIterable<OutcomeRecord> {
    this.assertOpen();
    for (const shard of await this.#shardNames()) {
      let first: number[];
      try {
        first = await this.#inShard(shard, async () => [...(await this.#load(shard)).sealed]);
      } catch (error) {
        reportDamaged(error, `the records of shard ${shard} not in a sealed segment`);
        continue;
      }
      for (const seg of first) {
        let records: OutcomeRecord[];
        try {
          records = await this.#inShard(shard, () => this.#readSegment(shard, seg));
        } catch (error) {
          reportDamaged(error, `the records of segment ${seg} of shard ${shard}`);
          continue;
        }
        yield* records;
      }
      // Last, the open segment and any segment sealed from it since `first` was taken.
      let rest: OutcomeRecord[] = [];
      try {
        rest = await this.#inShard(shard, async () => {
          const later = (await this.#load(shard)).sealed.filter((n) => !first.includes(n));
          const out: OutcomeRecord[] = [];
          for (const seg of [...later, 0]) out.push(...(await this.#readSegment(shard, seg)));
          return out;
        });
      } catch (error) {
        reportDamaged(error, `the newest records of shard ${shard}`);
      }
      yield* rest;
    }
  }

  /**
   * What the report reads of every record, one segment's rows at a time. Each segment's rows file is
   * used while it matches the segment; one that does not (a segment changed by another process, or
   * rows never written) is made again from the segment, checked in full, and written for next time.
   * A damaged file is reported and left out, as in all().
   */
  async *reportBatches(part?: StorePart): AsyncIterable<ReportBatch> {
    this.assertOpen();
    // A part is a set of whole shards, and a person's records are all in one shard.
    const shards = (await this.#shardNames()).filter((shard) => !part || Number.parseInt(shard, 16) % part.of === part.index);
    // A shard at a time (a few hundred records): one turn of the shard's chain, not one per segment.
    for (const shard of shards) {
      let batches: ReportBatch[] = [];
      try {
        batches = await this.#inShard(shard, async () => {
          const state = await this.#load(shard);
          const out: ReportBatch[] = [];
          for (const seg of state.sealed) {
            try {
              out.push(await this.#sealedRows(shard, seg));
            } catch (error) {
              reportDamaged(error, `the records of segment ${seg} of shard ${shard}`);
            }
          }
          out.push(state.openRows.batch());
          return out;
        });
      } catch (error) {
        reportDamaged(error, `the records of shard ${shard} not in a sealed segment`);
      }
      yield* batches;
    }
  }

  /** The shard is the id's first two characters, so this reads one shard's id map and the segments of the matches. */
  async withIdPrefix(prefix: string): Promise<OutcomeRecord[]> {
    const shard = prefix.slice(0, 2);
    if (!/^[0-9a-f]{2}/.test(prefix)) return [];
    return this.#inShard(shard, async () => {
      const state = await this.#load(shard);
      const found: OutcomeRecord[] = [];
      for (const [id, e] of state.ids) {
        if (!id.replace(/-/g, '').startsWith(prefix)) continue;
        const record = (await this.#readSegment(shard, segOf(e))).find((r) => r.id === id);
        if (record) found.push(record);
      }
      return found;
    });
  }

  async #sealedRows(shard: string, seg: number): Promise<ReportBatch> {
    const file = this.#file(shard, seg);
    const source = identity(file);
    if (source === null) throw new Error(`${file}: missing (the shard index lists it)`);
    const fresh = this.#freshRows(shard, seg, source);
    if (fresh) return fresh.batch;
    const rows = this.#rowsOf(await this.#readSegment(shard, seg));
    await this.#writeRows(shard, seg, source, rows);
    // Replaced while read (another process: an erasure, say): rows of what it held must not stay on disk.
    if (identity(file) !== source) await rm(this.#rowsFile(shard, seg), { force: true });
    return rows.batch();
  }

  async #shardNames(): Promise<string[]> {
    const shards = new Set<string>();
    for (const name of await readdir(this.dir)) {
      const m = SHARD_NAME.exec(name);
      if (m) shards.add(m[1]);
    }
    return [...shards].sort();
  }

  async delete(id: string): Promise<boolean> {
    const shard = shardOfId(id);
    if (shard === undefined) return false;
    return this.#inShard(shard, async () => {
      const state = await this.#load(shard);
      const e = state.ids.get(id);
      if (e === undefined) return false;
      const seg = segOf(e);
      const records = await this.#readSegment(shard, seg);
      const kept = records.filter((r) => r.id !== id);
      if (kept.length !== records.length) await this.#replaceSegment(shard, seg, kept, state);
      state.ids.delete(id);
      if (seg !== 0) {
        try {
          await this.#writeIndex(shard, state);
        } catch (error) {
          this.#shards.delete(shard);
          throw error;
        }
      }
      return kept.length !== records.length;
    });
  }
}

/** Files already reported by this process, so a long run says it once. */
const reported = new Set<string>();

/**
 * Says on stderr (never in the JSON log: this is for whoever runs the tool) which file could not be read,
 * what it held, that it was left out, and how to recover. Export, report and purge carry on without it.
 */
function reportDamaged(error: unknown, held: string): void {
  const message = error instanceof Error ? error.message : String(error);
  if (reported.has(message)) return;
  reported.add(message);
  process.stderr.write(
    `outcomes-bot: ${message}. Left out: ${held}; everything else goes on. To recover: stop the bot, put this file back from your backup ` +
      `(or move it out of the folder, which loses what it held), then run this again. Until then the people whose records it held cannot be reached.\n`,
  );
}
