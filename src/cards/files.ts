// Finds and reads the card content files (cards/) from the project root, wherever the code runs from.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding package.json above this file (src/cards/ under ts-jest, dist/src/cards/ when built). */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  root = dir;
  return dir;
}

export function cardsDir(): string {
  return join(projectRoot(), 'cards');
}

/** Reads cards/<name> as JSON; a broken file fails with `cards/NAME: what is wrong`. */
export function readCardJson(name: string): { json: unknown; shown: string } {
  const file = join(cardsDir(), name);
  const shown = relative(projectRoot(), file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${shown}: cannot be read`);
  }
  try {
    return { json: JSON.parse(source) as unknown, shown };
  } catch (e) {
    throw new Error(`${shown}: not valid JSON (${(e as Error).message})`);
  }
}
