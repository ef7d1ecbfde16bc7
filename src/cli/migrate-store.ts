// npm run migrate-store -- [--from DIR] [--to URL]
// Copies the file store's data folder (default DATA_DIR, else "data") into PostgreSQL (default DATABASE_URL),
// bringing the schema up to date first, then reads every item back and compares counts and checksums.
// Stop the bot first: nothing may write to the folder while it is copied. Running it again is safe.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { copyLowdbToPostgres, type KindReport } from '../records/postgres/copy-from-files.js';
import { migrate } from '../records/postgres/migrate.js';
import { describeDatabase } from '../records/postgres/postgres-store.js';

const USAGE = 'usage: npm run migrate-store -- [--from DATA_FOLDER] [--to postgres://...]  (defaults: DATA_DIR, DATABASE_URL)';

class UsageError extends Error {}

function readArgs(argv: string[]): { from: string; to: string } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const from = values.from ?? (process.env.DATA_DIR || 'data');
  const to = values.to ?? process.env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\/\S+$/.test(to)) throw new UsageError('the database is needed: pass --to postgres://... or set DATABASE_URL');
  return { from, to };
}

function line(name: string, r: KindReport): string {
  const differ = r.differ.length ? `, ${r.differ.length} DIFFER (${r.differ.slice(0, 20).join(', ')}${r.differ.length > 20 ? ', ...' : ''})` : '';
  return `${`${name}:`.padEnd(22)}${r.source} in the folder, ${r.copied} copied, ${r.alreadyThere} already there, ${r.checked} checked${differ}\n`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = readArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`migrate-store: ${error.message} (${USAGE})\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const from = path.resolve(args.from);
  // Never create an empty store in the wrong place: the folder must exist.
  if (!(await stat(from).catch(() => undefined))?.isDirectory()) {
    process.stderr.write(`migrate-store: data folder not found: ${from} (pass --from or set DATA_DIR)\n`);
    return 1;
  }
  const where = describeDatabase(args.to);
  const pool = new pg.Pool({ connectionString: args.to, max: 2 });
  pool.on('error', () => undefined);
  try {
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      process.stderr.write(`migrate-store: cannot use ${where} (${(error as { code?: string }).code ?? 'unknown error'})\n`);
      return 1;
    }
    process.stdout.write(`migrate-store: copying ${from} into ${where}\n`);
    const applied = await migrate(pool);
    if (applied.length) process.stdout.write(`${'schema:'.padEnd(22)}applied ${applied.join(', ')}\n`);
    const report = await copyLowdbToPostgres(from, pool);
    process.stdout.write(report.kinds.map(([name, r]) => line(name, r)).join(''));
    if (!report.ok) {
      process.stderr.write('migrate-store: the copy does not match the folder for the items marked DIFFER; nothing already in the database was changed\n');
      return 1;
    }
    process.stdout.write('migrate-store: done: every item is in the database and its checksum matches the folder\n');
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`migrate-store: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
