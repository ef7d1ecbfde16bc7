// Changes practitioners make to a record's follow-up, as pure functions of the record.
import type { OutcomeRecord } from '../records/record.js';

export type ClaimResult = 'claimed' | 'already-yours' | 'claimed-by-other';

/**
 * Who may see a record at all: the person shared it, or it was flagged for safety and the organisation's
 * policy passes such flags on (the privacy notice says so; passedOn false means it does not).
 */
export function visibleToPractitioners(record: OutcomeRecord): boolean {
  return record.sharing === 'shared' || (record.safeguardingFlag.flagged && record.safeguardingFlag.passedOn !== false);
}

export function claimResult(record: OutcomeRecord, me: string): ClaimResult {
  const assignee = record.followUp.assignee;
  if (assignee === me) return 'already-yours';
  return assignee ? 'claimed-by-other' : 'claimed';
}

export function claim(record: OutcomeRecord, me: string): OutcomeRecord {
  if (record.followUp.assignee) return record;
  return { ...record, followUp: { ...record.followUp, assignee: me, status: record.followUp.status === 'new' ? 'claimed' : record.followUp.status } };
}

/** Working on an unclaimed record claims it: somebody then owns the follow-up. */
function touched(record: OutcomeRecord, me: string): OutcomeRecord {
  const claimed = claim(record, me);
  const status = claimed.followUp.status === 'done' ? 'done' : 'in-progress';
  return { ...claimed, followUp: { ...claimed.followUp, status } };
}

export function addNote(record: OutcomeRecord, me: string, text: string, now: string): OutcomeRecord {
  const next = touched(record, me);
  return { ...next, followUp: { ...next.followUp, notes: [...next.followUp.notes, { by: me, at: now, text }] } };
}

export interface NewAction {
  what: string;
  who: string;
  byWhen?: string;
}

export function addAction(record: OutcomeRecord, me: string, action: NewAction, id: string, now: string): OutcomeRecord {
  const next = touched(record, me);
  const added = { id, what: action.what, who: action.who, byWhen: action.byWhen, done: false, createdAt: now };
  return { ...next, followUp: { ...next.followUp, actions: [...next.followUp.actions, added] } };
}

/** Marks action n (counting from 1) done; undefined when there is no such action. */
export function markActionDone(record: OutcomeRecord, me: string, n: number): OutcomeRecord | undefined {
  if (!(n >= 1 && n <= record.followUp.actions.length)) return undefined;
  const next = touched(record, me);
  const actions = next.followUp.actions.map((a, i) => (i === n - 1 ? { ...a, done: true } : a));
  return { ...next, followUp: { ...next.followUp, actions } };
}

export function closeFollowUp(record: OutcomeRecord, me: string): OutcomeRecord {
  const claimed = claim(record, me);
  return { ...claimed, followUp: { ...claimed.followUp, status: 'done' } };
}

/** Records the practitioner's own rating beside the person's on outcome n (counting from 1). */
export function setPractitionerRatings(record: OutcomeRecord, ratings: { index: number; value: number; label: string }[]): OutcomeRecord {
  const outcomes = record.outcomes.map((o, i) => {
    const mine = ratings.find((r) => r.index === i);
    return mine ? { ...o, practitionerRating: { value: mine.value, label: mine.label } } : o;
  });
  return { ...record, outcomes };
}
