// The summary of what the person said, in their words, numbered so any answer can be changed by its number.
import type { SummaryItem } from './prompt.js';
import type { Script } from './script.js';
import { scaleFor } from './script.js';
import type { ConversationState, Step } from './state.js';

export interface SummaryEntry {
  item: SummaryItem;
  /** Where "change N" takes the person. */
  target: Step;
}

export function ratingLabel(script: Script, state: ConversationState, index: number): string {
  const outcome = script.outcomes[index];
  const answer = state.answers[outcome.id];
  const scale = scaleFor(script, outcome);
  if (!answer || answer.status === 'skipped') return script.text.summaryNotAnswered;
  if (answer.status === 'declined') return scale.ratherNotSay.label;
  if (answer.status === 'not-applicable') return scale.notApplicable.label;
  return scale.options.find((o) => o.value === answer.value)?.label ?? script.text.summaryNotAnswered;
}

/**
 * Outcomes a person can pick as priorities: the ones they talked about in depth (or, going through every
 * area, the ones they gave a rating or words for).
 */
export function priorityCandidates(script: Script, state: ConversationState): number[] {
  return script.outcomes
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => {
      if (state.focus && !state.focus.includes(o.id)) return false;
      const a = state.answers[o.id];
      return a && (a.status === 'answered' || !!a.ownWords);
    })
    .map(({ i }) => i);
}

/**
 * The summary in the order it is read and numbered: the areas in script order (1 to N, so "the second one"
 * is the second area), then what matters to them, then their priorities.
 */
export function summaryEntries(script: Script, state: ConversationState): SummaryEntry[] {
  const entries: SummaryEntry[] = [];
  script.outcomes.forEach((outcome, i) => {
    const answer = state.answers[outcome.id];
    entries.push({
      item: {
        number: entries.length + 1,
        title: outcome.title,
        rating: ratingLabel(script, state, i),
        ownWords: answer?.ownWords,
        whatWouldHelp: answer?.whatWouldHelp,
        priority: state.priorities.includes(outcome.id),
      },
      target: { kind: 'rating', outcome: i },
    });
  });
  entries.push({
    item: { number: entries.length + 1, title: script.text.summaryWhatMatters, ownWords: state.whatMatters ?? script.text.summaryNotAnswered },
    target: { kind: 'what-matters' },
  });
  if (priorityCandidates(script, state).length > 1 || state.priorities.length) {
    const chosen = script.outcomes.filter((o) => state.priorities.includes(o.id)).map((o) => o.title);
    entries.push({
      item: { number: entries.length + 1, title: script.text.summaryPriorities, detail: chosen.length ? chosen.join('; ') : script.text.summaryNotAnswered },
      target: { kind: 'priorities' },
    });
  }
  return entries;
}
