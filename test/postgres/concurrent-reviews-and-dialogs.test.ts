// Two bot instances on one PostgreSQL database, as in concurrent-turns.test.ts, for the two other things
// a turn keeps while it is under way: a review (a person's own, in web chat) and a practitioner's dialog
// in Teams (an action entered step by step). A gate holds turns just after they read the review or the
// dialog state, so two answers sent at once really do read the same version: neither may be lost.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { ConflictError, type KeyedStore, type SharedPlaces, type Store } from '../../src/records/store.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { Gate } from '../support/gate.js';
import { HttpChat } from '../support/http-bot.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';
import { carerRecord, TEAMS_ORG } from '../teams/support/app.js';
import { MORAG, plainText, teams } from '../teams/support/teams-talk.js';

/** One gate per keyed place ("reviews", "practitioner-dialogs"); `refuse` makes every conditional write in a place lose. */
const gates = new Map<string, Gate>([
  ['reviews', new Gate()],
  ['practitioner-dialogs', new Gate()],
]);
const refuse = new Set<string>();

function gatedKeyed<T>(name: string, inner: KeyedStore<T>): KeyedStore<T> {
  return {
    get: (k) => inner.get(k),
    put: (k, v) => inner.put(k, v),
    delete: (k) => inner.delete(k),
    sweep: inner.sweep?.bind(inner),
    async getWithVersion(k) {
      const read = await inner.getWithVersion(k);
      await gates.get(name)?.pass();
      return read;
    },
    putIfVersion: (k, v, e) => (refuse.has(name) ? Promise.reject(new ConflictError()) : inner.putIfVersion(k, v, e)),
    deleteIfVersion: (k, e) => (refuse.has(name) ? Promise.reject(new ConflictError()) : inner.deleteIfVersion(k, e)),
  };
}

function gated(store: Store): Store {
  const shared = store.shared!;
  const places: SharedPlaces = {
    keyed: (name, schema, sealer) => gatedKeyed(name, shared.keyed(name, schema, sealer)),
    log: (name, schema) => shared.log(name, schema),
    collection: (name, schema) => shared.collection(name, schema),
  };
  return { ...store, shared: places };
}

interface Instance {
  app: App;
  url: string;
  store: Store;
  logs: string[];
}

let db: TestDatabase;
let unusedDataDir: string;
let a: Instance;
let b: Instance;

async function startInstance(): Promise<Instance> {
  const logs: string[] = [];
  const config = loadConfig({ NODE_ENV: 'test', ORGANISATION_FILE: TEAMS_ORG, DEV_UNSIGNED_TEAMS: 'loopback', DATABASE_URL: db.url, DATA_DIR: unusedDataDir });
  const store = await openPostgresStore({ connectionString: db.url });
  const app = await createApp(config, { log: createLogger((line) => logs.push(line)), store: gated(store) });
  return { app, url: await app.listen(0), store, logs };
}

const events = (name: string): number => [...a.logs, ...b.logs].filter((l) => (JSON.parse(l) as { event?: string }).event === name).length;

async function recordById(id: string): Promise<OutcomeRecord | undefined> {
  return a.store.records.get(id);
}

async function reviewsOf(subjectRef: string): Promise<OutcomeRecord[]> {
  return (await b.store.records.bySubject(subjectRef)).filter((r) => r.mode === 'review');
}

beforeAll(async () => {
  db = await testDatabase();
  unusedDataDir = mkdtempSync(path.join(os.tmpdir(), 'unused-data-dir-'));
  [a, b] = await Promise.all([startInstance(), startInstance()]);
}, 120_000);

afterAll(async () => {
  for (const i of [a, b]) await i?.app.close();
  await db?.drop();
  rmSync(unusedDataDir, { recursive: true, force: true });
});

