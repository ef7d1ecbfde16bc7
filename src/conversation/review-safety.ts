// After a disclosure in a review, the same response as in the first conversation: the kernel's safety step
// (steps/safety.ts) runs here unchanged, on a stand-in for the review's state that carries what it reads (the
// flag, the earlier script, whether anyone watches). The review's next question waits in its history until the
// person says they want to carry on; "stop for now" leaves the review where it was, as having to go does.
import type { Prompt } from './prompt.js';
import { commandChoices, type ReviewState, type ReviewStep } from './review.js';
import type { ReviewScript } from './review-script.js';
import type { ReviewContext, ReviewMove, ReviewStepHandler } from './review-steps.js';
import type { EngineSetup, TurnContext } from './setup.js';
import { isMiss, stepContext, type Miss, type StepContext } from './steps/kit.js';
import { safety, safetyCard, safetyGoodbye, watched } from './steps/safety.js';
import type { ConversationState } from './state.js';

type SafetyStep = Extract<ReviewStep, { kind: 'safety' }>;

/**
 * The review as the safety step sees it: the earlier script's words, the flag, and sharing as the policy reads
 * it (a review held with a practitioner is shared: someone is there).
 */
function standIn(review: ReviewState): ConversationState {
  return {
    v: 1,
    scriptId: review.earlierScriptId,
    step: review.step.kind === 'safety' ? review.step : { kind: 'what-matters' },
    history: [],
    returnToSummary: false,
    answers: {},
    priorities: [],
    safeguarding: review.safeguarding,
    sharing: review.askSharing ? review.sharing : 'shared',
    mode: 'review',
    channel: review.channel,
    startedAt: review.startedAt,
  };
}

/** Asking a question needs no turn: nothing is timed and no code is made (stop for now is the review's own). */
const NO_TURN: TurnContext = { now: new Date(0).toISOString(), newCode: () => '' };

function kernel(setup: EngineSetup, review: ReviewState, turn: TurnContext = NO_TURN): StepContext {
  return stepContext(setup, standIn(review), turn);
}

/** The safety message for a disclosure in a review: the acknowledgement for the kind, who will see it, the fitting contacts. */
export function reviewSafetyCard(setup: EngineSetup, review: ReviewState, categories: string[], turn: TurnContext): Prompt {
  return safetyCard(kernel(setup, review, turn), standIn(review), categories);
}

/**
 * Holds the review after a safety message: the question it would have asked waits in the history. Where someone
 * watches and the person has not yet answered, they are asked whether someone may get in touch.
 */
export function holdReviewForSafety(setup: EngineSetup, next: ReviewState, turn: TurnContext): ReviewState | undefined {
  if (next.step.kind === 'safety' || next.step.kind === 'done' || next.step.kind === 'ended') return undefined;
  const c = kernel(setup, next, turn);
  const stage = watched(c, c.state) && !next.safeguarding?.contact ? 'contact' : 'carry-on';
  return { ...next, history: [...next.history, next.step], step: { kind: 'safety', stage }, misses: 0 };
}

/** What the person is told before the review closes or they go, after a flag: what will and will not happen. */
export function reviewSafetyGoodbye(setup: EngineSetup, review: ReviewState, turn: TurnContext): string[] {
  return safetyGoodbye(kernel(setup, review, turn), standIn(review));
}

/** The safety step's question, with the review's own commands (reviewPrompts asks it). */
export function reviewSafetyPrompts(setup: EngineSetup, words: ReviewScript, review: ReviewState, step: SafetyStep): Prompt[] {
  return safety.prompts(kernel(setup, review), step).map((p) => ({ ...p, commands: commandChoices(words, { skip: false }) }));
}

/** Back to the review's question that was waiting. */
function resume(review: ReviewState): ReviewState {
  const waiting = review.history[review.history.length - 1];
  return { ...review, step: waiting ?? { kind: 'summary' }, history: review.history.slice(0, -1), misses: 0 };
}

export const reviewSafety: ReviewStepHandler<'safety'> = {
  read: (c, step, text) => safety.read(kernel(c.setup, c.state, c.turn), step, text),
  apply(c: ReviewContext, step, reading, text): ReviewMove | Miss {
    if (step.stage === 'carry-on' && reading.kind === 'choice' && reading.choice.id === 'stopForNow') {
      const back = resume(c.state);
      return { state: back, prompts: [{ card: 'message', body: [...reviewSafetyGoodbye(c.setup, back, c.turn), c.fill(c.words.text.leaving)] }] };
    }
    const move = safety.apply(kernel(c.setup, c.state, c.turn), step, reading, text);
    if (isMiss(move)) return move;
    const flagged = { ...c.state, safeguarding: move.state.safeguarding };
    const next = move.state.step.kind === 'safety' ? { ...flagged, step: move.state.step, misses: 0 } : resume(flagged);
    return { state: next, notes: move.notes, effects: move.effects };
  },
  help: (c, step) => safety.help(kernel(c.setup, c.state, c.turn), step),
  explain: (c, step) => safety.help(kernel(c.setup, c.state, c.turn), step),
};
