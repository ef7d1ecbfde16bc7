// Records for seeding the bench's stores: the team's generator (test/fixtures/generate-records.ts), with
// dates inside the organisation's retention so the bot's daily purge has nothing to delete.
import { generateRecords } from '../test/fixtures/generate-records.js';
import type { OutcomeRecord } from '../src/records/record.js';

/** Benchmarks need repeatable choices, not secrecy: the report's seeded PRNG (mulberry32). */
export { seededRandom as prng } from '../src/report/random.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `count` records over the last `days` days (default 1,000: inside the test organisation's 1,095). */
export function benchRecords(count: number, seed = 7, days = 1000): OutcomeRecord[] {
  const now = Date.now();
  return generateRecords({ count, seed, validate: false, from: day(now - days * DAY), to: day(now - DAY) });
}
