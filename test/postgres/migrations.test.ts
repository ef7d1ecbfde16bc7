// Schema migrations at start-up: in order, once, in one transaction, one instance at a time.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, MigrationError, readMigrations, type Migration } from '../../src/records/postgres/migrate.js';
import { openPostgresStore, StoreStartError } from '../../src/records/postgres/postgres-store.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';

let db: TestDatabase;
let admin: pg.Pool;

/** A fresh, empty database on the same server, dropped with the pool's database at the end. */
async function freshPool(name: string): Promise<pg.Pool> {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(db.url);
  url.pathname = `/${name}`;
  return new pg.Pool({ connectionString: url.toString(), max: 2 });
}

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.map((r) => r.tablename);
}

function extra(version: number, name: string, sql: string): Migration {
  return { version, name: `${String(version).padStart(3, '0')}_${name}.sql`, sql, checksum: `test-${version}-${sql.length}` };
}

beforeAll(async () => {
  db = await testDatabase();
  admin = new pg.Pool({ connectionString: db.url, max: 2 });
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await db?.drop();
});

describe('migrations', () => {
  test('the files are numbered NNN_name.sql and read in order', () => {
    const all = readMigrations();
    expect(all[0].name).toBe('001_initial.sql');
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort((x, y) => x - y));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    writeFileSync(path.join(dir, '2-bad name.sql'), 'SELECT 1');
    expect(() => readMigrations(dir)).toThrow(/2-bad name\.sql: migration files are named NNN_name\.sql/);
  });

  test('five instances starting at once: the schema is made once and every one of them starts', async () => {
    const pools = Array.from({ length: 5 }, () => new pg.Pool({ connectionString: db.url, max: 2 }));
    try {
      const results = await Promise.all(pools.map((p) => migrate(p)));
      expect(results.filter((r) => r.length > 0)).toEqual([readMigrations().map((m) => m.name)]);
      const { rows } = await admin.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
      expect(await tables(admin)).toEqual(expect.arrayContaining(['conversation_states', 'paused_states', 'records', 'schema_migrations']));
      // And again: nothing left to do.
      expect(await migrate(pools[0])).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test('a failing migration leaves the database as it was, and says which file failed', async () => {
    const pool = await freshPool('migrations_failing');
    try {
      const list = [...readMigrations(), extra(900, 'good', 'CREATE TABLE made_by_900 (x int)'), extra(901, 'broken', 'CREATE TABLE oops (')];
      await expect(migrate(pool, list)).rejects.toThrow(/^901_broken\.sql: syntax error/);
      expect(await tables(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  test('a migration edited after it was applied stops start-up', async () => {
    const pool = await freshPool('migrations_edited');
    try {
      await migrate(pool);
      const edited = readMigrations().map((m) => (m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: 'different' } : m));
      const error = await migrate(pool, edited).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toBe('001_initial.sql was changed after it was applied (as 001_initial.sql); add a new migration instead');
    } finally {
      await pool.end();
    }
  });

  test('versions this code does not know (a newer instance added them) are left alone', async () => {
    const pool = await freshPool('migrations_newer');
    try {
      await migrate(pool, [...readMigrations(), extra(950, 'from_the_future', 'CREATE TABLE future (x int)')]);
      expect(await migrate(pool)).toEqual([]);
      expect(await tables(pool)).toContain('future');
    } finally {
      await pool.end();
    }
  });

  test('a database that cannot be reached is named without its password', async () => {
    const error = await openPostgresStore({ connectionString: 'postgres://someone:Secret-Pw-123@127.0.0.1:1/outcomes' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreStartError);
    expect((error as Error).message).toBe('setting DATABASE_URL: cannot use 127.0.0.1:1/outcomes (ECONNREFUSED)');
  });

  test('a missing database or a wrong password is told in the words of the server, never with the password', async () => {
    const missing = new URL(db.url);
    missing.pathname = '/no_such_database';
    await expect(openPostgresStore({ connectionString: missing.toString() })).rejects.toThrow(
      /cannot use 127\.0\.0\.1:\d+\/no_such_database \(database "no_such_database" does not exist, 3D000\)$/,
    );
    const wrong = new URL(db.url);
    wrong.password = 'Wrong-Secret-456';
    const error = (await openPostgresStore({ connectionString: wrong.toString() }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/password authentication failed.*28P01\)$/);
    expect(error.message).not.toContain('Wrong-Secret-456');
  });

  test('the bot refuses to start with one clear line when its database cannot be reached', () => {
    const result = spawnSync(process.execPath, ['dist/src/index.js'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', DATABASE_URL: 'postgres://someone:Secret-Pw-123@127.0.0.1:1/outcomes' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    // (Node's own deprecation warnings may come before it.)
    const ours = result.stderr.split('\n').filter((line) => line.startsWith('outcomes-bot'));
    expect(ours).toEqual(['outcomes-bot cannot start: setting DATABASE_URL: cannot use 127.0.0.1:1/outcomes (ECONNREFUSED)']);
    expect(result.stdout + result.stderr).not.toContain('Secret-Pw-123');
  });
});
