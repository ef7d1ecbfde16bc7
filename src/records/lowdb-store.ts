// The embedded Store: lowdb over small JSON files, laid out so a turn's cost does not grow with history.
//
//   DATA/conversations/<sha256(conversationId)>.json   one in-progress conversation state
//   DATA/paused/<sha256(code)>.json                     one paused conversation (never named by the code)
//   DATA/records/<shard>.json                           { records: OutcomeRecord[] }, shard = first two
//                                                       hex chars of the record id (see record-id.ts)
//
// Every operation on a file runs in that file's own promise chain, so two writes to one file never
// interleave and a read sees every write that was started before it. Writes go through lowdb's
// DataFile (steno: temp file `.<name>.tmp` + rename), so a file is always either old or new.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { z } from 'zod';
import { ConversationState } from '../conversation/state.js';
import { OutcomeRecord } from './record.js';
import { sha256Hex } from './record-id.js';
import { ConflictError, type ConversationStateStore, type PausedStore, type RecordStore, type Store, type VersionedState } from './store.js';

interface ShardData {
  records: OutcomeRecord[];
}

const SHARD_FILE = /^([0-9a-f]{2})\.json$/;
const RECORD_ID = /^([0-9a-f]{2})-/;

/** Compact JSON; parse errors name the file but never quote its content (it holds personal text). */
function jsonFile<T>(file: string): DataFile<T> {
  return new DataFile<T>(file, {
    parse: (text) => {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new Error(`${file}: not valid JSON`);
      }
    },
    stringify: (data) => JSON.stringify(data),
  });
}

/** The file's text, or undefined when there is no file. */
async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
}

/** One promise chain per key: operations on one key run one after another, in call order. */
class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => fn());
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()]);
  }
}

/** The shard a record id belongs to, or undefined when the id is not of the form made by newRecordId. */
function shardOfId(id: string): string | undefined {
  return RECORD_ID.exec(id)?.[1];
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

/** Validates a shard's content; any problem is an error naming the file (and the record's index). */
function parseShard(file: string, shard: string, raw: unknown): OutcomeRecord[] {
  if (raw === null) return [];
  if (typeof raw !== 'object' || !Array.isArray((raw as { records?: unknown }).records)) {
    throw new Error(`${file}: expected an object { "records": [...] }`);
  }
  const items = (raw as { records: unknown[] }).records;
  return items.map((item, index) => {
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

/** A conversation state store keyed by a hash of the key: one small file per key. */
class HashedStateStore implements ConversationStateStore, PausedStore {
  constructor(
    private readonly dir: string,
    private readonly queue: KeyedQueue,
    private readonly assertOpen: () => void,
  ) {}

  #file(key: string): string {
    return path.join(this.dir, `${sha256Hex(key)}.json`);
  }

  async get(key: string): Promise<ConversationState | undefined> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, async () => {
      const raw = await jsonFile<unknown>(file).read();
      if (raw === null) return undefined;
      const parsed = ConversationState.safeParse(raw);
      if (!parsed.success) {
        throw new Error(`${file}: not a valid conversation state:\n${z.prettifyError(parsed.error)}`);
      }
      return parsed.data;
    });
  }

  // One process owns the files, so the version is just a hash of the file's bytes: the check costs a
  // read of one small file and changes nothing on disk. (Equal content means an equal version, which is
  // safe: writing over identical content is the same as running after it.)
  async getWithVersion(key: string): Promise<VersionedState | undefined> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, async () => {
      const text = await readText(file);
      if (text === undefined) return undefined;
      const parsed = ConversationState.safeParse(parseJson(file, text));
      if (!parsed.success) {
        throw new Error(`${file}: not a valid conversation state:\n${z.prettifyError(parsed.error)}`);
      }
      return { state: parsed.data, version: sha256Hex(text) };
    });
  }

  async putIfVersion(key: string, state: ConversationState, expected: string | null): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    const valid = ConversationState.parse(state);
    return this.queue.run(file, async () => {
      await this.#check(file, expected);
      const db = new Low<ConversationState>(jsonFile<ConversationState>(file), valid);
      await db.write();
    });
  }

  async deleteIfVersion(key: string, expected: string): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, async () => {
      await this.#check(file, expected);
      await rm(file, { force: true });
    });
  }

  async #check(file: string, expected: string | null): Promise<void> {
    const text = await readText(file);
    const current = text === undefined ? null : sha256Hex(text);
    if (current !== expected) throw new ConflictError();
  }

  async put(key: string, state: ConversationState): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    // Checked before it is written, so a bad state fails now rather than on every later read.
    const valid = ConversationState.parse(state);
    return this.queue.run(file, async () => {
      const db = new Low<ConversationState>(jsonFile<ConversationState>(file), valid);
      await db.write();
    });
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, () => rm(file, { force: true }));
  }
}

class ShardedRecordStore implements RecordStore {
  /** Loaded shards. At most 256 (one per two hex chars), so the map is bounded by construction. */
  readonly #shards = new Map<string, Low<ShardData>>();

