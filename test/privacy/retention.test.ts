// Retention: what is older than the organisation's schedule goes, on demand and on the daily timer.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import type { ConversationState } from '../../src/conversation/state.js';
import { startRetentionTimer } from '../../src/privacy/retention.js';
import { silentLogger } from '../../src/logger.js';
import { sampleRecord } from '../fixtures/privacy.js';
import { testApp } from '../support/app.js';
import { allRecords, carerOnly } from './support.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2029-06-01T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY).toISOString();

function state(at: string, extra: Partial<ConversationState> = {}): ConversationState {
  return {
    v: 1,
    scriptId: 'carer',
    step: { kind: 'what-matters' },
    history: [],
    returnToSummary: false,
    answers: {},
    priorities: [],
    mode: 'self',
    channel: 'test',
    startedAt: at,
    updatedAt: at,
    consent: { at, noticeVersion: '2026-11' },
    whatMatters: 'Hollyhocks by the door',
    ...extra,
  };
}

async function seeded(env: Record<string, string> = {}) {
  // The example organisation keeps records 1095 days and unfinished conversations 30.
  const app = await testApp({ ...carerOnly, ...env });
  apps.push(app);
  const oldRecord = sampleRecord('OLD0-AAAA-AA', { confirmedAt: daysAgo(1100) });
  const newRecord = sampleRecord('NEW0-BBBB-BB', { confirmedAt: daysAgo(1000) });
  await app.store.records.add(oldRecord);
  await app.store.records.add(newRecord);
  await app.store.paused.put('OLD0-PPPP-PP', state(daysAgo(1096), { code: 'OLD0-PPPP-PP' }));
  await app.store.paused.put('NEW0-PPPP-PP', state(daysAgo(200), { code: 'NEW0-PPPP-PP' }));
  await app.store.conversations.put('abandoned', state(daysAgo(31)));
  await app.store.conversations.put('recent', state(daysAgo(29)));
  await app.store.conversations.put('finished-long-ago', state(daysAgo(1100), { step: { kind: 'done' }, code: 'OLD0-AAAA-AA', recordId: oldRecord.id }));
  await app.store.conversations.put('finished-lately', state(daysAgo(100), { step: { kind: 'done' }, code: 'NEW0-BBBB-BB', recordId: newRecord.id }));
  await app.privacy.notices.flagged({
    conversationId: 'abandoned',
    at: daysAgo(1200),
    categories: ['harm-to-self'],
    channel: 'test',
    consented: true,
    step: 'what-matters',
  });
  await app.privacy.notices.flagged({
    conversationId: 'recent',
    at: daysAgo(10),
    categories: ['immediate-danger'],
    channel: 'test',
    consented: true,
    step: 'what-matters',
  });
  return { app, oldRecord, newRecord };
}

describe('purge', () => {
  test('removes records and paused conversations past retention, unfinished ones past 30 days, keeps the rest', async () => {
    const { app, oldRecord, newRecord } = await seeded();

    const result = await app.privacy.purge(now);
    expect(result).toEqual({ records: 1, paused: 1, conversations: 2, notices: 1, sweptStates: true });
    expect((await allRecords(app)).map((r) => r.id)).toEqual([newRecord.id]);
    expect(await app.store.records.get(oldRecord.id)).toBeUndefined();
    expect(await app.store.paused.get('OLD0-PPPP-PP')).toBeUndefined();
    expect(await app.store.paused.get('NEW0-PPPP-PP')).toBeDefined();
    expect(await app.store.conversations.get('abandoned')).toBeUndefined();
    expect(await app.store.conversations.get('finished-long-ago')).toBeUndefined();
    expect(await app.store.conversations.get('recent')).toBeDefined();
    expect(await app.store.conversations.get('finished-lately')).toBeDefined();
    expect((await app.privacy.notices.list()).map((n) => n.categories)).toEqual([['immediate-danger']]);

    const tombs = readdirSync(path.join(app.dataDir, 'audit'))
      .filter((n) => n.startsWith('erasures-'))
      .map((n) => readFileSync(path.join(app.dataDir, 'audit', n), 'utf8'))
      .join('');
    expect(tombs).toContain(`"record":"${oldRecord.id}"`);
    expect(tombs).toContain('"who":"retention"');
    expect(tombs).not.toContain('Hollyhocks');

    expect(await app.privacy.purge(now)).toEqual({ records: 0, paused: 0, conversations: 0, notices: 0, sweptStates: true });
  });

  test('works the same over encrypted data, without needing the key', async () => {
    const { app, newRecord } = await seeded({ DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` });
    expect(await app.privacy.purge(now)).toMatchObject({ records: 1, paused: 1, conversations: 2 });
    expect((await allRecords(app)).map((r) => r.id)).toEqual([newRecord.id]);
  });

  test('the daily timer runs the purge and logs only counts', async () => {
    jest.useFakeTimers();
    try {
      const purge = jest.fn(async () => ({ records: 2, paused: 0, conversations: 1, notices: 0, sweptStates: true }));
      const lines: string[] = [];
      const log = { ...silentLogger, info: (event: string, fields?: object) => lines.push(`${event} ${JSON.stringify(fields)}`) };
      const stop = startRetentionTimer(purge, log, { firstAfterMs: 1000, everyHours: 24 });
      await jest.advanceTimersByTimeAsync(1000);
      expect(purge).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
      expect(purge).toHaveBeenCalledTimes(2);
      stop();
      await jest.advanceTimersByTimeAsync(48 * 60 * 60 * 1000);
      expect(purge).toHaveBeenCalledTimes(2);
      expect(lines[0]).toBe('retention.purged {"records":2,"paused":0,"conversations":1,"notices":0,"sweptStates":true}');
    } finally {
      jest.useRealTimers();
    }
  });
});
