import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConversationState } from '../../src/conversation/state.js';
import { openFileStore } from '../../src/records/file-store.js';
import { newRecordId, sha256Hex } from '../../src/records/record-id.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import type { Store } from '../../src/records/store.js';
import { makeRecord } from '../fixtures/records.js';

function makeState(overrides: Partial<ConversationState> = {}): ConversationState {
  return ConversationState.parse({
    v: 1,
    scriptId: 'carer',
    step: { kind: 'rating', outcome: 2 },
    history: [{ kind: 'consent' }, { kind: 'what-matters' }],
    whatMatters: 'Some time to myself.',
    startedAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

async function collect(it: AsyncIterable<OutcomeRecord>): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('lowdb store', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outcomes-store-'));
    store = await openFileStore(dir);
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('conversations', () => {
    it('puts, gets and deletes a state, one file per conversation named by hash', async () => {
      const id = 'conv/with:odd chars?';
      expect(await store.conversations.get(id)).toBeUndefined();
      const state = makeState();
      await store.conversations.put(id, state);
      expect(await store.conversations.get(id)).toEqual(state);

      const file = path.join(dir, 'conversations', `${sha256Hex(id)}.json`);
      expect(await listFiles(path.join(dir, 'conversations'))).toEqual([file]);

      await store.conversations.put(id, makeState({ step: { kind: 'summary' } }));
      expect((await store.conversations.get(id))?.step).toEqual({ kind: 'summary' });

      await store.conversations.delete(id);
      expect(await store.conversations.get(id)).toBeUndefined();
      expect(await listFiles(path.join(dir, 'conversations'))).toEqual([]);
      await expect(store.conversations.delete(id)).resolves.toBeUndefined();
    });

    it('keeps concurrent writes to one conversation in order', async () => {
      const id = 'busy';
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.conversations.put(id, makeState({ step: { kind: 'rating', outcome: i } }))));
      expect((await store.conversations.get(id))?.step).toEqual({ kind: 'rating', outcome: 19 });
    });

    it('names the file when a state is corrupt', async () => {
      await store.conversations.put('c1', makeState());
      const file = path.join(dir, 'conversations', `${sha256Hex('c1')}.json`);
      await writeFile(file, '{"v": 1, "step": { oops');
      await expect(store.conversations.get('c1')).rejects.toThrow(file);
    });
  });

  describe('paused', () => {
    it('finds a state by code and never uses the code in a file name', async () => {
      const code = 'AB12-CD34-EF';
      await store.paused.put(code, makeState({ code }));
      expect((await store.paused.get(code))?.code).toBe(code);
      expect(await store.paused.get('ZZ99-ZZ99-ZZ')).toBeUndefined();

      const files = await listFiles(dir);
      expect(files).toEqual([path.join(dir, 'paused', `${sha256Hex(code)}.json`)]);
      for (const f of files) {
        expect(f).not.toContain(code);
        expect(f).not.toContain(code.replace(/-/g, ''));
      }

      await store.paused.delete(code);
      expect(await store.paused.get(code)).toBeUndefined();
      expect(await listFiles(dir)).toEqual([]);
    });
  });

  describe('records', () => {
    it('adds a record once even when added twice', async () => {
      const r = makeRecord();
      await store.records.add(r);
      await store.records.add(r);
      await Promise.all([store.records.add(r), store.records.add(r)]);
      expect(await collect(store.records.all())).toEqual([r]);
      expect(await store.records.get(r.id)).toEqual(r);
      const shard = r.id.slice(0, 2);
      const stored = JSON.parse(await readFile(path.join(dir, 'records', `${shard}.json`), 'utf8')) as { records: unknown[] };
      expect(stored.records).toHaveLength(1);
    });

    it('makes ids in the subject shard', () => {
      const id = newRecordId('subject-x');
      expect(id).toMatch(/^[0-9a-f]{2}-[0-9a-f-]{36}$/);
      expect(id.slice(0, 2)).toBe(sha256Hex('subject-x').slice(0, 2));
    });

    it('rejects a record whose id has no shard prefix', async () => {
      await expect(store.records.add(makeRecord({ id: 'no-shard' }))).rejects.toThrow(/newRecordId/);
      expect(await store.records.get('no-shard')).toBeUndefined();
      expect(await store.records.get('../../etc/passwd')).toBeUndefined();
    });

    it('updates a record and returns the new one; undefined for an unknown id', async () => {
      const r = makeRecord();
      await store.records.add(r);
      const updated = await store.records.update(r.id, (rec) => ({
        ...rec,
        followUp: { ...rec.followUp, status: 'claimed', assignee: 'worker-1' },
      }));
      expect(updated?.followUp.status).toBe('claimed');
      expect(await store.records.get(r.id)).toEqual(updated);
      expect(await store.records.update(newRecordId('nobody'), (rec) => rec)).toBeUndefined();
      await expect(store.records.update(r.id, (rec) => ({ ...rec, id: newRecordId('other') }))).rejects.toThrow(/id/);
      await expect(store.records.update(r.id, (rec) => ({ ...rec, sharing: 'everyone' as unknown as 'shared' }))).rejects.toThrow();
      expect(await store.records.get(r.id)).toEqual(updated);
    });

    it('does not let a caller change stored records by mutating what it was given', async () => {
      const r = makeRecord();
      await store.records.add(r);
      const got = await store.records.get(r.id);
      got!.channel = 'changed';
      expect((await store.records.get(r.id))?.channel).toBe('webchat');
    });

    it('lists one subject, oldest first, reading only that subject', async () => {
      const a3 = makeRecord({ subjectRef: 'subj-a', createdAt: '2025-05-03T09:00:00.000Z' });
      const a1 = makeRecord({ subjectRef: 'subj-a', createdAt: '2025-01-01T09:00:00.000Z' });
      const a2 = makeRecord({ subjectRef: 'subj-a', createdAt: '2025-02-01T09:00:00.000Z' });
      const others = ['subj-b', 'subj-c', 'subj-d'].map((s) => makeRecord({ subjectRef: s }));
      for (const r of [a3, ...others, a1, a2]) await store.records.add(r);
      expect((await store.records.bySubject('subj-a')).map((r) => r.id)).toEqual([a1.id, a2.id, a3.id]);
      expect(await store.records.bySubject('nobody-at-all')).toEqual([]);
    });

    it('bySubject works even when other shards are corrupt (it reads one shard)', async () => {
      const a = makeRecord({ subjectRef: 'subj-a' });
      await store.records.add(a);
      await store.close();
      const aShard = a.id.slice(0, 2);
      const otherShard = aShard === '00' ? '01' : '00';
      await writeFile(path.join(dir, 'records', `${otherShard}.json`), 'not json');
      store = await openFileStore(dir);
      expect((await store.records.bySubject('subj-a')).map((r) => r.id)).toEqual([a.id]);
    });

    it('deletes a record', async () => {
      const r = makeRecord();
      await store.records.add(r);
      expect(await store.records.delete(r.id)).toBe(true);
      expect(await store.records.delete(r.id)).toBe(false);
      expect(await store.records.get(r.id)).toBeUndefined();
    });

    it('a new store on the same directory sees everything', async () => {
      const records = Array.from({ length: 12 }, (_, i) => makeRecord({ subjectRef: `subject-${i}` }));
      for (const r of records) await store.records.add(r);
      await store.conversations.put('c1', makeState());
      await store.paused.put('CODE-0001-XY', makeState({ code: 'CODE-0001-XY' }));
      await store.close();

      store = await openFileStore(dir);
      const all = await collect(store.records.all());
      const byId = (a: OutcomeRecord, b: OutcomeRecord) => (a.id < b.id ? -1 : 1);
      expect(all.sort(byId)).toEqual([...records].sort(byId));
      expect(await store.records.bySubject('subject-3')).toEqual([records[3]]);
      expect(await store.conversations.get('c1')).toEqual(makeState());
      expect((await store.paused.get('CODE-0001-XY'))?.code).toBe('CODE-0001-XY');
    });

    it('all() yields every record across shards, loaded or not', async () => {
      const records = Array.from({ length: 30 }, (_, i) => makeRecord({ subjectRef: `s-${i}` }));
      for (const r of records) await store.records.add(r);
      expect((await collect(store.records.all())).length).toBe(30);
      await store.close();
      store = await openFileStore(dir);
      await store.records.get(records[0].id); // one shard loaded, the rest read from disk
      expect((await collect(store.records.all())).map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
    });

    it('writes compact JSON and leaves no temp files', async () => {
      const r = makeRecord();
      await store.records.add(r);
      await store.close();
      const files = await listFiles(dir);
      expect(files.filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
      const text = await readFile(path.join(dir, 'records', `${r.id.slice(0, 2)}.json`), 'utf8');
      expect(text).not.toContain('\n');
      store = await openFileStore(dir);
    });

    it('a corrupt shard gives an error naming the file', async () => {
      const r = makeRecord();
      await store.records.add(r);
      await store.close();
      const file = path.join(dir, 'records', `${r.id.slice(0, 2)}.json`);

      await writeFile(file, '{"records": [ {"id": "private words here"');
      store = await openFileStore(dir);
      const err = await store.records.get(r.id).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain(file);
      expect((err as Error).message).not.toContain('private words here');
      // Reading everything (export, report, purge) reports the file on stderr and carries on without it (issue 14).
      expect(await collect(store.records.all())).toEqual([]);
      // The corrupt file is never overwritten by a later add.
      await expect(store.records.add(makeRecord({ subjectRef: r.subjectRef }))).rejects.toThrow(file);
      expect(await readFile(file, 'utf8')).toBe('{"records": [ {"id": "private words here"');

      await writeFile(file, JSON.stringify({ records: [{ ...r, mode: 'telepathy' }] }));
      await expect(store.records.get(r.id)).rejects.toThrow(`${file}: record 0`);

      await writeFile(file, JSON.stringify([r]));
      await expect(store.records.get(r.id)).rejects.toThrow(file);
    });

    it('refuses work after close', async () => {
      await store.close();
      await expect(store.records.get(newRecordId('x'))).rejects.toThrow(/closed/);
      store = await openFileStore(dir);
    });
  });
});
