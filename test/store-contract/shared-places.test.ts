// The smaller stores beside the main one (practitioners' keyed documents, the audit log, safeguarding
// notices, erasure tombstones): the file versions and the PostgreSQL versions pass the same tests, and
// the PostgreSQL ones are shared by two instances.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { AuditEntry, FileAuditLog, type AuditLog } from '../../src/audit/audit-log.js';
import { sharedAuditLog } from '../../src/audit/shared-audit-log.js';
import { openFlagNotices, type FlagNotices } from '../../src/privacy/flag-notices.js';
import { sharedFlagNotices, sharedTombstones } from '../../src/privacy/shared-privacy.js';
import { FileKeyedStore } from '../../src/records/file-keyed.js';
import { openPostgresStore } from '../../src/records/postgres/postgres-store.js';
import { ConflictError, type KeyedStore, type SharedPlaces, type Store } from '../../src/records/store.js';
import { testDatabase, type TestDatabase } from '../support/postgres.js';
import { AWKWARD_TEXT } from './contract.js';

const Doc = z.object({ name: z.string(), count: z.number().int(), words: z.string().optional() });
type Doc = z.infer<typeof Doc>;
/** A stand-in for the keyring: reversible, and plainly not the original text. */
const sealer = { seal: (plain: string) => Buffer.from(plain).toString('base64'), open: (sealed: string) => Buffer.from(sealed, 'base64').toString() };

let db: TestDatabase;
let dir: string;
let one: Store;
let two: Store;

beforeAll(async () => {
  db = await testDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'shared-places-'));
  one = await openPostgresStore({ connectionString: db.url });
  two = await openPostgresStore({ connectionString: db.url });
}, 120_000);

