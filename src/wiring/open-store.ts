// Chooses the store from the environment: PostgreSQL when DATABASE_URL is set, else the file store in DATA_DIR.
import path from 'node:path';
import type { Env } from '../config.js';
import type { Logger } from '../logger.js';
import type { Keyring } from '../records/keyring.js';
import { openFileStore } from '../records/file-store.js';
import type { Store } from '../records/store.js';

export type StoreKind = 'postgres' | 'files';

export function storeKind(env: Pick<Env, 'DATABASE_URL'>): StoreKind {
  return env.DATABASE_URL ? 'postgres' : 'files';
}

/** keyring: DATA_KEYS, when free text is encrypted (either store then seals its report rows with it). */
export async function openStore(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATA_DIR'>, log?: Logger, keyring?: Keyring): Promise<Store> {
  if (env.DATABASE_URL) {
    // Loaded only when used: the driver is about 15 MB of memory a deployment on files never needs.
    const { openPostgresStore } = await import('../records/postgres/postgres-store.js');
    return openPostgresStore({ connectionString: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_MAX, log, keyring });
  }
  return openFileStore(path.resolve(env.DATA_DIR), { keyring });
}
