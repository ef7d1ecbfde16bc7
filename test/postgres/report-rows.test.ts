// Report rows in PostgreSQL: the report they give is the report every record gives; they follow
// updates, are made again where missing or cleared (an instance on older code wrote the body), and
// with DATA_KEYS hold no word in the clear.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/cards/files.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import { encryptedStore } from '../../src/records/encrypted-store.js';
import { newKeySpec, parseKeyring } from '../../src/records/keyring.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import type { Store } from '../../src/records/store.js';
import { buildReport, reportSource, type ReportOptions } from '../../src/report/build-report.js';
import { generateRecords } from '../fixtures/generate-records.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';

const scripts = loadScripts(path.join(projectRoot(), 'dialogs'), ['carer', 'adult', 'care-home']);
const options: ReportOptions = { from: '2025-01-01', to: '2025-12-31', scripts, threshold: 1, now: new Date('2026-01-05T09:00:00Z') };
const records = generateRecords({ count: 400, seed: 9, from: '2024-10-01', to: '2025-12-31' });
const WORDS = 'Only the purple kettle keeps me going on a Tuesday.';

let db: TestDatabase;
let sql: pg.Pool;
let store: Store | undefined;

beforeAll(async () => {
  db = await testDatabase();
  sql = new pg.Pool({ connectionString: db.url, max: 2 });
}, 120_000);

afterAll(async () => {
  await store?.close();
  await sql?.end();
  await db?.drop();
});

beforeEach(async () => {
  await store?.close();
  store = await openPostgresStore({ connectionString: db.url });
  await sql.query('TRUNCATE records, report_catalogues');
});

async function add(target: Store, list: OutcomeRecord[]): Promise<void> {
  await Promise.all(
    Array.from({ length: 4 }, async (_, k) => {
      for (let i = k; i < list.length; i += 4) await target.records.add(list[i]);
    }),
  );
}

async function countRows(where: string): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM records WHERE ${where}`);
  return Number(rows[0].n);
}

function quotable(): OutcomeRecord {
  return makeRecord({
    subjectRef: 'subject-invented-0042',
    sharing: 'shared',
    confirmedAt: '2025-06-02T10:12:00.000Z',
    outcomes: [makeOutcome({ ownWords: WORDS })],
  });
}

describe('report rows in PostgreSQL', () => {
  test('give the same report as every record, whole or in parts, with the labels kept once', async () => {
    await add(store!, records);
    const expected = await buildReport(records, options);
    expect(await buildReport(reportSource(store!.records), options)).toEqual(expected);
    expect(await countRows('report_row IS NULL')).toBe(0);
    // A few label lists serve every record.
    const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM report_catalogues');
    expect(Number(rows[0].n)).toBeLessThan(records.length / 4);
    let inParts = 0;
    for (let index = 0; index < 3; index++) for await (const batch of store!.records.reportBatches!({ index, of: 3 })) inParts += batch.rows.length;
    expect(inParts).toBe(records.length);
  });

  test('follow an update, and are made again where an older instance changed the body or wrote none', async () => {
    await add(store!, records);
    const shared = records.find((r) => r.sharing === 'shared' && r.followUp.status === 'new' && r.confirmedAt >= '2025-01-01')!;
    const done = await store!.records.update(shared.id, (r) => ({ ...r, followUp: { ...r.followUp, status: 'done' } }));
    const now = records.map((r) => (r.id === done!.id ? done! : r));
    expect(await buildReport(reportSource(store!.records), options)).toEqual(await buildReport(now, options));

    // Code from before the rows changes a body, and writes records with no row at all.
    const other = records.find((r) => r.sharing === 'private' && r.confirmedAt >= '2025-01-01')!;
    await sql.query(`UPDATE records SET body = jsonb_set(body, '{sharing}', '"shared"'), sharing = 'shared' WHERE id = $1`, [other.id]);
    expect(await countRows(`id = '${other.id}' AND report_row IS NULL`)).toBe(1);
    await sql.query(`UPDATE records SET report_row = NULL, report_catalogue = NULL WHERE id IN (SELECT id FROM records ORDER BY id LIMIT 50)`);
    const after = now.map((r): OutcomeRecord => (r.id === other.id ? { ...r, sharing: 'shared' } : r));
    expect(await buildReport(reportSource(store!.records), options)).toEqual(await buildReport(after, options));
    expect(await countRows('report_row IS NULL')).toBe(0);
  });

  test('hold no word in the clear with the keys, and the report still reads them', async () => {
    await store!.close();
    const keyring = parseKeyring(newKeySpec('k1'));
    store = await openPostgresStore({ connectionString: db.url, keyring });
    const sealed = encryptedStore(store, keyring);
    const mine = quotable();
    const list = [...records.slice(0, 60), mine];
    await add(sealed, list);
    const report = await buildReport(reportSource(sealed.records), options);
    expect(JSON.stringify(report)).toContain(WORDS);
    expect(report).toEqual(await buildReport(list, options));
    expect(await countRows(`report_row NOT LIKE 'enc:v1:k1:%'`)).toBe(0);
    expect(await countRows(`report_row LIKE '%kettle%' OR body::text LIKE '%kettle%'`)).toBe(0);
  });
});