describe('a review whose answers reach two instances at once', () => {
  /** A person with an earlier record (one outcome rated), at the review's "why" question for it. */
  async function toWhy(code: string, chatId: string): Promise<{ onA: HttpChat; onB: HttpChat; subjectRef: string }> {
    const subjectRef = subjectRefFor(code);
    await a.store.records.add(carerRecord({ subjectRef, ratings: { 1: 2 }, words: { 1: 'Up three times a night' }, sharing: 'private' }));
    const onA = new HttpChat(a.url, chatId);
    const onB = new HttpChat(b.url, chatId);
    await onA.join();
    expect((await onB.say(`review ${code}`)).text).toMatch(/what you told us on/);
    expect((await onA.say('yes')).text).toMatch(/Up three times a night/);
    expect((await onB.say('partly')).text).toMatch(/Why do you think that is/);
    return { onA, onB, subjectRef };
  }

  test('both answers are kept in the saved review: one turn ran again on what the other saved', async () => {
    const { onA, onB, subjectRef } = await toWhy('ABCD-EFGH-23', 'review-at-once-1');
    const conflictsBefore = events('review.conflict');

    gates.get('reviews')!.arm(2);
    const [fromA, fromB] = await Promise.all([onA.say('Why sent to A'), onB.say('Why sent to B')]);
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    // One was taken as "why", so the next question came; the other, run again, as "what next", so the summary came.
    expect([fromA.text, fromB.text].filter((t) => /What more could be done/.test(t))).toHaveLength(1);
    expect([fromA.text, fromB.text].filter((t) => /Here is your review/.test(t))).toHaveLength(1);
    expect(events('review.conflict')).toBe(conflictsBefore + 1);

    expect((await onA.say('yes')).text).toMatch(/keep this review private, or share it/);
    expect((await onB.say('Share it')).text).toMatch(/Your review is saved/);
    const reviews = await reviewsOf(subjectRef);
    expect(reviews).toHaveLength(1);
    const answer = reviews[0].outcomes.find((o) => o.id === 'health-and-wellbeing')!.review!;
    expect(answer.met).toBe('partly');
    expect([answer.why, answer.next].sort()).toEqual(['Why sent to A', 'Why sent to B']);
  });

  test('"share it" sent at once on both instances saves the review once', async () => {
    const { onA, onB, subjectRef } = await toWhy('BCDE-FGHJ-34', 'review-double-finish-1');
    await onA.say('The sitter comes once a fortnight');
    expect((await onB.say('skip')).text).toMatch(/Here is your review/);
    expect((await onA.say('yes')).text).toMatch(/keep this review private, or share it/);
    const conflictsBefore = events('review.conflict');

    gates.get('reviews')!.arm(2);
    const replies = await Promise.all([onA.say('Share it'), onB.say('Share it')]);
    expect(replies.filter((r) => /Your review is saved/.test(r.text))).toHaveLength(1);
    expect(events('review.conflict')).toBe(conflictsBefore + 1);
    // Both stored a review record before saving; the one that lost took its record back.
    expect(await reviewsOf(subjectRef)).toHaveLength(1);
  });

  test('an answer that keeps losing asks the same question again and changes nothing', async () => {
    const { onA, subjectRef } = await toWhy('CDEF-GHJK-45', 'review-always-loses-1');
    refuse.add('reviews');
    try {
      const reply = await onA.say('Never saved');
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(/Why do you think that is/);
      expect(events('review.conflict-gave-up')).toBe(1);
    } finally {
      refuse.delete('reviews');
    }
    expect((await onA.say('Saved the second time')).text).toMatch(/What more could be done/);
    await onA.say('skip');
    await onA.say('yes');
    await onA.say('Share it');
    const answer = (await reviewsOf(subjectRef))[0].outcomes.find((o) => o.id === 'health-and-wellbeing')!.review!;
    expect(answer).toEqual({ met: 'partly', why: 'Saved the second time' });
  });
});

