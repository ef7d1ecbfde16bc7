import { OutcomeRecord } from '../../src/records/record.js';
import { sha256Hex } from '../../src/records/record-id.js';
import { generateRecords } from '../fixtures/generate-records.js';

describe('generateRecords (invented test data)', () => {
  const records = generateRecords({ count: 1500, seed: 11 });

  it('makes exactly the number asked for, all valid records', () => {
    expect(records).toHaveLength(1500);
    for (const r of records) expect(OutcomeRecord.safeParse(r).success).toBe(true);
    expect(generateRecords({ count: 0 })).toEqual([]);
    expect(generateRecords({ count: 1 })).toHaveLength(1);
  });

  it('gives the same records for the same seed, and different ones for another seed', () => {
    expect(generateRecords({ count: 1500, seed: 11 })).toEqual(records);
    expect(JSON.stringify(generateRecords({ count: 50, seed: 4 }))).toBe(JSON.stringify(generateRecords({ count: 50, seed: 4 })));
    expect(JSON.stringify(generateRecords({ count: 50, seed: 5 }))).not.toBe(JSON.stringify(generateRecords({ count: 50, seed: 4 })));
  });

  it('has the variety a report needs', () => {
    const set = (f: (r: OutcomeRecord) => string) => new Set(records.map(f));
    expect(set((r) => r.script.id)).toEqual(new Set(['carer', 'adult', 'care-home']));
    expect(set((r) => r.mode)).toEqual(new Set(['self', 'with-practitioner', 'review']));
    expect(set((r) => r.sharing)).toEqual(new Set(['shared', 'private']));
    expect(set((r) => r.followUp.status)).toEqual(new Set(['new', 'claimed', 'in-progress', 'done']));
    expect(set((r) => r.answeredBy).size).toBe(3);
    expect(set((r) => r.channel).size).toBeGreaterThanOrEqual(3);
    const answers = records.flatMap((r) => r.outcomes);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set(['answered', 'declined', 'not-applicable', 'skipped']));
    expect(new Set(answers.flatMap((a) => (a.rating ? [a.rating.value] : [])))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(answers.some((a) => a.priority)).toBe(true);
    expect(answers.some((a) => a.ownWords)).toBe(true);
    expect(answers.some((a) => a.whatWouldHelp)).toBe(true);
    expect(new Set(answers.flatMap((a) => (a.review?.met ? [a.review.met] : [])))).toEqual(new Set(['fully', 'partly', 'not']));
    expect(records.some((r) => r.safeguardingFlag.flagged)).toBe(true);
    expect(records.some((r) => r.contact.method !== 'none')).toBe(true);
    // Contact details only for people who shared and asked to be contacted.
    for (const r of records) if (r.contact.method !== 'none') expect(r.sharing).toBe('shared');
  });

  it('links people with two or more records by subject and previous record, in time order', () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    const linked = records.filter((r) => r.previousRecordId);
    expect(linked.length).toBeGreaterThan(100);
    for (const r of linked) {
      const before = byId.get(r.previousRecordId ?? '');
      expect(before).toBeDefined();
      expect(before?.subjectRef).toBe(r.subjectRef);
      expect(before?.script.id).toBe(r.script.id);
      expect(Date.parse(before?.createdAt ?? '')).toBeLessThan(Date.parse(r.createdAt));
    }
    // Ids put each person's records in their lowdb shard.
    for (const r of records) expect(r.id.slice(0, 2)).toBe(sha256Hex(r.subjectRef).slice(0, 2));
  });

  it('keeps dates in the range asked for', () => {
    const some = generateRecords({ count: 300, seed: 2, from: '2024-03-01', to: '2024-06-30' });
    for (const r of some) {
      expect(r.createdAt >= '2024-03-01').toBe(true);
      expect(r.createdAt < '2024-07-01T23:59').toBe(true);
    }
  });
});
