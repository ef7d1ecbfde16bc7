// Attack 4 (issue 14): the process dies after a confirm's record is stored but before the conversation is
// saved; the person sends the same last answer again. They must get one record, under the code they are
// given (so "my copy", "forget me" and `npm run erase` reach it), on both stores.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { openFileStore } from '../../src/records/file-store.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import type { Store } from '../../src/records/store.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { tempDir } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';

const ORG = 'test/fixtures/organisation.carer-only.yaml';
const ANSWERS = ['yes', 'Time with my friends', ...Array<string>(14).fill('skip'), 'yes'];
const LAST = 'keep it private';

/** The store as it is, except that the first state saved after a record is stored dies like a killed process. */
function dyingAfterRecord(store: Store): Store {
  let recordStored = false;
  return {
    ...store,
    records: {
      ...store.records,
      add: async (r) => (await store.records.add(r), void (recordStored = true)),
      get: (id) => store.records.get(id),
      delete: (id) => store.records.delete(id),
    },
    conversations: {
      ...store.conversations,
      get: (id) => store.conversations.get(id),
      getWithVersion: (id) => store.conversations.getWithVersion(id),
      putIfVersion: async (id, state, expected) => {
        if (recordStored) throw new Error('SIGKILL');
        return store.conversations.putIfVersion(id, state, expected);
      },
      deleteIfVersion: (id, expected) => store.conversations.deleteIfVersion(id, expected),
    },
  };
}

async function app(store: Store, dataDir: string): Promise<App> {
  return createApp(loadConfig({ NODE_ENV: 'test', ORGANISATION_FILE: ORG, DATA_DIR: dataDir }), { log: silentLogger, store });
}

async function allRecords(store: Store): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of store.records.all()) out.push(r);
  return out;
}

function codeIn(prompts: { body?: unknown }[]): string | undefined {
  return /Your reference code is ([A-Z0-9-]+)/.exec(JSON.stringify(prompts))?.[1];
}

const stores: { name: string; open(): Promise<Store>; setup?(): Promise<void>; teardown?(): Promise<void> }[] = [];
let db: TestDatabase | undefined;
const dataDir = tempDir('confirm-retry-');
stores.push({ name: 'lowdb', open: () => openFileStore(dataDir) });
stores.push({
  name: 'postgres',
  open: () => openPostgresStore({ connectionString: db!.url }),
});

beforeAll(async () => {
  db = await testDatabase();
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe.each(stores)('a confirm sent again after a crash ($name)', (kind) => {
  test('one record, under the code the person is given', async () => {
    const conversationId = `retry-${kind.name}-${Date.now()}`;
    const first = await app(dyingAfterRecord(await kind.open()), dataDir);
    await first.people.greet(conversationId, { channel: 'webchat' });
    for (const text of ANSWERS) await first.people.answer(conversationId, text, { channel: 'webchat' });
    await expect(first.people.answer(conversationId, LAST, { channel: 'webchat' })).rejects.toThrow('SIGKILL');
    await first.close();

    // Started again: the person, seeing no answer, sends the same last answer.
    const again = await app(await kind.open(), dataDir);
    try {
      const reply = await again.people.answer(conversationId, LAST, { channel: 'webchat' });
      const code = codeIn(reply.prompts);
      expect(code).toBeDefined();
      const records = (await allRecords(again.store)).filter((r) => r.whatMatters === 'Time with my friends');
      expect(records).toHaveLength(1);
      expect(records[0].subjectRef).toBe(subjectRefFor(code!));
      // "my copy CODE" reaches it.
      const copy = await again.people.answer(`${conversationId}-copy`, `my copy ${code}`, { channel: 'webchat' });
      expect(JSON.stringify(copy.prompts)).toMatch(/Time with my friends/);
      // Sending it a third time changes nothing.
      const third = await again.people.answer(conversationId, LAST, { channel: 'webchat' });
      expect(JSON.stringify(third.prompts)).toContain(code!);
      expect((await allRecords(again.store)).filter((r) => r.whatMatters === 'Time with my friends')).toHaveLength(1);
    } finally {
      await again.close();
    }
  }, 60_000);
});
