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
  const waiting: OutcomeRecord[] = [];
  const mine: OutcomeRecord[] = [];
  for await (const r of records) {
    if (!visibleToPractitioners(r)) continue;
    if (r.followUp.assignee === me.key && r.followUp.status !== 'done') mine.push(r);
    else if (!r.followUp.assignee && r.followUp.status === 'new' && forPractitioner(r, me.practitioner, scriptTeams)) waiting.push(r);
  }
  waiting.sort(byUrgencyThenNewest);
  mine.sort(byUrgencyThenNewest);
  return { waiting: waiting.slice(0, limit), waitingTotal: waiting.length, mine: mine.slice(0, limit), mineTotal: mine.length };
}
