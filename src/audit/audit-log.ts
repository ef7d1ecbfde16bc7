// Append-only audit of what practitioners do with records: who, what, when, which record. One JSON
// object per line in DATA_DIR/audit/audit-YYYY-MM.jsonl. Not lowdb: lowdb rewrites the whole file on
// every write, so each entry would cost more than the last and every write could change history;
// fs.appendFile (O_APPEND) only ever adds a line at the end. Entries hold ids, never personal details.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';

export const AuditAction = z.enum([
  'open',
  /** A safety flag with no record opened: its notice id as the record. */
  'open-flag',
  'claim',
  'note',
  'action-add',
  'action-done',
  'close',
  'practitioner-view',
  'export',
  'create',
  'review',
  /** A manager viewed the headline figures: record "*" (every record in the period), the period as detail. */
  'figures',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  at: z.string(),
  /** The practitioner's roster key (AAD object id, or user principal name when that is all the roster has). */
  who: z.string().min(1).max(200),
  action: AuditAction,
  /** The full record id, or "*" for many records (a report, an export of everything). */
  record: z.string().min(1).max(100),
  /** A short, non-personal detail, such as which action was marked done. */
  detail: z.string().max(100).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditLog {
  append(entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void>;
  /** Every entry, oldest first; a line that cannot be read is reported through onBadLine and skipped. */
  entries(options?: { onBadLine?: (file: string, line: number) => void }): AsyncIterable<AuditEntry>;
}

const FILE = /^audit-(\d{4})-(\d{2})\.jsonl$/;

export class FileAuditLog implements AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  static async open(dataDir: string): Promise<FileAuditLog> {
    const dir = path.join(dataDir, 'audit');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new FileAuditLog(dir);
  }

  append(entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void> {
    const valid = AuditEntry.parse({ ...entry, at: entry.at ?? new Date().toISOString() });
    const file = path.join(this.dir, `audit-${valid.at.slice(0, 7)}.jsonl`);
    // One chain, so entries land in the order they were made.
    const run = this.tail.then(() => appendFile(file, `${JSON.stringify(valid)}\n`, { encoding: 'utf8', mode: 0o600, flag: 'a' }));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async *entries(options: { onBadLine?: (file: string, line: number) => void } = {}): AsyncIterable<AuditEntry> {
    await this.tail;
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => FILE.test(n)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
      let n = 0;
      for await (const line of lines) {
        n++;
        if (!line.trim()) continue;
        let parsed: z.ZodSafeParseResult<AuditEntry>;
        try {
          parsed = AuditEntry.safeParse(JSON.parse(line));
        } catch {
          options.onBadLine?.(name, n);
          continue;
        }
        if (parsed.success) yield parsed.data;
        else options.onBadLine?.(name, n);
      }
    }
  }
}
