// What every Store must do, whatever it keeps data in. Run for each implementation with
// describeStoreContract(name, newPlace); layout-specific checks (file names, corrupt files) stay beside
// each implementation's own tests.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { ConversationState } from '../../src/conversation/state.js';
import { newRecordId } from '../../src/records/record-id.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { ConflictError, type Store } from '../../src/records/store.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';

/** Somewhere a store keeps its data: open() may be called again for a second store (another instance) on the same data. */
export interface StorePlace {
  open(): Promise<Store>;
  /** Removes everything, ready for the next test. */
  destroy(): Promise<void>;
}

/** Text a person could send that some databases cannot hold as it is. */
export const AWKWARD_TEXT = [
  'nul \u0000 here',
  'lone \ud800 surrogate',
  'low \udc00 alone',
  'mark \uE000 and \uE0000041',
  'back\\u0000slash',
  '🙂 Gàidhlig “quotes”',
  'x'.repeat(5000),
];

export function makeState(overrides: Partial<ConversationState> = {}): ConversationState {
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

async function collect(it: AsyncIterable<OutcomeRecord>): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const byId = (a: OutcomeRecord, b: OutcomeRecord): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface StoreTraits {
  /** Several open stores (instances) on the same data see each other's writes at once. lowdb: no, one process owns its folder. */
  sharedBetweenInstances: boolean;
}

export function describeStoreContract(name: string, newPlace: () => Promise<StorePlace>, traits: StoreTraits): void {
  /** Tests that need several instances on one place are defined only for stores that claim it. */
  const shared = traits.sharedBetweenInstances ? test : (_name: string, _fn: () => Promise<void>) => undefined;

  describe(`${name} store contract`, () => {
    let place: StorePlace;
    let store: Store;
    const others: Store[] = [];

    /** A second store on the same data, as a second instance would open it. */
    async function another(): Promise<Store> {
      const s = await place.open();
      others.push(s);
      return s;
    }

    beforeEach(async () => {
      place = await newPlace();
      store = await place.open();
    });

    afterEach(async () => {
      await store.close();
      for (const s of others.splice(0)) await s.close();
      await place.destroy();
    });

    describe('conversations', () => {
      test('puts, gets and deletes a state by any id', async () => {
        const id = 'conv/with:odd chars? and spaces';
        expect(await store.conversations.get(id)).toBeUndefined();
        const state = makeState();
        await store.conversations.put(id, state);
        expect(await store.conversations.get(id)).toEqual(state);
        await store.conversations.put(id, makeState({ step: { kind: 'summary' } }));
        expect((await store.conversations.get(id))?.step).toEqual({ kind: 'summary' });
        await store.conversations.delete(id);
        expect(await store.conversations.get(id)).toBeUndefined();
        await expect(store.conversations.delete(id)).resolves.toBeUndefined();
      });

      test('refuses to store a state that is not valid', async () => {
        await expect(store.conversations.put('c1', { ...makeState(), step: { kind: 'dancing' } } as unknown as ConversationState)).rejects.toThrow();
        expect(await store.conversations.get('c1')).toBeUndefined();
      });

      test('keeps awkward text exactly as it was sent', async () => {
        for (const [i, text] of AWKWARD_TEXT.entries()) {
          const state = makeState({ whatMatters: text, answers: { 'own-health': { status: 'answered', value: 2, ownWords: text } } });
          await store.conversations.putIfVersion(`awkward-${i}`, state, null);
          const got = await store.conversations.getWithVersion(`awkward-${i}`);
          expect(got?.state.whatMatters).toBe(text);
          expect(got?.state.answers['own-health'].ownWords).toBe(text);
          await store.paused.put(`CODE-${i}`, state);
          expect((await store.paused.get(`CODE-${i}`))?.whatMatters).toBe(text);
        }
      });

      test('a state read with its version can be written back once; a stale version is a ConflictError', async () => {
        expect(await store.conversations.getWithVersion('c1')).toBeUndefined();
        await store.conversations.putIfVersion('c1', makeState(), null);
        const first = await store.conversations.getWithVersion('c1');
        expect(first?.state).toEqual(makeState());
        expect(typeof first?.version).toBe('string');

        await store.conversations.putIfVersion('c1', makeState({ step: { kind: 'rating', outcome: 3 } }), first!.version);
        const second = await store.conversations.getWithVersion('c1');
        expect(second?.state.step).toEqual({ kind: 'rating', outcome: 3 });
        expect(second?.version).not.toBe(first?.version);

        // Written from the old version: refused, and the newer state stays.
        const stale = store.conversations.putIfVersion('c1', makeState({ step: { kind: 'summary' } }), first!.version);
        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        expect((await store.conversations.get('c1'))?.step).toEqual({ kind: 'rating', outcome: 3 });
        // "Only if there is none" when there is one: refused too.
        await expect(store.conversations.putIfVersion('c1', makeState(), null)).rejects.toBeInstanceOf(ConflictError);
        // A plain put still overwrites, and moves the version on.
        await store.conversations.put('c1', makeState({ step: { kind: 'priorities' } }));
        await expect(store.conversations.putIfVersion('c1', makeState(), second!.version)).rejects.toBeInstanceOf(ConflictError);
      });

      test('deleteIfVersion deletes only the version that was read', async () => {
        await store.conversations.putIfVersion('c1', makeState(), null);
        const first = (await store.conversations.getWithVersion('c1'))!;
        await store.conversations.putIfVersion('c1', makeState({ step: { kind: 'summary' } }), first.version);
        await expect(store.conversations.deleteIfVersion('c1', first.version)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.conversations.get('c1')).toBeDefined();

        const current = (await store.conversations.getWithVersion('c1'))!;
        await store.conversations.deleteIfVersion('c1', current.version);
        expect(await store.conversations.get('c1')).toBeUndefined();
        await expect(store.conversations.deleteIfVersion('c1', current.version)).rejects.toBeInstanceOf(ConflictError);
        // Gone and started again: the old version does not match the new entry.
        await store.conversations.putIfVersion('c1', makeState({ step: { kind: 'summary' }, whatMatters: 'a new start' }), null);
        await expect(store.conversations.putIfVersion('c1', makeState(), current.version)).rejects.toBeInstanceOf(ConflictError);
      });

      shared('two stores on the same data: both read one version, only the first write of it wins', async () => {
        const second = await another();
        await store.conversations.putIfVersion('shared', makeState(), null);
        const a = (await store.conversations.getWithVersion('shared'))!;
        const b = (await second.conversations.getWithVersion('shared'))!;
        expect(b.version).toBe(a.version);
        await store.conversations.putIfVersion('shared', makeState({ whatMatters: 'from the first' }), a.version);
        await expect(second.conversations.putIfVersion('shared', makeState({ whatMatters: 'from the second' }), b.version)).rejects.toBeInstanceOf(
          ConflictError,
        );
        const again = (await second.conversations.getWithVersion('shared'))!;
        expect(again.state.whatMatters).toBe('from the first');
        await second.conversations.putIfVersion('shared', makeState({ whatMatters: 'from the second, after' }), again.version);
        expect((await store.conversations.get('shared'))?.whatMatters).toBe('from the second, after');
      });

      test('read-change-write with retry on conflict: many writers at once lose nothing', async () => {
        await store.conversations.putIfVersion('counter', makeState({ priorities: [] }), null);
        const addOne = async (n: number): Promise<void> => {
          for (;;) {
            const current = (await store.conversations.getWithVersion('counter'))!;
            try {
              await store.conversations.putIfVersion('counter', { ...current.state, priorities: [...current.state.priorities, `p${n}`] }, current.version);
              return;
            } catch (error) {
              if (!(error instanceof ConflictError)) throw error;
            }
          }
        };
        await Promise.all(Array.from({ length: 12 }, (_, n) => addOne(n)));
        const final = (await store.conversations.get('counter'))!;
        expect([...final.priorities].sort()).toEqual(Array.from({ length: 12 }, (_, n) => `p${n}`).sort());
      });
    });

    describe('paused', () => {
      test('finds a state by its code, and forgets it when deleted', async () => {
        const code = 'AB12-CD34-EF';
        await store.paused.put(code, makeState({ code }));
        expect((await store.paused.get(code))?.code).toBe(code);
        expect(await store.paused.get('ZZ99-ZZ99-ZZ')).toBeUndefined();
        await store.paused.put(code, makeState({ code, whatMatters: 'changed' }));
        expect((await store.paused.get(code))?.whatMatters).toBe('changed');
        await store.paused.delete(code);
        expect(await store.paused.get(code)).toBeUndefined();
        await expect(store.paused.delete(code)).resolves.toBeUndefined();
      });

      test('paused and in-progress states are kept apart', async () => {
        await store.paused.put('same-key', makeState({ whatMatters: 'paused' }));
        await store.conversations.put('same-key', makeState({ whatMatters: 'in progress' }));
        expect((await store.paused.get('same-key'))?.whatMatters).toBe('paused');
        expect((await store.conversations.get('same-key'))?.whatMatters).toBe('in progress');
      });
    });

    describe('records', () => {
      test('adds a record once even when added twice, or twice at once', async () => {
        const r = makeRecord();
        await store.records.add(r);
        await store.records.add(r);
        await Promise.all([store.records.add(r), store.records.add(r)]);
        expect(await collect(store.records.all())).toEqual([r]);
        expect(await store.records.get(r.id)).toEqual(r);
      });

      test('rejects a record whose id has no shard prefix, and finds nothing for odd ids', async () => {
        await expect(store.records.add(makeRecord({ id: 'no-shard' }))).rejects.toThrow(/newRecordId/);
        expect(await store.records.get('no-shard')).toBeUndefined();
        expect(await store.records.get('../../etc/passwd')).toBeUndefined();
        expect(await store.records.get("'; DROP TABLE records; --")).toBeUndefined();
      });

      test('refuses a record that is not valid', async () => {
        await expect(store.records.add({ ...makeRecord(), mode: 'telepathy' } as unknown as OutcomeRecord)).rejects.toThrow();
        expect(await collect(store.records.all())).toEqual([]);
      });

      test('updates a record and returns the new one; undefined for an unknown id', async () => {
        const r = makeRecord();
        await store.records.add(r);
        const updated = await store.records.update(r.id, (rec) => ({ ...rec, followUp: { ...rec.followUp, status: 'claimed', assignee: 'worker-1' } }));
        expect(updated?.followUp.status).toBe('claimed');
        expect(await store.records.get(r.id)).toEqual(updated);
        expect(await store.records.update(newRecordId('nobody'), (rec) => rec)).toBeUndefined();
        await expect(store.records.update(r.id, (rec) => ({ ...rec, id: newRecordId('other') }))).rejects.toThrow(/id/);
        await expect(store.records.update(r.id, (rec) => ({ ...rec, sharing: 'everyone' as unknown as 'shared' }))).rejects.toThrow();
        await expect(
          store.records.update(r.id, () => {
            throw new Error('the change failed');
          }),
        ).rejects.toThrow('the change failed');
        expect(await store.records.get(r.id)).toEqual(updated);
      });

      shared('updates on two instances at once all count', async () => {
        const r = makeRecord();
        await store.records.add(r);
        const second = await another();
        await Promise.all(
          Array.from({ length: 8 }, (_, n) =>
            (n % 2 ? second : store).records.update(r.id, (rec) => ({
              ...rec,
              followUp: {
                ...rec.followUp,
                actions: [...rec.followUp.actions, { id: `a${n}`, what: 'call back', who: 'worker-1', done: false, createdAt: '2025-03-02T09:00:00.000Z' }],
              },
            })),
          ),
        );
        expect((await store.records.get(r.id))?.followUp.actions.map((a) => a.id).sort()).toEqual(Array.from({ length: 8 }, (_, n) => `a${n}`).sort());
      });

      shared('a record added on one instance is found on the other', async () => {
        const second = await another();
        const r = makeRecord();
        await store.records.add(r);
        expect(await second.records.get(r.id)).toEqual(r);
        expect(await second.records.bySubject(r.subjectRef)).toEqual([r]);
        await second.records.add(r);
        expect(await second.records.delete(r.id)).toBe(true);
        expect(await store.records.get(r.id)).toBeUndefined();
      });

      test('updates that run at once all count', async () => {
        const r = makeRecord();
        await store.records.add(r);
        await Promise.all(
          Array.from({ length: 8 }, (_, n) =>
            store.records.update(r.id, (rec) => ({
              ...rec,
              followUp: { ...rec.followUp, notes: [...rec.followUp.notes, { by: 'worker-1', at: '2025-03-02T09:00:00.000Z', text: `note ${n}` }] },
            })),
          ),
        );
        expect((await store.records.get(r.id))?.followUp.notes.map((n) => n.text).sort()).toEqual(Array.from({ length: 8 }, (_, n) => `note ${n}`).sort());
      });

      test('changes made by update are there when the store is opened again', async () => {
        const r = makeRecord({ sharing: 'private' });
        await store.records.add(r);
        await store.records.update(r.id, (rec) => ({
          ...rec,
          sharing: 'shared',
          safeguardingFlag: { flagged: true, categories: ['harm'], at: '2025-03-01T10:05:00.000Z' },
        }));
        await store.close();
        store = await place.open();
        const got = await store.records.get(r.id);
        expect(got?.sharing).toBe('shared');
        expect(got?.safeguardingFlag).toEqual({ flagged: true, categories: ['harm'], at: '2025-03-01T10:05:00.000Z' });
      });

      test('does not let a caller change stored records by mutating what it was given or got', async () => {
        const r = makeRecord();
        await store.records.add(r);
        r.channel = 'changed after add';
        const got = await store.records.get(r.id);
        expect(got?.channel).toBe('webchat');
        got!.channel = 'changed after get';
        expect((await store.records.get(r.id))?.channel).toBe('webchat');
      });

      test('lists one subject, oldest first', async () => {
        const a3 = makeRecord({ subjectRef: 'subj-a', createdAt: '2025-05-03T09:00:00.000Z' });
        const a1 = makeRecord({ subjectRef: 'subj-a', createdAt: '2025-01-01T09:00:00.000Z' });
        const a2 = makeRecord({ subjectRef: 'subj-a', createdAt: '2025-02-01T09:00:00.000Z' });
        const others = ['subj-b', 'subj-c', 'subj-d'].map((s) => makeRecord({ subjectRef: s }));
        for (const r of [a3, ...others, a1, a2]) await store.records.add(r);
        expect((await store.records.bySubject('subj-a')).map((r) => r.id)).toEqual([a1.id, a2.id, a3.id]);
        expect(await store.records.bySubject('nobody-at-all')).toEqual([]);
      });

      test('keeps awkward text in records exactly', async () => {
        const r = makeRecord({
          whatMatters: AWKWARD_TEXT.join(' | '),
          outcomes: AWKWARD_TEXT.map((text, i) => makeOutcome({ id: `o${i}`, ownWords: text, whatWouldHelp: text })),
        });
        await store.records.add(r);
        expect(await store.records.get(r.id)).toEqual(r);
        expect(await store.records.bySubject(r.subjectRef)).toEqual([r]);
      });

      test('deletes a record', async () => {
        const r = makeRecord();
        await store.records.add(r);
        expect(await store.records.delete(r.id)).toBe(true);
        expect(await store.records.delete(r.id)).toBe(false);
        expect(await store.records.get(r.id)).toBeUndefined();
        expect(await store.records.delete('no-shard')).toBe(false);
      });

      test('a store opened again on the same data sees everything', async () => {
        const records = Array.from({ length: 12 }, (_, i) => makeRecord({ subjectRef: `subject-${i}` }));
        for (const r of records) await store.records.add(r);
        await store.conversations.put('c1', makeState());
        await store.paused.put('CODE-0001-XY', makeState({ code: 'CODE-0001-XY' }));
        await store.close();

        store = await place.open();
        expect((await collect(store.records.all())).sort(byId)).toEqual([...records].sort(byId));
        expect(await store.records.bySubject('subject-3')).toEqual([records[3]]);
        expect(await store.conversations.get('c1')).toEqual(makeState());
        expect((await store.paused.get('CODE-0001-XY'))?.code).toBe('CODE-0001-XY');
      });

      test('all() yields every record once, however many there are', async () => {
        const records = Array.from({ length: 450 }, (_, i) => makeRecord({ subjectRef: `s-${i % 97}`, createdAt: `2025-0${1 + (i % 9)}-01T09:00:00.000Z` }));
        for (let i = 0; i < records.length; i += 50) await Promise.all(records.slice(i, i + 50).map((r) => store.records.add(r)));
        const ids = (await collect(store.records.all())).map((r) => r.id);
        expect(ids.length).toBe(450);
        expect(ids.sort()).toEqual(records.map((r) => r.id).sort());
      });

      test('refuses work after close', async () => {
        await store.close();
        await expect(store.records.get(newRecordId('x'))).rejects.toThrow(/closed/);
        await expect(store.conversations.get('c1')).rejects.toThrow(/closed/);
        await expect(store.paused.get('CODE')).rejects.toThrow(/closed/);
        store = await place.open();
      });
    });
  });
}
