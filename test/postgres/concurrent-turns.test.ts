// Two bot instances (each its own server, port, pool and turn queue) on one PostgreSQL database.
// A gate holds turns just after they read the conversation, so "two turns at once" really do read
// the same version: one wins, the other must run again on what the first wrote.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { ConflictError, type Store } from '../../src/records/store.js';
import { Gate } from '../support/gate.js';
import { HttpChat } from '../support/http-bot.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';

interface Instance {
  app: App;
  url: string;
  store: Store;
  logs: string[];
}

function gated(store: Store, gate: Gate, refuse: { conversations: Set<string> }): Store {
  const c = store.conversations;
  return {
    ...store,
    conversations: {
      get: (id) => c.get(id),
      put: (id, s) => c.put(id, s),
      delete: (id) => c.delete(id),
      async getWithVersion(id) {
        const read = await c.getWithVersion(id);
        await gate.pass();
        return read;
      },
      putIfVersion: (id, s, v) => (refuse.conversations.has(id) ? Promise.reject(new ConflictError()) : c.putIfVersion(id, s, v)),
      deleteIfVersion: (id, v) => c.deleteIfVersion(id, v),
    },
  };
}

let db: TestDatabase;
/** With DATABASE_URL nothing may be written here: every instance must keep everything in the database. */
let unusedDataDir: string;
const gate = new Gate();
const refuse = { conversations: new Set<string>() };
let a: Instance;
let b: Instance;

async function startInstance(): Promise<Instance> {
  const logs: string[] = [];
  const config = loadConfig({
    NODE_ENV: 'test',
    ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml',
    DATABASE_URL: db.url,
    DATA_DIR: unusedDataDir,
  });
  const store = await openPostgresStore({ connectionString: db.url });
  const app = await createApp(config, { log: createLogger((line) => logs.push(line)), store: gated(store, gate, refuse) });
  return { app, url: await app.listen(0), store, logs };
}

async function recordsOf(store: Store): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of store.records.all()) out.push(r);
  return out;
}

const events = (i: Instance, name: string): number => i.logs.filter((l) => (JSON.parse(l) as { event?: string }).event === name).length;

/** Through consent and "what matters" to the first outcome's rating, alternating instances. */
async function toFirstRating(id: string): Promise<{ onA: HttpChat; onB: HttpChat }> {
  const onA = new HttpChat(a.url, id);
  const onB = new HttpChat(b.url, id);
  expect((await onA.join()).text).toMatch(/happy to go on/);
  expect((await onB.say('yes')).text).toMatch(/What matters to you just now/);
  expect((await onA.say('Having a break on Saturdays')).text).toMatch(/Step 1 of 14/);
  return { onA, onB };
}

beforeAll(async () => {
  db = await testDatabase();
  unusedDataDir = mkdtempSync(path.join(os.tmpdir(), 'unused-data-dir-'));
  // Both start at once on an empty database: the migration lock lets one create the schema.
  [a, b] = await Promise.all([startInstance(), startInstance()]);
  expect(a.url).not.toBe(b.url);
}, 120_000);

afterAll(async () => {
  for (const i of [a, b]) await i?.app.close();
  await db?.drop();
  rmSync(unusedDataDir, { recursive: true, force: true });
});

afterEach(() => {
  refuse.conversations.clear();
});