describe("a practitioner's dialog whose answers reach two instances at once", () => {
  test('an action typed step by step keeps both answers: one turn ran again on what the other saved', async () => {
    const earlier = carerRecord({ ratings: { 1: 2 } });
    await a.store.records.add(earlier);
    const ref = shortRef(earlier.id);
    const conversationId = 'a:teams-action-at-once-1';
    const onA = teams(a.app.bot, { aadObjectId: MORAG, conversationId });
    const onB = teams(b.app.bot, { aadObjectId: MORAG, conversationId });
    await onA.says(`action ${ref}`).sees(/What is the action, for record/);
    const conflictsBefore = events('practitioner.conflict');

    gates.get('practitioner-dialogs')!.arm(2);
    const [fromA, fromB] = await Promise.all([onA.send({ type: 'message', text: 'Call the lunch club' }), onB.send({ type: 'message', text: 'Iain' })]);
    const said = [fromA, fromB].map((replies) => replies.map(plainText).join('\n'));
    // One was taken as "what", so "who" was asked next; the other, run again, as "who", so "by when" came.
    expect(said.filter((t) => /Who will do it/.test(t))).toHaveLength(1);
    expect(said.filter((t) => /By when/.test(t))).toHaveLength(1);
    // The run that lost said nothing: each message got exactly one question back.
    expect([fromA.length, fromB.length]).toEqual([1, 1]);
    expect(events('practitioner.conflict')).toBe(conflictsBefore + 1);

    await onB.says('no date').sees(/Action 1 added to record/);
    const actions = (await recordById(earlier.id))!.followUp.actions;
    expect(actions).toHaveLength(1);
    expect([actions[0].what, actions[0].who].sort()).toEqual(['Call the lunch club', 'Iain']);
  });

  test('the last step sent twice at once adds the action once', async () => {
    const earlier = carerRecord({ ratings: { 1: 2 } });
    await a.store.records.add(earlier);
    const ref = shortRef(earlier.id);
    const conversationId = 'a:teams-action-double-finish-1';
    const onA = teams(a.app.bot, { aadObjectId: MORAG, conversationId });
    const onB = teams(b.app.bot, { aadObjectId: MORAG, conversationId });
    await onA
      .says(`action ${ref}`)
      .says('Ask about a weekly sitter')
      .sees(/Who will do it/);
    await onB.says('Morag').sees(/By when/);
    const conflictsBefore = events('practitioner.conflict');

    gates.get('practitioner-dialogs')!.arm(2);
    const [fromA, fromB] = await Promise.all([onA.send({ type: 'message', text: 'no date' }), onB.send({ type: 'message', text: 'no date' })]);
    const said = [fromA, fromB].map((replies) => replies.map(plainText).join('\n'));
    expect(said.filter((t) => /Action 1 added to record/.test(t))).toHaveLength(1);
    expect(said.filter((t) => /Action 2/.test(t))).toHaveLength(0);
    expect(events('practitioner.conflict')).toBe(conflictsBefore + 1);
    const actions = (await recordById(earlier.id))!.followUp.actions;
    expect(actions.map((x) => [x.what, x.who])).toEqual([['Ask about a weekly sitter', 'Morag']]);
  });

  test('a turn that keeps losing says so, and nothing it typed is saved', async () => {
    const earlier = carerRecord({ ratings: { 1: 2 } });
    await a.store.records.add(earlier);
    const conversationId = 'a:teams-action-always-loses-1';
    const onA = teams(a.app.bot, { aadObjectId: MORAG, conversationId });
    await onA
      .says(`action ${shortRef(earlier.id)}`)
      .sees(/What is the action/)
      .says('Phone the GP')
      .sees(/Who will do it/);
    refuse.add('practitioner-dialogs');
    try {
      await onA
        .says('Morag')
        .sees(/crossed with another message/)
        .doesNotSee(/By when/);
      expect(events('practitioner.conflict-gave-up')).toBe(1);
    } finally {
      refuse.delete('practitioner-dialogs');
    }
    await onA
      .says('Morag')
      .sees(/By when/)
      .says('no date')
      .sees(/Action 1 added/);
    expect((await recordById(earlier.id))!.followUp.actions.map((x) => [x.what, x.who])).toEqual([['Phone the GP', 'Morag']]);
  });
});

describe('both instances, throughout', () => {
  test('nothing was written to DATA_DIR', () => {
    expect(readdirSync(unusedDataDir)).toEqual([]);
  });

  test('no log line holds what anyone typed', () => {
    for (const line of [...a.logs, ...b.logs]) {
      expect(line).not.toMatch(/sent to|Up three times|Never saved|second time|sitter|lunch club|Phone the GP|Iain|Morag/);
    }
  });
});