  constructor(
    private readonly dir: string,
    private readonly queue: KeyedQueue,
    private readonly assertOpen: () => void,
  ) {}

  #file(shard: string): string {
    return path.join(this.dir, `${shard}.json`);
  }

  /** Runs fn in the shard's chain. */
  #inShard<T>(shard: string, fn: (file: string) => Promise<T>): Promise<T> {
    this.assertOpen();
    const file = this.#file(shard);
    return this.queue.run(file, () => fn(file));
  }

  /** The shard's Low instance, read and validated on first use. Call only inside the shard's chain. */
  async #load(shard: string, file: string): Promise<Low<ShardData>> {
    const cached = this.#shards.get(shard);
    if (cached) return cached;
    const adapter = jsonFile<ShardData>(file);
    const records = parseShard(file, shard, await adapter.read());
    const db = new Low<ShardData>(adapter, { records });
    this.#shards.set(shard, db);
    return db;
  }

  /** Replaces the shard's records and writes the file; on a failed write memory goes back to match the disk. */
  async #commit(db: Low<ShardData>, records: OutcomeRecord[]): Promise<void> {
    const before = db.data;
    db.data = { records };
    try {
      await db.write();
    } catch (error) {
      db.data = before;
      throw error;
    }
  }

  async add(record: OutcomeRecord): Promise<void> {
    const valid = OutcomeRecord.parse(record);
    const shard = shardOfId(valid.id);
    if (shard === undefined) {
      throw new Error('record id must start with two lowercase hex characters and a dash (use newRecordId)');
    }
    return this.#inShard(shard, async (file) => {
      const db = await this.#load(shard, file);
      if (db.data.records.some((r) => r.id === valid.id)) return;
      await this.#commit(db, [...db.data.records, valid]);
    });
  }

  async get(id: string): Promise<OutcomeRecord | undefined> {
    const shard = shardOfId(id);
    if (shard === undefined) return undefined;
    return this.#inShard(shard, async (file) => {
      const db = await this.#load(shard, file);
      const found = db.data.records.find((r) => r.id === id);
      return found && structuredClone(found);
    });
  }

  async update(id: string, change: (record: OutcomeRecord) => OutcomeRecord): Promise<OutcomeRecord | undefined> {
    const shard = shardOfId(id);
    if (shard === undefined) return undefined;
    return this.#inShard(shard, async (file) => {
      const db = await this.#load(shard, file);
      const index = db.data.records.findIndex((r) => r.id === id);
      if (index < 0) return undefined;
      const next = OutcomeRecord.parse(change(structuredClone(db.data.records[index])));
      if (next.id !== id) throw new Error(`update may not change a record's id (${id})`);
      const records = db.data.records.slice();
      records[index] = next;
      await this.#commit(db, records);
      return structuredClone(next);
    });
  }

  async bySubject(subjectRef: string): Promise<OutcomeRecord[]> {
    const shard = sha256Hex(subjectRef).slice(0, 2);
    return this.#inShard(shard, async (file) => {
      const db = await this.#load(shard, file);
      return db.data.records
        .filter((r) => r.subjectRef === subjectRef)
        .sort(byAge)
        .map((r) => structuredClone(r));
    });
  }

  /** Reads shard by shard; shards not already loaded are read for this pass only, not kept in memory. */
  async *all(): AsyncIterable<OutcomeRecord> {
    this.assertOpen();
    const names = new Set<string>(this.#shards.keys());
    for (const entry of await readdir(this.dir)) {
      const m = SHARD_FILE.exec(entry);
      if (m) names.add(m[1]);
    }
    for (const shard of [...names].sort()) {
      const records = await this.#inShard(shard, async (file) => {
        const cached = this.#shards.get(shard);
        if (cached) return cached.data.records.map((r) => structuredClone(r));
        return parseShard(file, shard, await jsonFile<unknown>(file).read());
      });
      yield* records;
    }
  }

  async delete(id: string): Promise<boolean> {
    const shard = shardOfId(id);
    if (shard === undefined) return false;
    return this.#inShard(shard, async (file) => {
      const db = await this.#load(shard, file);
      const records = db.data.records.filter((r) => r.id !== id);
      if (records.length === db.data.records.length) return false;
      await this.#commit(db, records);
      return true;
    });
  }
}

/** Opens (creating if needed) the file store under dataDir. */
export async function openLowdbStore(dataDir: string): Promise<Store> {
  const dirs = {
    conversations: path.join(dataDir, 'conversations'),
    paused: path.join(dataDir, 'paused'),
    records: path.join(dataDir, 'records'),
  };
  // Owner-only when we create them: these files hold personal information.
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true, mode: 0o700 });

  const queue = new KeyedQueue();
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error('the store is closed');
  };

  return {
    conversations: new HashedStateStore(dirs.conversations, queue, assertOpen),
    paused: new HashedStateStore(dirs.paused, queue, assertOpen),
    records: new ShardedRecordStore(dirs.records, queue, assertOpen),
    async close() {
      closed = true;
      await queue.idle();
    },
  };
}
