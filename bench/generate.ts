// Records for seeding the bench's stores: the team's generator (test/fixtures/generate-records.ts), with
// dates inside the organisation's retention so the bot's daily purge has nothing to delete.
import { generateRecords } from '../test/fixtures/generate-records.js';
import type { OutcomeRecord } from '../src/records/record.js';

/** mulberry32: a small, fast, seedable PRNG (benchmarks need repeatable choices, not secrecy). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `count` records over the last `days` days (default 1,000: inside the test organisation's 1,095). */
export function benchRecords(count: number, seed = 7, days = 1000): OutcomeRecord[] {
  const now = Date.now();
  return generateRecords({ count, seed, validate: false, from: day(now - days * DAY), to: day(now - DAY) });
}
