// The report command as a function, so tests can run it in-process:
//   npm run report -- [--from DATE --to DATE] [--script ID] [--format html|json] [--out FILE] [--shared-only]
// Without dates it covers the last 12 full months, and the report says so.
// Bad flags: one line on stderr and exit code 2. Other failures: one line and exit code 1. Never a stack trace.
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadEnv, loadKeyring, loadOrganisation } from '../config.js';
import { loadScripts } from '../conversation/script-loader.js';
import { encryptedStore } from '../records/encrypted-store.js';
import { openFileStore } from '../records/file-store.js';
import type { Store } from '../records/store.js';
import { buildReport, reportSource } from '../report/build-report.js';
import { renderReportHtml } from '../report/html.js';
import { isDate, lastFullMonths } from '../report/period.js';
import { shownValue } from '../report/small-numbers.js';
import { organisationReportOptions } from '../report/organisation-options.js';
import { loadReportText } from '../report/text.js';

export const USAGE = 'usage: npm run report -- [--from YYYY-MM-DD --to YYYY-MM-DD] [--script ID] [--format html|json] [--out FILE] [--shared-only]';

/** The period a report covers when no dates are given: a year of whole months. */
export const DEFAULT_REPORT_MONTHS = 12;

export class UsageError extends Error {}

export interface ReportArgs {
  from: string;
  to: string;
  /** Set when no dates were given and the report covers the last full months. */
  chosenMonths?: number;
  script?: string;
  format: 'html' | 'json';
  out?: string;
  sharedOnly: boolean;
}

export function readReportArgs(argv: string[], now: Date = new Date()): ReportArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        script: { type: 'string' },
        format: { type: 'string', default: 'html' },
        out: { type: 'string' },
        'shared-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node's messages are long and mention internals; the first sentence is the useful part.
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('. ')[0].replace(/\.$/, ''));
  }
  if (values.help) return 'help';
  if ((values.from === undefined) !== (values.to === undefined)) {
    throw new UsageError(`--${values.from === undefined ? 'from' : 'to'} is needed too (or leave out both for the last ${DEFAULT_REPORT_MONTHS} full months)`);
  }
  for (const name of ['from', 'to'] as const) {
    const value = values[name];
    if (value !== undefined && !isDate(value)) throw new UsageError(`--${name} must be a date like 2026-01-31, not "${value}"`);
  }
  const chosen = values.from === undefined || values.to === undefined ? lastFullMonths(now, DEFAULT_REPORT_MONTHS) : undefined;
  const from = chosen?.from ?? values.from ?? '';
  const to = chosen?.to ?? values.to ?? '';
  if (from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
  if (values.format !== 'html' && values.format !== 'json') throw new UsageError(`--format must be html or json, not "${values.format}"`);
  if (values.script !== undefined && !/^[a-z][a-z0-9-]*$/.test(values.script)) {
    throw new UsageError(`--script must be a script id like carer, not "${values.script}"`);
  }
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file name');
  return {
    from,
    to,
    chosenMonths: chosen ? DEFAULT_REPORT_MONTHS : undefined,
    script: values.script,
    format: values.format,
    out: values.out,
    sharedOnly: values['shared-only'] === true,
  };
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** For tests: a store to read instead of the one the environment names. */
  store?: Store;
  now?: Date;
}

/** As the other tools open data (src/cli/open-data.ts), but from the given environment so tests can set it. */
async function openConfiguredStore(env: ReturnType<typeof loadEnv>): Promise<Store> {
  const keyring = loadKeyring(env);
  if (!env.DATABASE_URL) {
    // Do not create an empty store in the wrong place: the data directory must already exist.
    const info = await stat(env.DATA_DIR).catch(() => undefined);
    if (!info?.isDirectory()) throw new ConfigError(`data directory not found: ${path.resolve(env.DATA_DIR)} (set DATA_DIR)`);
  }
  // With DATABASE_URL the schema is the bot's to migrate, not a tool's.
  // The PostgreSQL driver is loaded only when used: a tenth of a second of start-up a report on files never needs.
  const store = env.DATABASE_URL
    ? await (await import('../records/postgres/postgres-store.js')).openPostgresStore({ connectionString: env.DATABASE_URL, migrate: false, keyring })
    : await openFileStore(path.resolve(env.DATA_DIR), { keyring });
  // Free text is encrypted at rest: the quotes are read back with DATA_KEYS, as the bot does.
  return keyring ? encryptedStore(store, keyring) : store;
}

export async function runReportCli(argv: string[], io: CliIo): Promise<number> {
  let args: ReportArgs | 'help';
  try {
    args = readReportArgs(argv, io.now);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`report: ${error.message} (${USAGE})\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }

  try {
    const env = loadEnv(io.env);
    const organisation = loadOrganisation(path.resolve(env.ORGANISATION_FILE));
    const dialogs = path.resolve(env.DIALOGS_DIR);
    if (args.script !== undefined && !existsSync(path.join(dialogs, `${args.script}.yaml`))) {
      io.stderr(`report: --script: no script "${args.script}" in ${env.DIALOGS_DIR} (${USAGE})\n`);
      return 2;
    }
    const ids = args.script ? [args.script] : organisation.scripts;
    const scripts = loadScripts(dialogs, ids);
    const text = loadReportText();

    const store = io.store ?? (await openConfiguredStore(env));
    let report;
    try {
      report = await buildReport(reportSource(store.records), {
        from: args.from,
        to: args.to,
        chosenMonths: args.chosenMonths,
        script: args.script,
        ...organisationReportOptions(organisation, scripts),
        sharedOnly: args.sharedOnly,
        text,
        now: io.now,
      });
    } finally {
      if (!io.store) await store.close();
    }

    const output = args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : await renderReportHtml(report, text);
    const conversations = shownValue(report.conversations);
    const summary = conversations === undefined ? `fewer than ${report.threshold} conversations` : `${conversations} conversations`;
    if (args.out === undefined) io.stdout(output);
    else {
      // Owner-only: the report holds people's own words.
      await writeFile(args.out, output, { encoding: 'utf8', mode: 0o600 });
      const period = `${args.from} to ${args.to}${args.chosenMonths ? ` (the last ${args.chosenMonths} full months)` : ''}`;
      io.stderr(`report: ${summary} from ${period}, written to ${args.out}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr(`report: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    return 1;
  }
}
