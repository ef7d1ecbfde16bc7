// npm run export -- --format json|csv [--out FILE] [--include-contact]
// Reads the records under DATA_DIR (default "data"), or in PostgreSQL when DATABASE_URL is set, and writes them as CSV or JSON lines.
// --include-contact adds contact details and first writes an entry in the audit log (DATA_DIR/audit/).
// subject_ref is keyed with EXPORT_SUBJECT_KEY (src/records/export-subject-key.ts).
// npm run export -- --new-subject-key             prints a new secret for EXPORT_SUBJECT_KEY
// npm run export -- --subject-ref-map [--out FILE] after a key change: CSV previous_subject_ref,subject_ref
//   for every person in the store, from PREVIOUS_EXPORT_SUBJECT_KEY to EXPORT_SUBJECT_KEY (keys never on the command line).
import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FileAuditLog } from '../audit/audit-log.js';
import { sharedAuditLog } from '../audit/shared-audit-log.js';
import { ConfigError, loadEnv, loadKeyring } from '../config.js';
import { exportSubjectKey, loadExportSubjectKey, missingInProduction, newExportSubjectSecret, type ExportSubjectKey } from '../records/export-subject-key.js';
import { encryptedStore } from '../records/encrypted-store.js';
import { openFileStore } from '../records/file-store.js';
import { openPostgresStore } from '../records/postgres/postgres-store.js';
import { recordsToCsv, recordsToJsonLines, subjectRefMapToCsv } from '../records/export.js';
import type { OutcomeRecord } from '../records/record.js';

const USAGE = 'usage: npm run export -- --format json|csv [--out FILE] [--include-contact] | --subject-ref-map [--out FILE] | --new-subject-key';

class UsageError extends Error {}

interface Args {
  /** 'map': the previous key's refs beside the current key's, one row per person. */
  format: 'json' | 'csv' | 'map';
  out?: string;
  includeContact: boolean;
}

function readArgs(argv: string[]): Args | 'help' | 'new-key' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        'include-contact': { type: 'boolean', default: false },
        'subject-ref-map': { type: 'boolean', default: false },
        'new-subject-key': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (values['new-subject-key']) return 'new-key';
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file name');
  if (values['subject-ref-map']) {
    if (values.format !== undefined || values['include-contact']) throw new UsageError('--subject-ref-map takes only --out');
    return { format: 'map', out: values.out, includeContact: false };
  }
  if (values.format === undefined) throw new UsageError('--format is required (json or csv)');
  if (values.format !== 'json' && values.format !== 'csv') {
    throw new UsageError(`--format must be json or csv, not "${values.format}"`);
  }
  return { format: values.format, out: values.out, includeContact: values['include-contact'] === true };
}

/** Who ran the export, as the operating system knows them (no roster key on the command line). */
function operator(): string {
  try {
    return os.userInfo().username.slice(0, 80) || 'unknown';
  } catch {
    return process.env.USER?.slice(0, 80) || 'unknown';
  }
}

async function main(): Promise<number> {
  let args: Args | 'help' | 'new-key';
  try {
    args = readArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`export: ${error.message} (${USAGE})\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args === 'new-key') {
    process.stdout.write(`EXPORT_SUBJECT_KEY=${newExportSubjectSecret()}\n`);
    process.stderr.write("export: keep this in the host's secret store; changing it later changes every subject_ref (docs/SECURITY.md)\n");
    return 0;
  }

  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = process.env.DATA_DIR || 'data';
  // Do not create an empty store in the wrong place: the data directory must already exist.
  const info = databaseUrl ? undefined : await stat(dataDir).catch(() => undefined);
  if (!databaseUrl && !info?.isDirectory()) {
    process.stderr.write(`export: data directory not found: ${path.resolve(dataDir)} (set DATA_DIR, or DATABASE_URL for PostgreSQL)\n`);
    return 1;
  }

  // Settings first: a missing key stops the export before anything is opened.
  const env = loadEnv();
  if (env.NODE_ENV === 'production' && !env.EXPORT_SUBJECT_KEY.trim()) throw new ConfigError(missingInProduction);
  // Free text is encrypted at rest: read it back with DATA_KEYS, as the bot does.
  const keyring = loadKeyring(env);

  // With DATABASE_URL, the records every instance shares; the schema is the bot's to migrate, not this tool's.
  const raw = databaseUrl ? await openPostgresStore({ connectionString: databaseUrl, migrate: false }) : await openFileStore(dataDir);
  const store = keyring ? encryptedStore(raw, keyring) : raw;
  const records: OutcomeRecord[] = [];
  let subjectKey: ExportSubjectKey;
  let previousKey: ExportSubjectKey | undefined;
  try {
    subjectKey = await loadExportSubjectKey(env, raw.shared ? { shared: raw.shared } : { dataDir });
    previousKey = args.format === 'map' ? previousSubjectKey(subjectKey) : undefined;
    for await (const record of store.records.all()) records.push(record);
    if (args.includeContact) {
      // Contact details leaving the system are written in the audit log first: no entry, no export.
      // With PostgreSQL that is the log every instance shares.
      const audit = raw.shared ? sharedAuditLog(raw.shared) : await FileAuditLog.open(dataDir);
      await audit.append({
        who: `cli:${operator()}`,
        action: 'export',
        record: '*',
        detail: `with contact details: ${records.length} records as ${args.format}`,
      });
    }
  } finally {
    await store.close();
  }
  records.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const opts = { includeContact: args.includeContact, subjectRef: subjectKey.refFor };
  const text = previousKey
    ? subjectRefMapToCsv(records, previousKey, subjectKey)
    : args.format === 'csv'
      ? recordsToCsv(records, opts)
      : recordsToJsonLines(records, opts);
  if (args.out === undefined) {
    process.stdout.write(text);
  } else {
    // Owner-only: the export holds personal information (and contact details when asked for).
    await writeFile(args.out, text, { encoding: 'utf8', mode: 0o600 });
    const what = previousKey ? `the subject_ref map from key ${previousKey.id}` : `${records.length} records`;
    process.stderr.write(`export: ${what} written to ${args.out} (subject_ref under key ${subjectKey.id})\n`);
  }
  return 0;
}

/** PREVIOUS_EXPORT_SUBJECT_KEY, for the map from old refs to new; read from the environment, never the command line. */
function previousSubjectKey(current: ExportSubjectKey): ExportSubjectKey {
  const secret = process.env.PREVIOUS_EXPORT_SUBJECT_KEY?.trim();
  if (!secret) throw new ConfigError('--subject-ref-map needs PREVIOUS_EXPORT_SUBJECT_KEY: the key the earlier exports were made with');
  let previous: ExportSubjectKey;
  try {
    previous = exportSubjectKey(secret);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message.replace('EXPORT_SUBJECT_KEY', 'PREVIOUS_EXPORT_SUBJECT_KEY') : String(error));
  }
  if (previous.id === current.id) throw new ConfigError('PREVIOUS_EXPORT_SUBJECT_KEY is the same as the current key: nothing to map');
  return previous;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`export: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
