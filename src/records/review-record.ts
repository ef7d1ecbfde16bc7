// Between records and reviews: an earlier OutcomeRecord becomes a ReviewSource, and a finished review
// becomes a new OutcomeRecord (mode "review") linked to the earlier one by previousRecordId.
import type { ReviewItem, ReviewSource, ReviewState } from '../conversation/review.js';
import type { Script } from '../conversation/script.js';
import { OutcomeRecord, RECORD_SCHEMA_VERSION } from './record.js';

/** The record a review looks back on: the newest one of the person's that was not itself a review. */
export function reviewTarget(records: OutcomeRecord[], visible: (r: OutcomeRecord) => boolean = () => true): OutcomeRecord | undefined {
  return records.filter((r) => r.mode !== 'review' && visible(r)).sort((a, b) => Date.parse(b.confirmedAt) - Date.parse(a.confirmedAt))[0];
}

/** The outcomes the person said something about; a review asks only about those. */
export function toReviewSource(record: OutcomeRecord, scripts: Script[]): ReviewSource {
  const script = scripts.find((s) => s.id === record.script.id);
  const items: ReviewItem[] = [];
  for (const o of record.outcomes) {
    const scriptOutcome = script?.outcomes.find((x) => x.id === o.id);
    const scale = script && scriptOutcome ? script.scales[scriptOutcome.scale ?? script.defaultScale] : undefined;
    const thenRating =
      o.rating?.label ?? (o.status === 'declined' ? scale?.ratherNotSay.label : o.status === 'not-applicable' ? scale?.notApplicable.label : undefined);
    if (o.status !== 'answered' && !o.ownWords && !o.whatWouldHelp && !o.priority) continue;
    items.push({
      outcomeId: o.id,
      label: o.label,
      group: o.group,
      groupTitle: o.groupTitle,
      thenRating,
      thenWords: o.ownWords,
      thenHelp: o.whatWouldHelp,
      thenPriority: o.priority,
    });
  }
  return { previousRecordId: record.id, subjectRef: record.subjectRef, scriptId: record.script.id, date: record.confirmedAt, items };
}

export interface ReviewRecordIds {
  id: string;
  now: string;
  /** The earlier record's script: the reviewed outcomes are its outcomes. */
  script: { id: string; version: number; locale: string };
  /** The organisation's policy: a flagged review kept private is still passed on (default true). */
  passOnUnshared?: boolean;
}

/** The review as a record: each reviewed outcome carries `review` (met, why, next); a review asks no new rating. */
export function buildReviewRecord(state: ReviewState, ids: ReviewRecordIds): OutcomeRecord {
  if (!state.consent) throw new Error('a review record needs consent');
  return OutcomeRecord.parse({
    id: ids.id,
    schemaVersion: RECORD_SCHEMA_VERSION,
    script: ids.script,
    mode: 'review',
    answeredBy: state.answeredBy,
    channel: state.channel,
    subjectRef: state.subjectRef,
    consent: { agreed: true, at: state.consent.at, noticeVersion: state.consent.noticeVersion },
    createdAt: state.startedAt,
    confirmedAt: ids.now,
    outcomes: state.items.map((item) => {
      const answer = state.answers[item.outcomeId] ?? {};
      const reviewed = answer.met !== undefined || answer.why !== undefined || answer.next !== undefined;
      return {
        id: item.outcomeId,
        label: item.label,
        group: item.group,
        groupTitle: item.groupTitle,
        status: 'skipped',
        priority: item.thenPriority,
        review: reviewed ? { met: answer.met, why: answer.why, next: answer.next } : undefined,
      };
    }),
    sharing: state.sharing ?? 'private',
    contact: { method: 'none' },
    safeguardingFlag: state.safeguarding
      ? {
          flagged: true,
          categories: state.safeguarding.categories,
          at: state.safeguarding.at,
          passedOn: ids.passOnUnshared !== false || state.sharing === 'shared' || !state.askSharing,
        }
      : { flagged: false, categories: [] },
    followUp: { status: 'new', actions: [], notes: [] },
    previousRecordId: state.previousRecordId,
  });
}
