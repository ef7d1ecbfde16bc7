// The store contract, run against PostgreSQL (one database for this file, emptied between tests).
import { afterAll, beforeAll } from '@jest/globals';
import pg from 'pg';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';
import { describeStoreContract } from './contract.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describeStoreContract(
  'postgres',
  async () => ({
    open: () => openPostgresStore({ connectionString: db.url }),
    async destroy() {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query('TRUNCATE conversation_states, paused_states, records');
      } finally {
        await client.end();
      }
    },
  }),
  { sharedBetweenInstances: true },
);
