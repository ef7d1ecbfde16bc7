// A lowdb adapter like lowdb's DataFile, but written through writeAtomic: owner-only (0600), flushed,
// unique temp name. lowdb's own writer creates files readable by everyone on the machine (0644).
import type { Adapter } from 'lowdb';
import { writeAtomic } from './atomic-file.js';
import { readText } from './json-text.js';

export class PrivateJsonFile<T> implements Adapter<T> {
  constructor(
    readonly name: string,
    private readonly o: { parse: (text: string) => T; stringify: (data: T) => string },
  ) {}

  async read(): Promise<T | null> {
    const text = await readText(this.name);
    return text === undefined ? null : this.o.parse(text);
  }

  async write(data: T): Promise<void> {
    await writeAtomic(this.name, this.o.stringify(data));
  }
}