afterAll(async () => {
  await one?.close();
  await two?.close();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;

function describeKeyed(name: string, open: (place: string, sealed: boolean) => Promise<KeyedStore<Doc>>): void {
  describe(`${name} keyed documents`, () => {
    test('put, get, overwrite and delete by any key', async () => {
      const store = await open(fresh('docs'), false);
      const key = '29:1a2b-practitioner/odd key?';
      expect(await store.get(key)).toBeUndefined();
      await store.put(key, { name: 'first', count: 1 });
      expect(await store.get(key)).toEqual({ name: 'first', count: 1 });
      await store.put(key, { name: 'second', count: 2, words: AWKWARD_TEXT.join('|') });
      expect(await store.get(key)).toEqual({ name: 'second', count: 2, words: AWKWARD_TEXT.join('|') });
      await store.delete(key);
      expect(await store.get(key)).toBeUndefined();
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    test('sweep deletes exactly the entries it is told to, and only in its own place', async () => {
      const store = await open(fresh('docs'), true);
      const neighbour = await open(fresh('docs'), true);
      for (let i = 0; i < 7; i++) await store.put(`k${i}`, { name: i % 2 ? 'odd' : 'even', count: i });
      await neighbour.put('k1', { name: 'odd', count: 1 });
      expect(await store.sweep!((d) => (d.name === 'odd' ? 'delete' : 'keep'))).toBe(3);
      for (let i = 0; i < 7; i++) expect(await store.get(`k${i}`)).toEqual(i % 2 ? undefined : { name: 'even', count: i });
      expect(await neighbour.get('k1')).toEqual({ name: 'odd', count: 1 });
    });

    test('refuses a value its schema does not allow', async () => {
      const store = await open(fresh('docs'), false);
      await expect(async () => store.put('k', { name: 'x', count: 1.5 })).rejects.toThrow();
      expect(await store.get('k')).toBeUndefined();
    });

    test('a sealed store reads back what it was given', async () => {
      const store = await open(fresh('sealed'), true);
      await store.put('k', { name: 'private words', count: 3 });
      expect(await store.get('k')).toEqual({ name: 'private words', count: 3 });
    });

    for (const sealed of [false, true]) {
      const kind = sealed ? 'sealed' : 'plain';
      test(`${kind}: a write made only if the entry is unchanged succeeds with the version just read; with a stale one it fails and the entry stays as it was`, async () => {
        const store = await open(fresh(`versioned-${kind}`), sealed);
        const key = '29:1a2b-practitioner/review?';
        expect(await store.getWithVersion(key)).toBeUndefined();
        const first = await store.putIfVersion(key, { name: 'first answer', count: 1 }, null);
        expect(await store.getWithVersion(key)).toEqual({ value: { name: 'first answer', count: 1 }, version: first });

        const second = await store.putIfVersion(key, { name: 'second answer', count: 2, words: AWKWARD_TEXT.join('|') }, first);
        expect(second).not.toBe(first);
        expect(await store.getWithVersion(key)).toEqual({ value: { name: 'second answer', count: 2, words: AWKWARD_TEXT.join('|') }, version: second });

        await expect(store.putIfVersion(key, { name: 'from a stale read', count: 9 }, first)).rejects.toBeInstanceOf(ConflictError);
        await expect(store.putIfVersion(key, { name: 'as if new', count: 9 }, null)).rejects.toBeInstanceOf(ConflictError);
        await expect(store.deleteIfVersion(key, first)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.getWithVersion(key)).toEqual({ value: { name: 'second answer', count: 2, words: AWKWARD_TEXT.join('|') }, version: second });

        await store.deleteIfVersion(key, second);
        expect(await store.get(key)).toBeUndefined();
        await expect(store.deleteIfVersion(key, second)).rejects.toBeInstanceOf(ConflictError);
        await expect(store.putIfVersion(key, { name: 'after it was finished', count: 3 }, second)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.get(key)).toBeUndefined();
      });
    }

    test('a plain put, or a second store on the same place, changes the version: a turn that read before cannot write over it', async () => {
      const place = fresh('versioned');
      const store = await open(place, true);
      const other = await open(place, true);
      const read = await store.putIfVersion('k', { name: 'read by both', count: 1 }, null);
      expect((await other.getWithVersion('k'))?.version).toBe(read);
      await other.putIfVersion('k', { name: 'written by the other', count: 2 }, read);
      await expect(store.putIfVersion('k', { name: 'lost if it overwrote', count: 3 }, read)).rejects.toBeInstanceOf(ConflictError);
      const now = (await store.getWithVersion('k'))!;
      expect(now.value).toEqual({ name: 'written by the other', count: 2 });
      await store.put('k', { name: 'plain put', count: 4 });
      await expect(other.putIfVersion('k', { name: 'stale again', count: 5 }, now.version)).rejects.toBeInstanceOf(ConflictError);
      expect(await other.get('k')).toEqual({ name: 'plain put', count: 4 });
    });

    test('a value the schema does not allow is refused by a conditional write too, and nothing changes', async () => {
      const store = await open(fresh('versioned'), false);
      const version = await store.putIfVersion('k', { name: 'fine', count: 1 }, null);
      await expect(async () => store.putIfVersion('k', { name: 'x', count: 1.5 }, version)).rejects.toThrow();
      expect(await store.getWithVersion('k')).toEqual({ value: { name: 'fine', count: 1 }, version });
    });

    test('read-change-write with a retry on conflict: many writers at once lose nothing', async () => {
      const store = await open(fresh('versioned'), true);
      await store.putIfVersion('counter', { name: '', count: 0 }, null);
      const addOne = async (n: number): Promise<void> => {
        for (;;) {
          const current = (await store.getWithVersion('counter'))!;
          try {
            await store.putIfVersion('counter', { name: `${current.value.name}p${n},`, count: current.value.count + 1 }, current.version);
            return;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 12 }, (_, n) => addOne(n)));
      const final = (await store.get('counter'))!;
      expect(final.count).toBe(12);
      expect(final.name.split(',').filter(Boolean).sort()).toEqual(Array.from({ length: 12 }, (_, n) => `p${n}`).sort());
    });
  });
}

describeKeyed('lowdb', (place, sealed) => FileKeyedStore.open(path.join(dir, place), Doc, sealed ? sealer : undefined));
describeKeyed('postgres', (place, sealed) => Promise.resolve(one.shared!.keyed(place, Doc, sealed ? sealer : undefined)));

describe('postgres keyed documents, two instances', () => {
  test('what one instance puts the other gets; a sealed value is not stored in the clear', async () => {
    const place = fresh('references');
    await one.shared!.keyed(place, Doc, sealer).put('practitioner-1', { name: 'private words', count: 1 });
    expect(await two.shared!.keyed(place, Doc, sealer).get('practitioner-1')).toEqual({ name: 'private words', count: 1 });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key_hash: string; value: string }>('SELECT key_hash, value::text AS value FROM keyed_documents WHERE place = $1', [
        place,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].value).not.toContain('private words');
      expect(rows[0].key_hash).not.toContain('practitioner-1');
    } finally {
      await client.end();
    }
  });

  test('both instances read one version; only the first conditional write of it wins, and the other sees what it wrote', async () => {
    const place = fresh('reviews');
    const onA = one.shared!.keyed(place, Doc, sealer);
    const onB = two.shared!.keyed(place, Doc, sealer);
    await onA.putIfVersion('conversation-1', { name: 'at the first question', count: 1 }, null);
    const [a, b] = [(await onA.getWithVersion('conversation-1'))!, (await onB.getWithVersion('conversation-1'))!];
    expect(b.version).toBe(a.version);
    await onA.putIfVersion('conversation-1', { name: 'answer sent to A', count: 2 }, a.version);
    await expect(onB.putIfVersion('conversation-1', { name: 'answer sent to B', count: 2 }, b.version)).rejects.toBeInstanceOf(ConflictError);
    const again = (await onB.getWithVersion('conversation-1'))!;
    expect(again.value).toEqual({ name: 'answer sent to A', count: 2 });
    await onB.putIfVersion('conversation-1', { ...again.value, words: 'answer sent to B', count: 3 }, again.version);
    expect(await onA.get('conversation-1')).toEqual({ name: 'answer sent to A', words: 'answer sent to B', count: 3 });
  });

  test('store names are checked', () => {
    expect(() => one.shared!.keyed('Bad Name', Doc)).toThrow(/not a store name/);
  });
});

function describeAudit(name: string, open: () => Promise<AuditLog>): void {
  describe(`${name} audit log`, () => {
    test('entries come back oldest first, as they were appended', async () => {
      const log = await open();
      const entries = Array.from({ length: 5 }, (_, i) => ({
        who: `aad-${i % 2}`,
        action: 'claim' as const,
        record: `ab-record-${i}`,
        at: `2025-04-0${i + 1}T09:00:00.000Z`,
      }));
      for (const e of entries) await log.append(e);
      await log.append({ who: 'aad-9', action: 'note', record: 'ab-record-9', detail: 'a short detail' });
      const back: AuditEntry[] = [];
      for await (const e of log.entries()) back.push(e);
      expect(back.slice(0, 5)).toEqual(entries);
      expect(back[5]).toMatchObject({ who: 'aad-9', action: 'note', detail: 'a short detail' });
      expect(Date.parse(back[5].at)).not.toBeNaN();
    });

    test('refuses an entry that is not an audit entry', async () => {
      const log = await open();
      await expect(async () => log.append({ who: '', action: 'claim', record: 'x' })).rejects.toThrow();
      await expect(async () => log.append({ who: 'a', action: 'dance' as never, record: 'x' })).rejects.toThrow();
    });
  });
}

describeAudit('file', async () => FileAuditLog.open(await mkdtemp(path.join(dir, 'audit-'))));
describeAudit('postgres', async () => {
  // A log of its own per test: a fresh database each time would be slow, so empty this one instead.
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('TRUNCATE log_entries');
  await client.end();
  return sharedAuditLog(one.shared!);
});

describe('postgres logs, two instances', () => {
  test('both instances append to one log, read in order by either; more than a page of entries', async () => {
    const Entry = z.object({ i: z.number().int(), from: z.string() });
    const a = one.shared!.log(fresh('log'), Entry);
    const name = `log-${n}`;
    const b = two.shared!.log(name, Entry);
    for (let i = 0; i < 620; i++) await (i % 2 ? b : a).append({ i, from: i % 2 ? 'b' : 'a' });
    const back: number[] = [];
    for await (const e of a.entries()) back.push(e.i);
    expect(back).toEqual(Array.from({ length: 620 }, (_, i) => i));
  });

  test('history cannot be changed or deleted', async () => {
    const tombstones = sharedTombstones(one.shared!);
    await tombstones.append({ who: 'retention', action: 'erase', record: 'ab-gone', detail: 'record' });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await expect(client.query(`UPDATE log_entries SET entry = '{}'::jsonb WHERE log = 'erasures'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM log_entries WHERE log = 'erasures'`)).rejects.toThrow(/append-only/);
      const { rows } = await client.query<{ record: string }>(`SELECT entry->>'record' AS record FROM log_entries WHERE log = 'erasures'`);
      expect(rows.map((r) => r.record)).toContain('ab-gone');
    } finally {
      await client.end();
    }
  });
});

function describeNotices(name: string, open: () => Promise<[FlagNotices, FlagNotices]>): void {
  describe(`${name} safeguarding notices`, () => {
    const flag = (conversationId: string, at: string, categories: string[], extra: Partial<Parameters<FlagNotices['flagged']>[0]> = {}) => ({
      conversationId,
      at,
      categories,
      channel: 'webchat',
      script: 'carer',
      consented: true,
      step: 'what-matters',
      ...extra,
    });

    test('a second flag in one conversation updates its notice; links, lists and deletes', async () => {
      const [notices, other] = await open();
      const first = await notices.flagged(flag('conv-1', '2025-05-01T10:00:00.000Z', ['harm']));
      const again = await other.flagged(flag('conv-1', '2025-05-01T10:05:00.000Z', ['neglect'], { step: 'rating' }));
      expect(again.id).toBe(first.id);
      expect(again.categories.sort()).toEqual(['harm', 'neglect']);
      expect(again).toMatchObject({ firstAt: '2025-05-01T10:00:00.000Z', lastAt: '2025-05-01T10:05:00.000Z', step: 'rating' });
      await notices.flagged(flag('conv-2', '2025-06-01T10:00:00.000Z', ['harm']));
      await other.link('conv-1', { subjectRef: 'subj-1', recordId: 'ab-rec-1' });
      await other.link('conv-unknown', { subjectRef: 'subj-x' });

      const listed = await notices.list();
      expect(listed.map((n) => n.lastAt)).toEqual(['2025-05-01T10:05:00.000Z', '2025-06-01T10:00:00.000Z']);
      expect(listed[0]).toMatchObject({ subjectRef: 'subj-1', recordId: 'ab-rec-1' });
      expect(JSON.stringify(listed)).not.toContain('conv-1');

      expect(await other.deleteOlderThan('2025-05-15T00:00:00.000Z')).toBe(1);
      expect((await notices.list()).map((n) => n.lastAt)).toEqual(['2025-06-01T10:00:00.000Z']);
      await notices.link('conv-2', { subjectRef: 'subj-2', recordId: 'ab-rec-2' });
      expect(await notices.deleteRecord('ab-rec-2')).toBe(1);
      expect(await notices.deleteBySubject('subj-2')).toBe(0);
      expect(await other.list()).toEqual([]);
    });

    test('the contact answer and the sharing choice are noted on the notice; a contact removed is gone', async () => {
      const [notices, other] = await open();
      await notices.flagged(flag('conv-contact', '2025-08-01T10:00:00.000Z', ['domestic-abuse']));
      await other.update('conv-contact', { contact: { method: 'phone', detail: '07700 900123', when: 'after 7' } });
      await notices.update('conv-contact', { sharing: 'private' });
      await other.update('conv-unknown', { sharing: 'shared' });
      const [noted] = await notices.list();
      expect(noted).toMatchObject({ contact: { method: 'phone', detail: '07700 900123', when: 'after 7' }, sharing: 'private' });
      await other.flagged(flag('conv-contact', '2025-08-01T10:05:00.000Z', ['harm']));
      expect((await notices.list())[0].contact).toEqual({ method: 'phone', detail: '07700 900123', when: 'after 7' });
      await notices.update('conv-contact', { contact: null });
      const [gone] = await other.list();
      expect(gone.contact).toBeUndefined();
      expect(gone.sharing).toBe('private');
      // Rewriting every notice (how rotate-keys seals them again) changes each one in place.
      expect(await other.rewrite((n) => ({ ...n, contact: { method: 'phone', detail: 'rewritten' } }))).toBe(1);
      expect((await notices.list())[0].contact).toEqual({ method: 'phone', detail: 'rewritten' });
      expect(await notices.deleteOlderThan('2026-01-01T00:00:00.000Z')).toBe(1);
    });

    test('flags arriving at once are all kept', async () => {
      const [notices, other] = await open();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? other : notices).flagged(flag('busy', `2025-07-01T10:00:0${i}.000Z`, [`category-${i}`]))),
      );
      const [only] = await notices.list();
      expect(only.categories.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `category-${i}`).sort());
    });
  });
}

describeNotices('file (one instance)', async () => {
  const notices = await openFlagNotices(await mkdtemp(path.join(dir, 'notices-')));
  return [notices, notices];
});
describeNotices('postgres (two instances)', async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`DELETE FROM keyed_documents WHERE place = 'collection-flag-notices'`);
  await client.end();
  return [sharedFlagNotices(one.shared as SharedPlaces), sharedFlagNotices(two.shared as SharedPlaces)];
});

describe('file versions stay where they were', () => {
  test('lowdb keyed documents are files named by a hash of the key', async () => {
    const place = path.join(dir, fresh('files'));
    const store = await FileKeyedStore.open(place, Doc, sealer);
    await store.put('practitioner-1', { name: 'private words', count: 1 });
    const [file] = await readdir(place);
    expect(file).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(await readFile(path.join(place, file), 'utf8')).not.toContain('private words');
  });
});
