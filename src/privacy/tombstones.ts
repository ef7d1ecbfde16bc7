// Non-personal tombstones: a line saying that something was erased, when, why and which record id it was,
// never what it held or whose it was. Appended to DATA_DIR/audit/erasures-YYYY-MM.jsonl (owner-only).
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const Tombstone = z.object({
  at: z.string(),
  /** Who asked: the person ("forget me"), the retention schedule, or an operator (npm run erase). */
  who: z.enum(['person', 'retention', 'operator']),
  action: z.literal('erase'),
  /** The erased record's id (random, meaningless once the record is gone), or "-" when no record was involved. */
  record: z.string().min(1).max(100),
  /** What kind of thing: record, paused, conversation, notice; and counts. Never personal. */
  detail: z.string().max(100).optional(),
});
export type Tombstone = z.infer<typeof Tombstone>;

export interface Tombstones {
  append(entry: Omit<Tombstone, 'at'> & { at?: string }): Promise<void>;
}

export async function openTombstones(dataDir: string): Promise<Tombstones> {
  const dir = path.join(dataDir, 'audit');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let tail: Promise<unknown> = Promise.resolve();
  return {
    append(entry) {
      const valid = Tombstone.parse({ ...entry, at: entry.at ?? new Date().toISOString() });
      const file = path.join(dir, `erasures-${valid.at.slice(0, 7)}.jsonl`);
      const run = tail.then(() => appendFile(file, `${JSON.stringify(valid)}\n`, { encoding: 'utf8', mode: 0o600, flag: 'a' }));
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
