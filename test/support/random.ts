// Seeded randomness for tests, so a failing fuzz run can be repeated exactly: the report's own PRNG.
export { seededRandom } from '../../src/report/random.js';

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
