// The embedded Store: small JSON files in DATA_DIR (no database needed), laid out so a turn's cost does
// not grow with history. Not lowdb's API: it rewrites a whole file per change; these files are written by
// key, with version checks and segments, which lowdb does not do.
//
//   DATA/conversations/<sha256(conversationId)>.json   one in-progress conversation state
//   DATA/paused/<sha256(code)>.json                     one paused conversation (never named by the code)
//   DATA/records/...                                    completed records in bounded segments (segmented-records.ts)
//
// Every operation on a file runs in that file's own promise chain, so two writes to one file never
// interleave and a read sees every write that was started before it. Writes are atomic (temp
// file `.<name>.<pid>.<thread>.<n>.tmp`, flushed, + rename, see atomic-file.ts), so a file is always either old or new.
// State files are remembered after they are read or written, with the file's identity (inode, size,
// mtime): a turn checks that with a stat instead of reading and re-checking the file, so another
// store on the same folder (the store contract's two-writer case) is still seen.
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConversationState } from '../conversation/state.js';
import { identity, writeAtomic } from './atomic-file.js';
import type { Keyring } from './keyring.js';
import { DEFAULT_SEGMENT_RECORDS, SegmentedRecordStore } from './segmented-records.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { OutcomeRecord } from './record.js';
import { parseJson, readText } from './json-text.js';
import { sha256Hex } from './record-id.js';
import { ConflictError, type ConversationStateStore, type PausedStore, type Store, type SweepVerdict, type VersionedState } from './store.js';
import { LRUCache } from 'lru-cache';

/** A state file as last read or written: its checked content as JSON, and its identity (also its version). */
interface Known {
  json: string;
  identity: string;
}

/** How many state files' text stay in memory (a few KB each); the least recently used go first. */
const CACHED_STATES = 10_000;
/** Remembered: there is no such file (a cache cannot hold null). */
const NO_FILE = 'no file';

/** A conversation state store keyed by a hash of the key: one small file per key. */
class HashedStateStore implements ConversationStateStore, PausedStore {
  /** file -> what it holds; null: known not to exist. Only ever set to what is on disk. */
  readonly #known = new LRUCache<string, Known | typeof NO_FILE>({ max: CACHED_STATES });

  constructor(
    private readonly dir: string,
    private readonly queue: KeyedQueue,
    private readonly assertOpen: () => void,
  ) {}

  #file(key: string): string {
    return path.join(this.dir, `${sha256Hex(key)}.json`);
  }

  #remember(file: string, known: Known | null): void {
    this.#known.set(file, known ?? NO_FILE);
  }

  /** What the file holds: from memory while the file is the one remembered, else read and checked. Call inside the file's chain. */
  async #read(file: string): Promise<Known | null> {
    const now = identity(file);
    const cached = this.#known.get(file);
    if (cached === NO_FILE && now === null) return null;
    if (cached !== undefined && cached !== NO_FILE && cached.identity === now) return cached;
    const text = now === null ? undefined : await readText(file);
    if (text === undefined) {
      this.#remember(file, null);
      return null;
    }
    const parsed = ConversationState.safeParse(parseJson(file, text));
    if (!parsed.success) {
      this.#known.delete(file);
      throw new Error(`${file}: not a valid conversation state:\n${z.prettifyError(parsed.error)}`);
    }
    // If the file changed between the stat and the read, `now` is already stale: the next read reads again.
    const known = { json: JSON.stringify(parsed.data), identity: now! };
    this.#remember(file, known);
    return known;
  }

  async #write(file: string, json: string): Promise<void> {
    this.#known.delete(file);
    this.#remember(file, { json, identity: await writeAtomic(file, json) });
  }

  async #remove(file: string): Promise<void> {
    this.#known.delete(file);
    await rm(file, { force: true });
    this.#remember(file, null);
  }

  async get(key: string): Promise<ConversationState | undefined> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, async () => {
      const known = await this.#read(file);
      return known ? (JSON.parse(known.json) as ConversationState) : undefined;
    });
  }

  // The version is the file's identity: every write replaces the file, so any write by anyone changes
  // it, and two stores reading the same file see the same version.
  async getWithVersion(key: string): Promise<VersionedState | undefined> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, async () => {
      const known = await this.#read(file);
      return known ? { state: JSON.parse(known.json) as ConversationState, version: known.identity } : undefined;
    });
  }

  async putIfVersion(key: string, state: ConversationState, expected: string | null): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    const json = JSON.stringify(ConversationState.parse(state));
    return this.queue.run(file, async () => {
      await this.#check(file, expected);
      await this.#write(file, json);
    });
  }

  async deleteIfVersion(key: string, expected: string): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, async () => {
      await this.#check(file, expected);
      await this.#remove(file);
    });
  }

  async #check(file: string, expected: string | null): Promise<void> {
    const known = await this.#read(file);
    if ((known?.identity ?? null) !== expected) throw new ConflictError();
  }

  async put(key: string, state: ConversationState): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    // Checked before it is written, so a bad state fails now rather than on every later read.
    const json = JSON.stringify(ConversationState.parse(state));
    return this.queue.run(file, () => this.#write(file, json));
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    const file = this.#file(key);
    return this.queue.run(file, () => this.#remove(file));
  }

  /** Each file is read and, if the visitor says so, removed inside its own chain. A file that cannot be read is left alone. */
  async sweep(visit: (state: ConversationState) => SweepVerdict): Promise<number> {
    this.assertOpen();
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
      const file = path.join(this.dir, name);
      const gone = await this.queue
        .run(file, async () => {
          const known = await this.#read(file);
          if (!known) return false;
          const verdict = visit(JSON.parse(known.json) as ConversationState);
          if (verdict === 'keep') return false;
          if (verdict === 'delete') await this.#remove(file);
          else await this.#write(file, JSON.stringify(ConversationState.parse(verdict.replace)));
          return true;
        })
        .catch(() => false);
      if (gone) removed++;
    }
    return removed;
  }
}

export interface FileStoreOptions {
  /** Records per segment file (default 64): what one confirm rewrites at most. */
  segmentRecords?: number;
  /** DATA_KEYS, when free text is encrypted: the report rows files are then sealed whole with them (see segmented-records.ts). */
  keyring?: Keyring;
}

/** Opens (creating if needed) the file store under dataDir. */
export async function openFileStore(dataDir: string, options: FileStoreOptions = {}): Promise<Store> {
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

  const records = new SegmentedRecordStore(dirs.records, queue, assertOpen, options.segmentRecords ?? DEFAULT_SEGMENT_RECORDS, options.keyring);
  return {
    conversations: new HashedStateStore(dirs.conversations, queue, assertOpen),
    paused: new HashedStateStore(dirs.paused, queue, assertOpen),
    records,
    async close() {
      closed = true;
      await queue.idle();
      await records.settle();
    },
  };
}

/** Adds many records at once: one write per touched file on the file store, one add each elsewhere. */
export async function importRecords(store: Store, records: Iterable<OutcomeRecord>): Promise<void> {
  if (store.records instanceof SegmentedRecordStore) return store.records.addMany(records);
  for (const record of records) await store.records.add(record);
}
