// Reading the embedded store's JSON files: a missing file is undefined, and a broken one is an error
// that names the file but never quotes its content (it holds personal text).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** As readText, synchronously: for small files read many at a time, where the async read's round trips cost more than the read. */
export function readTextSync(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
}
