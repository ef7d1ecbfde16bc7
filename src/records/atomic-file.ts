// Whole-file writes that are atomic (a temp file beside it, then rename: a reader sees the old file or
// the new, never part of one), and a cheap identity that changes whenever a file is replaced.
//
// The writes run on small worker threads, each as plain synchronous calls there: done on the event
// loop's own thread pool, one write was four hand-offs there and back (open, write, close, rename), and
// those hand-offs cost more of a turn than the writing itself. The event loop never waits on the disk.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * The file's inode, size and mtime; null when there is none. Every write here is a rename of a new file,
 * so any write changes it. Synchronous: a stat of one file whose directory entry is in memory costs a
 * few microseconds, a trip to the thread pool and back several times that (measured: 4 us against 20).
 */
export function identity(file: string): string | null {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : null;
}

// Plain JavaScript, so it runs the same from dist/ and under ts-jest. As write-file-atomic does: a temp
// name no other writer (thread or process) can share, the data flushed to disk (fsync) before the rename,
// so a crash or power cut leaves the old file or the whole new one, never an empty or short one; a temp
// file left by a crash is `.<name>.<pid>.<thread>.<n>.tmp`. The identity is taken before the rename
// (which keeps inode and mtime), so it is ours even if someone writes right after.
const WORKER_SOURCE = `
const { parentPort, threadId } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
let written = 0;
const identity = (file) => {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? s.ino + ':' + s.size + ':' + s.mtimeMs : null;
};
const write = (file, text) => {
  const temp = path.join(path.dirname(file), '.' + path.basename(file) + '.' + process.pid + '.' + threadId + '.' + written++ + '.tmp');
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, text, { encoding: 'utf8' }); // a string or bytes
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  const made = identity(temp);
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return made;
};
const changed = (code) => Object.assign(new Error('changed since it was last read'), { code });
parentPort.on('message', (m) => {
  try {
    if (m.op === 'write') return parentPort.postMessage({ id: m.id, identity: write(m.file, m.text) });
    // append: splice JSON items into the array that closes a compact '{"...":[...]}' file
    if (identity(m.file) !== m.expected) throw changed('ECHANGED');
    // As bytes: the existing text is never decoded, only copied.
    const old = m.expected === null ? Buffer.from(m.empty) : fs.readFileSync(m.file);
    if (old.length < 2 || old[old.length - 2] !== 0x5d || old[old.length - 1] !== 0x7d) throw changed('ENOTCOMPACT');
    const tail = Buffer.from((m.count > 0 ? ',' : '') + m.items + ']}', 'utf8');
    parentPort.postMessage({ id: m.id, identity: write(m.file, Buffer.concat([old.subarray(0, old.length - 2), tail])) });
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface Pending {
  resolve: (identity: string) => void;
  reject: (error: Error) => void;
}

/**
 * Writers by lane. Records get their own, so a confirm's segment write never holds up the small state
 * write another conversation's turn is waiting for.
 */
export type Lane = 'states' | 'records';

class Writer {
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: { id: number; identity?: string; error?: { message: string; code?: string } }) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) w.unref();
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.identity!);
    });
    const fail = (error: Error) => {
      if (this.#worker === w) this.#worker = undefined;
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    };
    w.on('error', fail);
    w.on('exit', () => fail(new Error('the file writer stopped')));
    this.#worker = w;
    return w;
  }

  send(message: Record<string, unknown>): Promise<string> {
    const w = this.#start();
    const id = this.#nextId++;
    // Held while a write is in flight, so the process does not exit with one half done.
    if (this.#pending.size === 0) w.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ ...message, id });
    });
  }
}

const writers: Record<Lane, Writer> = { states: new Writer(), records: new Writer() };

/** Writes `text` to `file` atomically (owner-only); returns the identity of what was written. */
export function writeAtomic(file: string, text: string, lane: Lane = 'states'): Promise<string> {
  return writers[lane].send({ op: 'write', file, text });
}

/**
 * Adds `items` (JSON values joined by commas) at the end of the array that closes a compact JSON file,
 * `count` items long now, atomically and without the file passing through this thread. Only while the
 * file is still `expected` (null: there is none yet, and `empty` is its content); otherwise it fails with
 * code ECHANGED, or ENOTCOMPACT when the file does not end in `]}`. Returns the new identity.
 */
export function appendAtomic(file: string, items: string, count: number, expected: string | null, empty: string, lane: Lane = 'records'): Promise<string> {
  return writers[lane].send({ op: 'append', file, items, count, expected, empty });
}

/** True for appendAtomic's refusals: the caller should read the file again and write it whole. */
export function isStale(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ECHANGED' || code === 'ENOTCOMPACT';
}
