// KeyedStore over small JSON files, one per key, named by a hash of the key (keys may be ids of people).
// Same write path as the main store (writeAtomic: owner-only temp file, flushed, + rename), and one promise chain per file.
// A file's version is its identity (inode, size, mtime; atomic-file.ts), as for conversation states:
// every write replaces the file, so any write by anyone changes it.
import { statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { identity, writeAtomic } from './atomic-file.js';
import { KeyedQueue } from '../keyed-queue.js';
import { PrivateJsonFile } from './private-json-file.js';
import { sha256Hex } from './record-id.js';
import { ConflictError, type KeyedStore, type Versioned } from './store.js';

/** Encrypts a whole value at rest (the keyring's encrypt and decrypt, bound to a field name). */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

const Sealed = z.object({ sealed: z.string() });

export class FileKeyedStore<T> implements KeyedStore<T> {
  private readonly queue = new KeyedQueue();

  private constructor(
    private readonly dir: string,
    private readonly schema: z.ZodType<T>,
    private readonly sealer?: Sealer,
  ) {}

  /**
   * Opens (creating, owner-only) `dir`; every value read or written is checked against `schema`. With a
   * sealer each value is kept encrypted as one string (nothing in these small documents needs indexing);
   * a plain value written before encryption was turned on still reads.
   */
  static async open<T>(dir: string, schema: z.ZodType<T>, sealer?: Sealer): Promise<FileKeyedStore<T>> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new FileKeyedStore(dir, schema, sealer);
  }

  private file(key: string): PrivateJsonFile<unknown> {
    const name = path.join(this.dir, `${sha256Hex(key)}.json`);
    return new PrivateJsonFile<unknown>(name, {
      // Never quote the content in an error: it may hold personal text.
      parse: (text) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new Error(`${name}: not valid JSON`);
        }
      },
      stringify: (data) => JSON.stringify(data),
    });
  }

  private async readFile(file: PrivateJsonFile<unknown>): Promise<T | undefined> {
    let raw = await file.read();
    if (raw === null) return undefined;
    const sealed = Sealed.safeParse(raw);
    if (sealed.success && this.sealer) raw = JSON.parse(this.sealer.open(sealed.data.sealed)) as unknown;
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) throw new Error(`${file.name}: not valid:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  async sweep(visit: (value: T) => 'keep' | 'delete'): Promise<number> {
    let deleted = 0;
    for (const entry of await readdir(this.dir)) {
      if (!/^[0-9a-f]{64}\.json$/.test(entry)) continue;
      const name = path.join(this.dir, entry);
      const file = new PrivateJsonFile<unknown>(name, { parse: (t) => JSON.parse(t) as unknown, stringify: (d) => JSON.stringify(d) });
      deleted += await this.queue.run(name, async () => {
        const value = await this.readFile(file).catch(() => undefined);
        if (value === undefined || visit(value) !== 'delete') return 0;
        await rm(name, { force: true });
        return 1;
      });
    }
    return deleted;
  }

  get(key: string): Promise<T | undefined> {
    const file = this.file(key);
    return this.queue.run(file.name, async () => {
      // Most keys asked for on a turn have no file (no review in progress): a stat says so without the
      // failed open and the error object it costs (measured: most of this store's share of a turn).
      if (!statSync(file.name, { throwIfNoEntry: false })) return undefined;
      return this.readFile(file);
    });
  }

  getWithVersion(key: string): Promise<Versioned<T> | undefined> {
    const file = this.file(key);
    return this.queue.run(file.name, async () => {
      // Identity first: if the file is replaced before the read, the version is already stale and a
      // conditional write fails (safe), rather than the new content going out under an old version.
      const version = identity(file.name);
      if (version === null) return undefined;
      const value = await this.readFile(file);
      return value === undefined ? undefined : { value, version };
    });
  }

  putIfVersion(key: string, value: T, expected: string | null): Promise<string> {
    const file = this.file(key);
    const text = JSON.stringify(this.stored(value));
    return this.queue.run(file.name, async () => {
      if (identity(file.name) !== expected) throw new ConflictError('the entry changed since it was read');
      return writeAtomic(file.name, text);
    });
  }

  deleteIfVersion(key: string, expected: string): Promise<void> {
    const file = this.file(key);
    return this.queue.run(file.name, async () => {
      if (identity(file.name) !== expected) throw new ConflictError('the entry changed since it was read');
      await rm(file.name, { force: true });
    });
  }

  /** What goes in the file: the checked value, sealed whole when there is a sealer. */
  private stored(value: T): unknown {
    const valid = this.schema.parse(value);
    return this.sealer ? { sealed: this.sealer.seal(JSON.stringify(valid)) } : valid;
  }

  put(key: string, value: T): Promise<void> {
    const file = this.file(key);
    const stored = this.stored(value);
    return this.queue.run(file.name, () => file.write(stored));
  }

  delete(key: string): Promise<void> {
    const file = this.file(key);
    return this.queue.run(file.name, () => rm(file.name, { force: true }));
  }
}
