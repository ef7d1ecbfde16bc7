// npm run audit -- [--record REF] [--who KEY] [--since YYYY-MM-DD] [--json]
// Prints the practitioners' audit log (DATA_DIR/audit/, or PostgreSQL with DATABASE_URL): who opened, changed or exported which record,
// and when. Oldest first; one line each, or JSON lines with --json. Entries hold ids, never personal details.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FileAuditLog, type AuditLog } from '../audit/audit-log.js';
import { sharedAuditLog } from '../audit/shared-audit-log.js';
import { openStore } from '../wiring/open-store.js';
import { ConfigError, loadEnv, loadOrganisation } from '../config.js';
import { readRef, refMatches, shortRef } from '../practitioner/record-ref.js';
import { Roster } from '../practitioner/roster.js';

const USAGE = 'usage: npm run audit -- [--record REF] [--who KEY] [--since YYYY-MM-DD] [--json]';

export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runAudit(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        record: { type: 'string' },
        who: { type: 'string' },
        since: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`audit: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const record = values.record !== undefined ? readRef(values.record) : undefined;
  if (values.record !== undefined && !record) {
    io.stderr(`audit: --record "${values.record}" is not a record reference (like 3FA1-B2C3)\n`);
    return 2;
  }
  if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) {
    io.stderr('audit: --since must be a date like 2026-11-01\n');
    return 2;
  }
  let env;
  try {
    env = loadEnv(io.env);
  } catch (error) {
    io.stderr(`audit: ${error instanceof ConfigError ? error.message : 'cannot read the settings'}\n`);
    return 1;
  }
  // Names make the log readable; without the organisation file, keys are shown as they are.
  let roster: Roster | undefined;
  try {
    roster = new Roster(loadOrganisation(path.resolve(env.ORGANISATION_FILE)).practitioners);
  } catch {
    roster = undefined;
  }
  // With DATABASE_URL the log is in PostgreSQL (every instance writes there); otherwise under DATA_DIR.
  const store = env.DATABASE_URL ? await openStore(env) : undefined;
  const log = store?.shared ? sharedAuditLog(store.shared) : new FileAuditLog(path.join(path.resolve(env.DATA_DIR), 'audit'));
  try {
    return await print(log, { record, who: values.who?.trim().toLowerCase(), since: values.since, json: values.json === true }, roster, io);
  } finally {
    await store?.close();
  }
}

async function print(
  log: AuditLog,
  filter: { record?: string; who?: string; since?: string; json: boolean },
  roster: Roster | undefined,
  io: Io,
): Promise<number> {
  const { record, who } = filter;
  const values = filter;
  let count = 0;
  for await (const entry of log.entries({ onBadLine: (file, line) => io.stderr(`audit: ${file} line ${line} cannot be read; skipped\n`) })) {
    if (record && !refMatches(entry.record, record)) continue;
    if (who && entry.who !== who) continue;
    if (values.since && entry.at < values.since) continue;
    count++;
    if (values.json) {
      io.stdout(`${JSON.stringify(entry)}\n`);
      continue;
    }
    const name = roster?.byKey(entry.who)?.name;
    // "*" is many records at once (an export of everything, a manager's figures), not a reference.
    const which = entry.record === '*' ? '*' : shortRef(entry.record);
    io.stdout(
      `${entry.at}  ${entry.action.padEnd(17)} record ${which}  by ${name ? `${name} (${entry.who})` : entry.who}${entry.detail ? `  ${entry.detail}` : ''}\n`,
    );
  }
  if (!values.json) io.stdout(`${count} ${count === 1 ? 'entry' : 'entries'}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runAudit(process.argv.slice(2), { env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`audit: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
