// npm run migrate-store: a lowdb folder copied into PostgreSQL, checked, and safe to run again.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openLowdbStore } from '../../src/records/lowdb-store.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import type { Store } from '../../src/records/store.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';
import { AWKWARD_TEXT, makeState } from '../store-contract/contract.js';

let db: TestDatabase;
let dataDir: string;
const records: OutcomeRecord[] = [];

function migrateStore(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['dist/src/cli/migrate-store.js', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.split('\n').filter((l) => !l.startsWith('(node:') && !l.startsWith('(Use')).join('\n') };
}

async function all(store: Store): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of store.records.all()) out.push(r);
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

beforeAll(async () => {
  db = await testDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'migrate-store-'));
  const lowdb = await openLowdbStore(dataDir);
  for (let i = 0; i < 40; i++) {
    const r = makeRecord({ subjectRef: `subject-${i % 13}`, whatMatters: i === 7 ? AWKWARD_TEXT.join(' ') : `Invented words ${i}` });
    records.push(r);
    await lowdb.records.add(r);
  }
  const flagged = makeRecord({ subjectRef: 'subject-flagged', safeguardingFlag: { flagged: true, categories: ['harm'], at: '2025-03-01T10:05:00.000Z' }, outcomes: [makeOutcome({ ownWords: AWKWARD_TEXT[0] })] });
  records.push(flagged);
  await lowdb.records.add(flagged);
  await lowdb.conversations.put('webchat-conv-1', makeState());
  await lowdb.conversations.put('msteams:19:abc@thread.v2', makeState({ whatMatters: AWKWARD_TEXT[1] }));
  await lowdb.conversations.put('webchat-conv-3', makeState({ step: { kind: 'summary' } }));
  await lowdb.paused.put('AB12-CD34-EF', makeState({ code: 'AB12-CD34-EF' }));
  await lowdb.paused.put('GH56-JK78-MN', makeState({ code: 'GH56-JK78-MN', step: { kind: 'priorities' } }));
  await lowdb.close();
}, 120_000);

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
});

describe('migrate-store', () => {
  test('copies everything, then checks counts and checksums', async () => {
    const run = migrateStore(['--from', dataDir], { DATABASE_URL: db.url });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^conversations: 3 in the folder, 3 copied, 0 already there, 3 checked$/m);
    expect(run.stdout).toMatch(/^paused: +2 in the folder, 2 copied, 0 already there, 2 checked$/m);
    expect(run.stdout).toMatch(/^records: +41 in the folder, 41 copied, 0 already there, 41 checked$/m);
    expect(run.stdout).toMatch(/every item is in the database and its checksum matches/);
    expect(run.stdout).not.toMatch(/Invented words|Some time to myself/);

    const store = await openPostgresStore({ connectionString: db.url, migrate: false });
    try {
      expect(await all(store)).toEqual([...records].sort((a, b) => (a.id < b.id ? -1 : 1)));
      expect(await store.conversations.get('webchat-conv-1')).toEqual(makeState());
      expect((await store.conversations.get('msteams:19:abc@thread.v2'))?.whatMatters).toBe(AWKWARD_TEXT[1]);
      expect((await store.paused.get('GH56-JK78-MN'))?.step).toEqual({ kind: 'priorities' });
      expect((await store.records.bySubject('subject-flagged'))[0].safeguardingFlag.flagged).toBe(true);
    } finally {
      await store.close();
    }
  });

  test('run again, it copies nothing and checks everything', async () => {
    const run = migrateStore(['--from', dataDir, '--to', db.url]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^records: +41 in the folder, 0 copied, 41 already there, 41 checked$/m);
    expect(run.stdout).toMatch(/^paused: +2 in the folder, 0 copied, 2 already there, 2 checked$/m);

    // A copied conversation goes on under the version check like any other.
    const store = await openPostgresStore({ connectionString: db.url, migrate: false });
    try {
      const read = await store.conversations.getWithVersion('webchat-conv-3');
      await store.conversations.putIfVersion('webchat-conv-3', makeState({ step: { kind: 'sharing' } }), read!.version);
    } finally {
      await store.close();
    }
  });

  test('an item in the database that differs from the folder is reported by id and left alone', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const target = records[3];
      await pool.query(`UPDATE records SET body = jsonb_set(body, '{whatMatters}', '"changed in the database"') WHERE id = $1`, [target.id]);
      const run = migrateStore(['--from', dataDir, '--to', db.url]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`1 DIFFER (${target.id})`);
      expect(run.stderr).toMatch(/does not match the folder/);
      const { rows } = await pool.query("SELECT body->>'whatMatters' AS w FROM records WHERE id = $1", [target.id]);
      expect(rows[0].w).toBe('changed in the database');
    } finally {
      await pool.end();
    }
  });

  test('npm run export reads the records from PostgreSQL when DATABASE_URL is set', () => {
    const result = spawnSync(process.execPath, ['dist/src/cli/export.js', '--format', 'json'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DATA_DIR: path.join(dataDir, 'not-used') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const ids = result.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(records.map((r) => r.id)));
  });

  test('says what is wrong with its arguments or folder', () => {
    expect(migrateStore(['--from', dataDir])).toMatchObject({ status: 2, stderr: expect.stringMatching(/pass --to postgres:\/\/\.\.\. or set DATABASE_URL/) });
    expect(migrateStore(['--from', path.join(dataDir, 'nope'), '--to', db.url])).toMatchObject({ status: 1, stderr: expect.stringMatching(/data folder not found/) });
    const unreachable = migrateStore(['--from', dataDir, '--to', 'postgres://someone:Secret-Pw-123@127.0.0.1:1/outcomes']);
    expect(unreachable).toMatchObject({ status: 1, stderr: 'migrate-store: cannot use 127.0.0.1:1/outcomes (ECONNREFUSED)\n' });
  });
});
