// Opens the bot's data for a command-line tool: PostgreSQL when DATABASE_URL is set, else the file store folder
// in DATA_DIR (which must exist: a tool never creates an empty store in the wrong place). `store` decrypts
// with DATA_KEYS when set; `raw` is the store as it is on disk.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadEnv, loadKeyring, type Env } from '../config.js';
import { encryptedStore } from '../records/encrypted-store.js';
import type { Keyring } from '../records/keyring.js';
import { openFileStore } from '../records/file-store.js';
import { openPostgresStore } from '../records/postgres/postgres-store.js';
import type { Store } from '../records/store.js';

export class CliError extends Error {}

export interface CliData {
  env: Env;
  dataDir: string;
  raw: Store;
  store: Store;
  keyring?: Keyring;
}

export async function openCliData(): Promise<CliData> {
  const env = loadEnv();
  const dataDir = path.resolve(env.DATA_DIR);
  const info = env.DATABASE_URL ? undefined : await stat(dataDir).catch(() => undefined);
  if (!env.DATABASE_URL && !info?.isDirectory()) throw new CliError(`data directory not found: ${dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
  const keyring = loadKeyring(env);
  // With DATABASE_URL the schema is the bot's to migrate, not a tool's.
  const raw = env.DATABASE_URL
    ? await openPostgresStore({ connectionString: env.DATABASE_URL, migrate: false, keyring })
    : await openFileStore(dataDir, { keyring });
  return { env, dataDir, raw, store: keyring ? encryptedStore(raw, keyring) : raw, keyring };
}

/** Runs a tool's main and sets the exit code; errors are one line, never a stack trace. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
