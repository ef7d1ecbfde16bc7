// The practitioner's queue: shared (or flagged) records nobody has claimed, safety flags first and
// then newest; and the records they have claimed and not closed.
import type { Practitioner } from '../config.js';
import type { OutcomeRecord } from '../records/record.js';
import { recordSummaries } from '../records/record-summaries.js';
import type { RecordStore } from '../records/store.js';

/** The team that follows up a record: from the organisation's script-to-team map; undefined means every team. */
export function teamOf(record: OutcomeRecord, scriptTeams: Record<string, string>): string | undefined {
  return scriptTeams[record.script.id];
}

function scriptForPractitioner(script: string, practitioner: Practitioner, scriptTeams: Record<string, string>): boolean {
  const team = scriptTeams[script];
  return practitioner.role === 'manager' || team === undefined || team === practitioner.team;
}

/** What the queue needs to know of a record to place it. */
export interface QueueEntry {
  id: string;
  script: string;
  /** Milliseconds; NaN when unreadable. */
  confirmedAt: number;
  flagged: boolean;
  /** Shared, or flagged and passed on (visibleToPractitioners). */
  visible: boolean;
  status: OutcomeRecord['followUp']['status'];
  assignee?: string;
}

/** Every record's queue entry (see recordSummaries: from the report rows where the store keeps them). */
export async function* queueEntries(records: RecordStore): AsyncIterable<QueueEntry> {
  for await (const s of recordSummaries(records)) {
    yield {
      id: s.id,
      script: s.script,
      confirmedAt: s.confirmedAt,
      flagged: s.flagged,
      // As visibleToPractitioners (follow-up.ts): shared, or flagged and passed on.
      visible: s.shared || (s.flagged && !s.heldBack),
      status: s.followUp,
      assignee: s.assignee,
    };
  }
}

function byUrgencyThenNewest(a: QueueEntry, b: QueueEntry): number {
  const flag = Number(b.flagged) - Number(a.flagged);
  return flag || b.confirmedAt - a.confirmedAt || (a.id < b.id ? -1 : 1);
}

/** A conversation flagged for safety that has no record (not finished, or kept private): when and what kind only. */
interface FlagOnly {
  at: string;
  script?: string;
  channel: string;
  categories: string[];
  /** The short reference that opens it. */
  ref: string;
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

/** Which records head each list (their ids, in order) and how many each holds. */
export interface QueuePlaces {
  waiting: string[];
  waitingTotal: number;
  mine: string[];
  mineTotal: number;
}

export async function placeInQueue(
  entries: AsyncIterable<QueueEntry>,
  me: { key: string; practitioner: Practitioner },
  scriptTeams: Record<string, string>,
  limit = 10,
): Promise<QueuePlaces> {
  // Only the first `limit` of each are kept while every record goes past: with years of records, keeping
  // every waiting one to sort at the end held tens of thousands of them in memory at once.
  const waiting: QueueEntry[] = [];
  const mine: QueueEntry[] = [];
  let waitingTotal = 0;
  let mineTotal = 0;
  for await (const e of entries) {
    if (!e.visible) continue;
    if (e.assignee === me.key && e.status !== 'done') {
      mineTotal++;
      keepFirst(mine, e, limit);
    } else if (!e.assignee && e.status === 'new' && scriptForPractitioner(e.script, me.practitioner, scriptTeams)) {
      waitingTotal++;
      keepFirst(waiting, e, limit);
    }
  }
  return { waiting: waiting.map((e) => e.id), waitingTotal, mine: mine.map((e) => e.id), mineTotal };
}

/** Puts e into `list` (kept sorted, at most `limit` long) if it is among the first `limit`. */
function keepFirst(list: QueueEntry[], e: QueueEntry, limit: number): void {
  let i = list.length;
  while (i > 0 && byUrgencyThenNewest(e, list[i - 1]) < 0) i--;
  if (i >= limit) return;
  list.splice(i, 0, e);
  if (list.length > limit) list.pop();
}
