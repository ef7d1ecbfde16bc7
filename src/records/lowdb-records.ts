// Completed records in segment files of bounded size, so confirming a conversation writes the same
// small amount of data on day 1,000 as on day 1, and nothing holds every record in memory.
//
//   DATA/records/<sh>.json         the shard's open segment: { records: [...] }, the newest records,
//                                  at most `segmentRecords` of them; every add rewrites only this file
//   DATA/records/<sh>.<n>.json     sealed segments 1, 2, ...: { records: [...] }, written when the open
//                                  segment is full, rewritten only to update or delete one of their records
//   DATA/records/<sh>.index.json   { v: 1, segments: { "<n>": [[id, subject prefix], ...] } }: which
//                                  record is in which sealed segment; rewritten on a seal or a delete
//
// <sh> is the first two hex chars of the record id (from the subject, see record-id.ts), so one
// person's records share a shard. In memory: only a per-shard map id -> segment (about 100 bytes a
// record), read on the shard's first use from its index and open segment. Records are read from their
// segment when asked for and never cached. Each file is written atomically (lowdb TextFile: temp file
// + rename); a seal writes the new sealed segment, then the index, then the open segment, and loading a
// shard repairs a seal that was cut short at any point (see #repair).
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { TextFile } from 'lowdb/node';
import { z } from 'zod';
import { OutcomeRecord } from './record.js';
import { sha256Hex } from './record-id.js';
import type { RecordStore } from './store.js';

