// The practitioner's queue: shared (or flagged) records nobody has claimed, safety flags first and
// then newest; and the records they have claimed and not closed.
import type { Practitioner } from '../config.js';
import type { OutcomeRecord } from '../records/record.js';
import { visibleToPractitioners } from './follow-up.js';

/** The team that follows up a record: from the organisation's script-to-team map; undefined means every team. */
export function teamOf(record: OutcomeRecord, scriptTeams: Record<string, string>): string | undefined {
  return scriptTeams[record.script.id];
}

export function forPractitioner(record: OutcomeRecord, practitioner: Practitioner, scriptTeams: Record<string, string>): boolean {
  const team = teamOf(record, scriptTeams);
  return practitioner.role === 'manager' || team === undefined || team === practitioner.team;
}

function byUrgencyThenNewest(a: OutcomeRecord, b: OutcomeRecord): number {
  const flag = Number(b.safeguardingFlag.flagged) - Number(a.safeguardingFlag.flagged);
  return flag || Date.parse(b.confirmedAt) - Date.parse(a.confirmedAt) || (a.id < b.id ? -1 : 1);
}

/** A conversation flagged for safety that has no record (not finished, or kept private): when and what kind only. */
export interface FlagOnly {
  at: string;
  script?: string;
  channel: string;
  categories: string[];
}

export interface Queue {
  waiting: OutcomeRecord[];
  waitingTotal: number;
  mine: OutcomeRecord[];
  mineTotal: number;
  /** Newest first; only when the organisation passes such flags on. */
  flags?: FlagOnly[];
  flagsTotal?: number;
}

export async function buildQueue(
  records: AsyncIterable<OutcomeRecord>,
  me: { key: string; practitioner: Practitioner },
  scriptTeams: Record<string, string>,
  limit = 10,
): Promise<Queue> {
  // Only the first `limit` of each are kept while every record goes past: with years of records, keeping
  // every waiting one to sort at the end held tens of thousands of them in memory at once.
  const waiting: OutcomeRecord[] = [];
  const mine: OutcomeRecord[] = [];
  let waitingTotal = 0;
  let mineTotal = 0;
  for await (const r of records) {
    if (!visibleToPractitioners(r)) continue;
    if (r.followUp.assignee === me.key && r.followUp.status !== 'done') {
      mineTotal++;
      keepFirst(mine, r, limit);
    } else if (!r.followUp.assignee && r.followUp.status === 'new' && forPractitioner(r, me.practitioner, scriptTeams)) {
      waitingTotal++;
      keepFirst(waiting, r, limit);
    }
  }
  return { waiting, waitingTotal, mine, mineTotal };
}

/** Puts r into `list` (kept sorted, at most `limit` long) if it is among the first `limit`. */
function keepFirst(list: OutcomeRecord[], r: OutcomeRecord, limit: number): void {
  let i = list.length;
  while (i > 0 && byUrgencyThenNewest(r, list[i - 1]) < 0) i--;
  if (i >= limit) return;
  list.splice(i, 0, r);
  if (list.length > limit) list.pop();
}
