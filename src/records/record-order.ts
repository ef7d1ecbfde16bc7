// The one order every store lists a person's records in: createdAt, then confirmedAt, then id.
import type { OutcomeRecord } from './record.js';

export function byAge(a: OutcomeRecord, b: OutcomeRecord): number {
  return compareTime(a.createdAt, b.createdAt) || compareTime(a.confirmedAt, b.confirmedAt) || cmp(a.id, b.id);
}

/** By time when both parse; otherwise as text, so the order is total whatever is stored. */
function compareTime(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  return cmp(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