/** Runs fn in the promise chain of one key; the store owns one chain per shard. */
export interface Queue {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export const DEFAULT_SEGMENT_RECORDS = 64;

const RECORD_ID = /^([0-9a-f]{2})-/;
const SHARD_NAME = /^([0-9a-f]{2})(?:\.index)?\.json$/;
const SUBJECT_PREFIX = 16;

const IndexFile = z.object({
  v: z.literal(1),
  segments: z.record(z.string().regex(/^[1-9]\d*$/), z.array(z.tuple([z.string(), z.string()]))),
});
type IndexFile = z.infer<typeof IndexFile>;

interface Entry {
  /** 0: the open segment; n: sealed segment n. */
  seg: number;
  subject: string;
}

interface Shard {
  ids: Map<string, Entry>;
  /** Sealed segment numbers, ascending. */
  sealed: number[];
}

/** The shard a record id belongs to, or undefined when the id is not of the form made by newRecordId. */
export function shardOfId(id: string): string | undefined {
  return RECORD_ID.exec(id)?.[1];
}

function subjectKey(subjectRef: string): string {
  return subjectRef.slice(0, SUBJECT_PREFIX);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Parse errors name the file but never quote its content (it holds personal text). */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
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

function segmentText(records: OutcomeRecord[]): string {
  return JSON.stringify({ records });
}

function byAge(a: OutcomeRecord, b: OutcomeRecord): number {
  return compareTime(a.createdAt, b.createdAt) || compareTime(a.confirmedAt, b.confirmedAt) || cmp(a.id, b.id);
}

function compareTime(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  return cmp(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class SegmentedRecordStore implements RecordStore {
  /** Loaded shard maps: at most 256, each about 100 bytes per record it holds. Never the records. */
  readonly #shards = new Map<string, Shard>();

  constructor(
    private readonly dir: string,
    private readonly queue: Queue,
    private readonly assertOpen: () => void,
    private readonly segmentRecords = DEFAULT_SEGMENT_RECORDS,
  ) {
    if (!(segmentRecords >= 1)) throw new Error('segmentRecords must be at least 1');
  }

  #file(shard: string, seg: number): string {
    return path.join(this.dir, seg === 0 ? `${shard}.json` : `${shard}.${seg}.json`);
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

  async #writeSegment(shard: string, seg: number, records: OutcomeRecord[]): Promise<void> {
    await new TextFile(this.#file(shard, seg)).write(segmentText(records));
  }

  async #writeIndex(shard: string, state: Shard): Promise<void> {
    const segments: IndexFile['segments'] = {};
    for (const n of state.sealed) segments[String(n)] = [];
    for (const [id, entry] of state.ids) if (entry.seg !== 0) segments[String(entry.seg)].push([id, entry.subject]);
    await new TextFile(this.#indexFile(shard)).write(JSON.stringify({ v: 1, segments } satisfies IndexFile));
  }

  /** The shard's id map, read on first use. Call only inside the shard's chain. */
  async #load(shard: string): Promise<Shard> {
    const cached = this.#shards.get(shard);
    if (cached) return cached;
    const indexFile = this.#indexFile(shard);
    const indexText = await readText(indexFile);
    let index: IndexFile = { v: 1, segments: {} };
    if (indexText !== undefined) {
      const parsed = IndexFile.safeParse(parseJson(indexFile, indexText));
      if (!parsed.success) throw new Error(`${indexFile}: not a valid shard index:\n${z.prettifyError(parsed.error)}`);
      index = parsed.data;
    }
    const state: Shard = { ids: new Map(), sealed: Object.keys(index.segments).map(Number).sort((a, b) => a - b) };
    for (const n of state.sealed) for (const [id, subject] of index.segments[String(n)]) state.ids.set(id, { seg: n, subject });
    const open = await this.#readSegment(shard, 0);
    await this.#repair(shard, state, open);
    for (const r of open) state.ids.set(r.id, { seg: 0, subject: subjectKey(r.subjectRef) });
    this.#shards.set(shard, state);
    return state;
  }

  /**
   * Finishes what a seal cut short. Sealed files past the index's last are orphans written before the
   * index (their records are still in the open segment): removed. Records in both the open segment and
   * the index were sealed but the open segment was not yet rewritten: dropped from the open segment.
   */
  async #repair(shard: string, state: Shard, open: OutcomeRecord[]): Promise<void> {
    for (let n = (state.sealed.at(-1) ?? 0) + 1; ; n++) {
      const orphan = this.#file(shard, n);
      if ((await readText(orphan)) === undefined) break;
      await rm(orphan, { force: true });
    }
    const kept = open.filter((r) => !state.ids.has(r.id));
    if (kept.length !== open.length) {
      await this.#writeSegment(shard, 0, kept);
      open.splice(0, open.length, ...kept);
    }
  }

  /** Adds records to one shard: fills the open segment, sealing it each time it is full. */
  async #append(shard: string, incoming: OutcomeRecord[]): Promise<void> {
    const state = await this.#load(shard);
    const fresh: OutcomeRecord[] = [];
    const seen = new Set<string>();
    for (const r of incoming) {
      if (state.ids.has(r.id) || seen.has(r.id)) continue;
      seen.add(r.id);
      fresh.push(r);
    }
    if (fresh.length === 0) return;
    let open = await this.#readSegment(shard, 0);
    const sealedNow: { n: number; records: OutcomeRecord[] }[] = [];
    let next = (state.sealed.at(-1) ?? 0) + 1;
    for (const r of fresh) {
      if (open.length >= this.segmentRecords) {
        sealedNow.push({ n: next++, records: open });
        open = [];
      }
      open.push(r);
    }
    try {
      for (const s of sealedNow) await this.#writeSegment(shard, s.n, s.records);
      if (sealedNow.length > 0) {
        const after: Shard = { ids: new Map(state.ids), sealed: [...state.sealed, ...sealedNow.map((s) => s.n)] };
        for (const s of sealedNow) for (const r of s.records) after.ids.set(r.id, { seg: s.n, subject: subjectKey(r.subjectRef) });
        await this.#writeIndex(shard, after);
        state.sealed = after.sealed;
        state.ids = after.ids;
      }
      await this.#writeSegment(shard, 0, open);
    } catch (error) {
      // Memory may no longer match the disk: read the shard again (and repair it) on next use.
      this.#shards.delete(shard);
      throw error;
    }
    for (const r of open) state.ids.set(r.id, { seg: 0, subject: subjectKey(r.subjectRef) });
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
      const entry = (await this.#load(shard)).ids.get(id);
      if (!entry) return undefined;
      return (await this.#readSegment(shard, entry.seg)).find((r) => r.id === id);
    });
  }

  async update(id: string, change: (record: OutcomeRecord) => OutcomeRecord): Promise<OutcomeRecord | undefined> {
    const shard = shardOfId(id);
    if (shard === undefined) return undefined;
    return this.#inShard(shard, async () => {
      const state = await this.#load(shard);
      const entry = state.ids.get(id);
      if (!entry) return undefined;
      const records = await this.#readSegment(shard, entry.seg);
      const index = records.findIndex((r) => r.id === id);
      if (index < 0) return undefined;
      const next = OutcomeRecord.parse(change(records[index]));
      if (next.id !== id) throw new Error(`update may not change a record's id (${id})`);
      records[index] = next;
      await this.#writeSegment(shard, entry.seg, records);
      const subject = subjectKey(next.subjectRef);
      if (subject !== entry.subject) {
        state.ids.set(id, { seg: entry.seg, subject });
        if (entry.seg !== 0) await this.#writeIndex(shard, state);
      }
      // Returned straight from the parse: nothing here keeps it, so the caller may change it freely.
      return next;
    });
  }

  async bySubject(subjectRef: string): Promise<OutcomeRecord[]> {
    const shard = sha256Hex(subjectRef).slice(0, 2);
    const key = subjectKey(subjectRef);
    return this.#inShard(shard, async () => {
      const state = await this.#load(shard);
      const segments = new Set<number>();
      for (const entry of state.ids.values()) if (entry.subject === key) segments.add(entry.seg);
      const found: OutcomeRecord[] = [];
      for (const seg of segments) for (const r of await this.#readSegment(shard, seg)) if (r.subjectRef === subjectRef) found.push(r);
      return found.sort(byAge);
    });
  }

  /** Segment by segment, holding one segment in memory at a time. Records added meanwhile may or may not appear. */
  async *all(): AsyncIterable<OutcomeRecord> {
    this.assertOpen();
    const shards = new Set<string>();
    for (const entry of await readdir(this.dir)) {
      const m = SHARD_NAME.exec(entry);
      if (m) shards.add(m[1]);
    }
    for (const shard of [...shards].sort()) {
      const first = await this.#inShard(shard, async () => [...(await this.#load(shard)).sealed]);
      for (const seg of first) yield* await this.#inShard(shard, () => this.#readSegment(shard, seg));
      // Last, the open segment and any segment sealed from it since `first` was taken.
      yield* await this.#inShard(shard, async () => {
        const later = (await this.#load(shard)).sealed.filter((n) => !first.includes(n));
        const out: OutcomeRecord[] = [];
        for (const seg of [...later, 0]) out.push(...(await this.#readSegment(shard, seg)));
        return out;
      });
    }
  }

  async delete(id: string): Promise<boolean> {
    const shard = shardOfId(id);
    if (shard === undefined) return false;
    return this.#inShard(shard, async () => {
      const state = await this.#load(shard);
      const entry = state.ids.get(id);
      if (!entry) return false;
      const records = await this.#readSegment(shard, entry.seg);
      const kept = records.filter((r) => r.id !== id);
      if (kept.length !== records.length) await this.#writeSegment(shard, entry.seg, kept);
      state.ids.delete(id);
      if (entry.seg !== 0) {
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
