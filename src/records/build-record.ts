// Turns a confirmed conversation into an OutcomeRecord, every rating beside the person's own words.
import type { Script } from '../conversation/script.js';
import { scaleFor } from '../conversation/script.js';
import type { ConversationState } from '../conversation/state.js';
import { OutcomeRecord, RECORD_SCHEMA_VERSION } from './record.js';

export interface RecordIds {
  id: string;
  subjectRef: string;
  now: string;
}

export function buildRecord(script: Script, state: ConversationState, ids: RecordIds): OutcomeRecord {
  if (!state.consent) throw new Error('a record needs consent');
  const outcomes = script.outcomes.map((outcome) => {
    const answer = state.answers[outcome.id];
    const scale = scaleFor(script, outcome);
    const option = answer?.status === 'answered' ? scale.options.find((o) => o.value === answer.value) : undefined;
    const max = Math.max(...scale.options.map((o) => o.value));
    return {
      id: outcome.id,
      label: outcome.label,
      group: outcome.group,
      groupTitle: script.groups.find((g) => g.id === outcome.group)?.title ?? outcome.group,
      status: answer?.status ?? 'skipped',
      rating: option ? { value: option.value, label: option.label, scale: outcome.scale ?? script.defaultScale, max } : undefined,
      ownWords: answer?.ownWords,
      whatWouldHelp: answer?.whatWouldHelp,
      priority: state.priorities.includes(outcome.id),
    };
  });
  return OutcomeRecord.parse({
    id: ids.id,
    schemaVersion: RECORD_SCHEMA_VERSION,
    script: { id: script.id, version: script.version, locale: script.locale },
    mode: state.mode,
    answeredBy: state.answeredBy ?? (script.audience === 'carer' ? 'carer' : 'person'),
    ...(state.answeredFor ? { answeredFor: { relationship: state.answeredFor.relationship } } : {}),
    channel: state.channel,
    subjectRef: ids.subjectRef,
    consent: { agreed: true, at: state.consent.at, noticeVersion: state.consent.noticeVersion },
    createdAt: state.startedAt,
    confirmedAt: ids.now,
    whatMatters: state.whatMatters,
    outcomes,
    sharing: state.sharing ?? 'private',
    contact: state.sharing === 'shared' && state.contact ? state.contact : { method: 'none' },
    safeguardingFlag: state.safeguarding
      ? { flagged: true, categories: state.safeguarding.categories, at: state.safeguarding.at }
      : { flagged: false, categories: [] },
    followUp: { status: 'new', actions: [], notes: [] },
  });
}
