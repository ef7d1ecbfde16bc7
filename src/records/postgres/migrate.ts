// Applies migrations/NNN_name.sql in order at start-up. Hand-written (about 60 lines) rather than a
// migration library: no such library is installed, and this needs only ordered plain-SQL files, one
// transaction, a lock so instances starting together take turns, and a check that history was not edited.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';

/** pg_advisory_xact_lock key for "migrating outcomes-bot's schema"; any fixed number no one else uses. */
const MIGRATION_LOCK = 7_201_508_001;
const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

/** src/records/postgres/migrations, found from the source (ts-jest) or from dist/ (the .sql files are not compiled). */
function migrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = here;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const candidates = [join(here, 'migrations'), join(dir, 'src', 'records', 'postgres', 'migrations')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new MigrationError(`cannot find the migrations folder (looked in ${candidates.join(', ')})`);
  return found;
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const m = FILE.exec(name);
      if (!m) throw new MigrationError(`${name}: migration files are named NNN_name.sql (three digits, lowercase name)`);
      const sql = readFileSync(join(dir, name), 'utf8');
      return { version: Number(m[1]), name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1].version) throw new MigrationError(`${m.name}: two migrations numbered ${m.version}`);
  });
  return migrations;
}

/** Applies every migration not yet applied, all in one transaction; returns the names applied. */
export async function migrate(pool: Pool, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Held until COMMIT/ROLLBACK: a second instance starting now waits here, then finds nothing to do.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations');
    const applied = new Map(rows.map((r) => [r.version, r]));
    const done: string[] = [];
    for (const m of migrations) {
      const before = applied.get(m.version);
      if (before) {
        if (before.checksum !== m.checksum) {
          throw new MigrationError(`${m.name} was changed after it was applied (as ${before.name}); add a new migration instead`);
        }
        continue;
      }
      try {
        await client.query(m.sql);
      } catch (error) {
        throw new MigrationError(`${m.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      done.push(m.name);
    }
    // Versions this code does not know are left alone: a newer instance may have added them during a rolling deploy.
    await client.query('COMMIT');
    return done;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
