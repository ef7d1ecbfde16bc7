// The order of the conversation: which step follows the one just answered. A person who answers plainly
// goes: who it is for, consent, what matters, a quick pass over each group of areas, then deeper questions
// only for the areas named in "what matters" or rated low, priorities, summary, sharing.
import { scriptOf } from './prompts.js';
import type { Script } from './script.js';
import type { EngineSetup } from './setup.js';
import type { ConversationState, Step } from './state.js';
import { priorityCandidates } from './summary.js';
import type { Area } from './understanding/read-outcomes.js';
import { findPhrase, tokens } from './understanding/words.js';

/**
 * Each area in turn, with its own rating, words and what would help: when the organisation asks for it, and
 * always in a conversation a practitioner holds with someone, where there is time to go through everything.
 */
function everyArea(setup: EngineSetup, state: ConversationState): boolean {
  return setup.organisation.conversationDepth === 'every-area' || state.mode === 'with-practitioner';
}

/** Moves to a step, remembering the current one so "back" can return to it. */
export function go(state: ConversationState, next: Step): ConversationState {
  return { ...state, step: next, history: [...state.history, state.step], misses: 0, ...(next.kind === 'summary' ? { returnToSummary: false } : {}) };
}

/** The step after the current one has been answered (or skipped). */
export function nextStep(setup: EngineSetup, state: ConversationState, options: { skipOutcome?: boolean } = {}): Step {
  const script = scriptOf(setup, state);
  const s = state.step;
  switch (s.kind) {
    case 'choose-script':
      return state.answeredBy === 'family-or-friend' && !state.answeredFor
        ? { kind: 'for-whom' }
        : state.answeredBy === 'family-or-friend' && !state.scriptId
          ? { kind: 'for-whom-script' }
          : { kind: 'consent' };
    case 'for-whom':
      return state.scriptId ? { kind: 'consent' } : { kind: 'for-whom-script' };
    case 'for-whom-script':
      return { kind: 'consent' };
    case 'consent':
      return { kind: 'what-matters' };
    case 'what-matters':
      if (state.returnToSummary) return { kind: 'summary' };
      return everyArea(setup, state) ? { kind: 'rating', outcome: 0 } : { kind: 'quick-pass', group: 0 };
    case 'quick-pass': {
      if (state.returnToSummary) return { kind: 'summary' };
      const next = nextQuickGroup(script, state, s.group);
      return next !== undefined ? { kind: 'quick-pass', group: next } : firstDeepStep(script, state);
    }
    case 'rating': {
      const answer = state.answers[script.outcomes[s.outcome].id];
      if (options.skipOutcome || answer?.status !== 'answered') return afterArea(setup, script, state, s.outcome);
      // Words given with the rating are already kept: go straight on.
      if (answer.ownWords && !state.returnToSummary) return afterOwnWords(script, state, s.outcome);
      return { kind: 'own-words', outcome: s.outcome };
    }
    case 'own-words':
      return afterOwnWords(script, state, s.outcome);
    case 'what-would-help':
      return afterArea(setup, script, state, s.outcome);
    case 'which-area':
    case 'priorities':
      return { kind: 'summary' };
    default:
      return { kind: 'summary' };
  }
}

function afterOwnWords(script: Script, state: ConversationState, index: number): Step {
  const answer = state.answers[script.outcomes[index].id];
  const low = answer?.value !== undefined && answer.value <= script.helpThreshold;
  return low ? { kind: 'what-would-help', outcome: index } : afterAreaNoSetup(script, state, index);
}

function afterArea(setup: EngineSetup, script: Script, state: ConversationState, index: number): Step {
  if (!state.focus && everyArea(setup, state)) {
    if (state.returnToSummary) return { kind: 'summary' };
    if (index + 1 < script.outcomes.length) return { kind: 'rating', outcome: index + 1 };
    return afterAreas(script, state);
  }
  return afterAreaNoSetup(script, state, index);
}

function afterAreaNoSetup(script: Script, state: ConversationState, index: number): Step {
  if (state.returnToSummary) return { kind: 'summary' };
  if (!state.focus) {
    if (index + 1 < script.outcomes.length) return { kind: 'rating', outcome: index + 1 };
    return afterAreas(script, state);
  }
  const at = state.focus.indexOf(script.outcomes[index].id);
  const nextId = at >= 0 ? state.focus[at + 1] : undefined;
  return nextId ? deepStepFor(script, state, nextId) : afterAreas(script, state);
}