describe('two instances, one PostgreSQL', () => {
  test('a conversation whose turns alternate between the instances completes, with one record', async () => {
    const { onA, onB } = await toFirstRating('alternating-1');
    const chats = [onB, onA];
    let n = 0;
    const say = (text: string) => chats[n++ % 2].say(text);
    expect((await say('2')).text).toMatch(/tell me more/);
    expect((await say('He gets bored at home')).text).toMatch(/What would help/);
    expect((await say('A club he could go to')).text).toMatch(/Step 2 of 14/);
    for (let i = 1; i < 13; i++) expect((await say('skip')).status).toBe(200);
    expect((await say('skip')).text).toMatch(/Here is what you told me/);
    expect((await say('yes')).text).toMatch(/share/i);
    expect((await say('share')).text).toMatch(/get in touch/);
    expect((await say('No, thank you')).text).toMatch(/Your reference code is/);

    const state = await a.store.conversations.get('alternating-1');
    const records = (await recordsOf(b.store)).filter((r) => r.id === state?.recordId);
    expect(records).toHaveLength(1);
    const outcome = records[0].outcomes.find((o) => o.id === 'cared-for-quality-of-life')!;
    expect(records[0].whatMatters).toBe('Having a break on Saturdays');
    expect(outcome).toMatchObject({ ownWords: 'He gets bored at home', whatWouldHelp: 'A club he could go to', rating: { value: 2 } });
  });

  test('two answers at once on the two instances: both are kept, one turn ran again', async () => {
    const { onA, onB } = await toFirstRating('at-once-1');
    expect((await onB.say('2')).text).toMatch(/tell me more/);
    const conflictsBefore = events(a, 'turn.conflict') + events(b, 'turn.conflict');

    gate.arm(2);
    const [fromA, fromB] = await Promise.all([onA.say('Words sent to A'), onB.say('Words sent to B')]);
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    // One went first (own words, so "what would help?" is next); the other ran after it.
    expect([fromA.text, fromB.text].filter((t) => /What would help/.test(t))).toHaveLength(1);
    expect([fromA.text, fromB.text].filter((t) => /Step 2 of 14/.test(t))).toHaveLength(1);
    expect(events(a, 'turn.conflict') + events(b, 'turn.conflict')).toBe(conflictsBefore + 1);

    const answer = (await a.store.conversations.get('at-once-1'))!.answers['cared-for-quality-of-life'];
    expect([answer.ownWords, answer.whatWouldHelp].sort()).toEqual(['Words sent to A', 'Words sent to B']);
  });

  test('"no, thank you" pressed at once on both instances stores exactly one record', async () => {
    const { onA, onB } = await toFirstRating('double-finish-1');
    expect((await onB.say('2')).text).toMatch(/tell me more/);
    await onA.say('He gets bored at home');
    expect((await onB.say('A club he could go to')).text).toMatch(/Step 2 of 14/);
    for (let i = 1; i < 13; i++) await onA.say('skip');
    expect((await onB.say('skip')).text).toMatch(/Here is what you told me/);
    expect((await onA.say('yes')).text).toMatch(/share/i);
    expect((await onB.say('share')).text).toMatch(/get in touch/);
    const before = (await recordsOf(a.store)).length;
    const conflictsBefore = events(a, 'turn.conflict') + events(b, 'turn.conflict');

    gate.arm(2);
    const replies = await Promise.all([onA.say('No, thank you'), onB.say('No, thank you')]);
    expect(replies.filter((r) => /Your reference code is/.test(r.text))).toHaveLength(1);
    // The one that lost ran again. Since a confirm saves its new code with the conversation before writing the
    // record (so a retried confirm finds it), the loser can lose that save too: one or two retries.
    expect(events(a, 'turn.conflict') + events(b, 'turn.conflict')).toBeGreaterThanOrEqual(conflictsBefore + 1);

    const records = await recordsOf(a.store);
    expect(records).toHaveLength(before + 1);
    const state = await b.store.conversations.get('double-finish-1');
    expect(records.map((r) => r.id)).toContain(state?.recordId);
  });

  test('a turn that keeps losing asks the same question again and changes nothing', async () => {
    const { onA } = await toFirstRating('always-loses-1');
    const before = await a.store.conversations.getWithVersion('always-loses-1');
    refuse.conversations.add('always-loses-1');
    const reply = await onA.say('3');
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/Step 1 of 14/);
    expect(events(a, 'turn.conflict-gave-up')).toBe(1);
    expect(await a.store.conversations.getWithVersion('always-loses-1')).toEqual(before);
  });

  test("practitioners' stores, the audit log and safeguarding notices are shared by the instances too", async () => {
    const reference = {
      key: 'aad-practitioner-1',
      channelId: 'msteams' as const,
      serviceUrl: 'https://smba.trafficmanager.net/uk/',
      conversation: { id: 'a:1-invented-teams-conversation' },
      bot: { id: '28:bot' },
      user: { id: '29:1-invented-user' },
      savedAt: '2026-11-26T10:00:00.000Z',
    };
    await a.app.practitioners.stores.references.put('aad-practitioner-1', reference);
    expect(await b.app.practitioners.stores.references.get('aad-practitioner-1')).toEqual(reference);

    await a.app.practitioners.audit.append({ who: 'aad-practitioner-1', action: 'claim', record: 'ab-invented-record' });
    const seen: string[] = [];
    for await (const entry of b.app.practitioners.audit.entries()) seen.push(`${entry.who} ${entry.action} ${entry.record}`);
    expect(seen).toContain('aad-practitioner-1 claim ab-invented-record');

    await a.app.privacy.notices.flagged({
      conversationId: 'flagged-on-a',
      at: '2026-11-26T10:00:00.000Z',
      categories: ['harm'],
      channel: 'webchat',
      consented: true,
      step: 'what-matters',
    });
    expect((await b.app.privacy.notices.list()).map((n) => n.categories)).toContainEqual(['harm']);
  });

  test('nothing was written to DATA_DIR', () => {
    expect(readdirSync(unusedDataDir)).toEqual([]);
  });

  test('a turn never writes message text to the log', async () => {
    for (const line of [...a.logs, ...b.logs]) {
      expect(line).not.toMatch(/Words sent to|He gets bored|Having a break|club he could/);
    }
  });
});
