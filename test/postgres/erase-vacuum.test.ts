// Finding 8 of issue 14: after an erasure on PostgreSQL the erased words stayed in the tables as dead rows
// until a VACUUM. Here `npm run erase` (the real tool, a real database) vacuums the tables it deleted from,
// and pageinspect reads every row version of every page: no version, live or dead, holds the erased words.
// With --rewrite (VACUUM FULL) the words are gone from the table's file on disk too. No DATA_KEYS here, so
// the words would be stored in the clear: the worst case.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { eraseByCode } from '../../src/privacy/erase.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import type { Store } from '../../src/records/store.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';
import { makeState } from '../store-contract/contract.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';

let db: TestDatabase;
let sql: pg.Pool;
let store: Store;

beforeAll(async () => {
  db = await testDatabase();
  sql = new pg.Pool({ connectionString: db.url, max: 2 });
  store = await openPostgresStore({ connectionString: db.url });
  // Reads pages as they are, with every row version in them (the tests' user is the cluster's superuser).
  await sql.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
}, 120_000);

afterAll(async () => {
  await store?.close();
  await sql?.end();
  await db?.drop();
});

/** A person with invented words only they said, in a record and in a paused conversation. */
async function person(code: string, words: string): Promise<void> {
  await store.records.add(
    makeRecord({ subjectRef: subjectRefFor(code), whatMatters: `${words} matters most`, outcomes: [makeOutcome({ ownWords: `${words} every day` })] }),
  );
  await store.paused.put(code, makeState({ code, whatMatters: `${words} again` }));
}

/** How many row versions (live or dead) in the table's pages hold `words`; also checks the pages can be read. */
async function versionsHolding(table: string, words: string): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(
    `SELECT count(*) AS n
       FROM generate_series(0, pg_relation_size($1::text::regclass) / current_setting('block_size')::int - 1) AS page,
            LATERAL heap_page_items(get_raw_page($1::text, page::int)) AS item
      WHERE item.t_data IS NOT NULL AND position(convert_to($2, 'UTF8') IN item.t_data) > 0`,
    [table, words],
  );
  return Number(rows[0].n);
}

/** Whether the table's file on disk (after a checkpoint writes every page out) holds `words` anywhere. */
async function fileHolds(table: string, words: string): Promise<boolean> {
  await sql.query('CHECKPOINT');
  const { rows } = await sql.query<{ found: boolean }>(
    `SELECT position(convert_to($2, 'UTF8') IN pg_read_binary_file(pg_relation_filepath($1::text::regclass))) > 0 AS found`,
    [table, words],
  );
  return rows[0].found;
}

function erase(...args: string[]) {
  return spawnSync(process.execPath, [path.resolve('dist/src/cli/erase.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('erasure on PostgreSQL leaves no dead copy of the words', () => {
  test('without a VACUUM, a deleted record and paused conversation are still in the pages (the finding)', async () => {
    await person('WXYZ-2345-AB', 'Quillfeather the tortoise');
    const ref = subjectRefFor('WXYZ-2345-AB');
    for (const r of await store.records.bySubject(ref)) await store.records.delete(r.id);
    await store.paused.delete('WXYZ-2345-AB');
    expect(await store.records.bySubject(ref)).toEqual([]);
    expect(await versionsHolding('records', 'Quillfeather the tortoise')).toBeGreaterThan(0);
    expect(await versionsHolding('paused_states', 'Quillfeather the tortoise')).toBeGreaterThan(0);
    await store.reclaimDeleted!();
    expect(await versionsHolding('records', 'Quillfeather the tortoise')).toBe(0);
  });

  test('npm run erase vacuums the tables it deleted from: no row version holds the words; others are kept', async () => {
    await person('ABCD-EFGH-23', 'Marmaduke the heron');
    await person('BCDE-FGHJ-34', 'Pennywhistle the goat');
    const r = erase('--code', 'ABCD-EFGH-23');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^erase: removed 1 records, 1 paused conversations/m);
    expect(r.stdout).toMatch(/^erase: vacuumed records, conversation_states, paused_states, keyed_documents in \d+ ms$/m);
    for (const table of ['records', 'paused_states', 'conversation_states', 'keyed_documents']) {
      expect(await versionsHolding(table, 'Marmaduke the heron')).toBe(0);
    }
    // The other person is untouched, and the check sees their words where they are.
    expect(await versionsHolding('records', 'Pennywhistle the goat')).toBeGreaterThan(0);
    expect(await versionsHolding('paused_states', 'Pennywhistle the goat')).toBeGreaterThan(0);
  });

  test('npm run erase --rewrite (VACUUM FULL): the words are not in the table files on disk either', async () => {
    await person('CDEF-GHJK-45', 'Hollyhock the ferret');
    expect(await fileHolds('records', 'Hollyhock the ferret')).toBe(true);
    const r = erase('--code', 'CDEF-GHJK-45', '--rewrite');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^erase: rewrote \(VACUUM FULL\) records, conversation_states, paused_states, keyed_documents in \d+ ms$/m);
    expect(await fileHolds('records', 'Hollyhock the ferret')).toBe(false);
    expect(await fileHolds('paused_states', 'Hollyhock the ferret')).toBe(false);
    expect(await fileHolds('records', 'Pennywhistle the goat')).toBe(true);
  });

  test('"forget me" in a chat vacuums in the background: soon no row version holds the words', async () => {
    await person('DEFG-HJKL-56', 'Tumbleweed the llama');
    const r = await eraseByCode({ store, reclaim: 'background' }, 'DEFG-HJKL-56', 'person');
    expect(r.records).toBe(1);
    expect(r.reclaimed).toBe('background');
    const until = Date.now() + 15_000;
    while ((await versionsHolding('records', 'Tumbleweed the llama')) > 0 && Date.now() < until) await new Promise((done) => setTimeout(done, 100));
    expect(await versionsHolding('records', 'Tumbleweed the llama')).toBe(0);
    expect(await versionsHolding('paused_states', 'Tumbleweed the llama')).toBe(0);
  });
});