function afterAreas(script: Script, state: ConversationState): Step {
  return priorityCandidates(script, state).length > 1 ? { kind: 'priorities' } : { kind: 'summary' };
}

/** An area in the deeper questions starts with its rating if the quick pass left it without one. */
function deepStepFor(script: Script, state: ConversationState, id: string): Step {
  const index = script.outcomes.findIndex((o) => o.id === id);
  const answer = state.answers[id];
  if (!answer || answer.needsRating || answer.status === 'skipped') return { kind: 'rating', outcome: index };
  return { kind: 'own-words', outcome: index };
}

function firstDeepStep(script: Script, state: ConversationState): Step {
  const focus = state.focus ?? [];
  return focus.length ? deepStepFor(script, state, focus[0]) : afterAreas(script, state);
}

/** Groups that have at least one outcome, in script order. */
export function groupsInUse(script: Script): Script['groups'] {
  return script.groups.filter((g) => script.outcomes.some((o) => o.group === g.id));
}

/**
 * The areas a part of the quick pass asks about: its own, less any already answered at an earlier part
 * ("all ok except money" at the first part leaves money off its own part).
 */
export function quickPassOutcomes(script: Script, state: ConversationState, group: number): Script['outcomes'] {
  const id = groupsInUse(script)[group]?.id;
  const told = state.toldEarlier ?? {};
  return script.outcomes.filter((o) => o.group === id && !(o.id in told && told[o.id] < group));
}

/** The outcomes of the parts after this one: what an "except" at this part may also name. */
export function laterOutcomes(script: Script, group: number): Script['outcomes'] {
  const later = new Set(
    groupsInUse(script)
      .slice(group + 1)
      .map((g) => g.id),
  );
  return script.outcomes.filter((o) => later.has(o.group));
}

/** The next part of the quick pass with anything left to ask, or undefined after the last. */
export function nextQuickGroup(script: Script, state: ConversationState, group: number): number | undefined {
  for (let g = group + 1; g < groupsInUse(script).length; g++) if (quickPassOutcomes(script, state, g).length) return g;
  return undefined;
}

export function areasOf(script: Script, outcomes = script.outcomes): Area[] {
  return outcomes.map((o, i) => ({
    id: o.id,
    number: i + 1,
    title: o.title,
    keywords: o.keywords,
    groupWords: tokens(script.groups.find((g) => g.id === o.group)?.title ?? ''),
  }));
}

/**
 * The areas to go into in depth, in order: those named in "what matters" first (what the person raised
 * matters most), then those rated low or said to be not fine.
 */
export function focusAreas(script: Script, state: ConversationState): string[] {
  const named = new Set<string>();
  if (state.whatMatters) {
    const words = tokens(state.whatMatters);
    const said = new Set(words);
    for (const o of script.outcomes) {
      // One-word keywords by the word (or its first five letters: "sleeping" for "sleep"), longer ones as a phrase.
      const hit = o.keywords.some((k) => {
        const kw = tokens(k);
        if (kw.length > 1) return findPhrase(words, kw) >= 0;
        const w = kw[0];
        return w !== undefined && w.length >= 3 && (said.has(w) || (w.length >= 5 && words.some((x) => x.length >= 5 && x.slice(0, 5) === w.slice(0, 5))));
      });
      if (hit) named.add(o.id);
    }
  }
  // The lowest first: not fine with no number, then 1s, then 2s; in script order within each.
  const rank = (id: string) => (state.answers[id]?.needsRating ? 0 : (state.answers[id]?.value ?? 99));
  const low = script.outcomes
    .filter((o) => {
      const a = state.answers[o.id];
      return a && (a.needsRating || (a.status === 'answered' && a.value !== undefined && a.value <= script.helpThreshold));
    })
    .map((o) => o.id)
    .sort((a, b) => rank(a) - rank(b));
  const order = script.outcomes.map((o) => o.id);
  const mentioned = order.filter((id) => named.has(id));
  // At most a handful, so the conversation keeps its "about 10 minutes"; any other area can still be
  // changed, with words added, from the summary.
  return [...new Set([...mentioned, ...low])].slice(0, MAX_FOCUS);
}

/** The most areas asked about in depth after the quick pass. */
const MAX_FOCUS = 5;
