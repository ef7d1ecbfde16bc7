// The review as the first conversation's kernel sees it, so a review runs the kernel's own steps (the safety
// step, the stop choice) unchanged: a stand-in conversation state that carries what those steps read (the
// flag, the earlier script, whether anyone watches, the code).
import type { ReviewState } from './review.js';
import type { EngineSetup, TurnContext } from './setup.js';
import { stepContext, type StepContext } from './steps/kit.js';
import type { ConversationState } from './state.js';

/**
 * The review as a conversation state: the earlier script's words, the flag, and sharing as the policy reads
 * it (a review held with a practitioner is shared: someone is there).
 */
export function standIn(review: ReviewState): ConversationState {
  return {
    v: 1,
    scriptId: review.earlierScriptId,
    step: review.step.kind === 'safety' || review.step.kind === 'stop-choice' ? review.step : { kind: 'what-matters' },
    history: [],
    returnToSummary: false,
    answers: {},
    priorities: [],
    safeguarding: review.safeguarding,
    sharing: review.askSharing ? review.sharing : 'shared',
    code: review.code,
    mode: 'review',
    channel: review.channel,
    startedAt: review.startedAt,
  };
}

/** Asking a question needs no turn: nothing is timed and no code is made (a review keeps its own code). */
const NO_TURN: TurnContext = { now: new Date(0).toISOString(), newCode: () => '' };

/** The kernel's step context for a review. */
export function kernel(setup: EngineSetup, review: ReviewState, turn: TurnContext = NO_TURN): StepContext {
  return stepContext(setup, standIn(review), turn);
}

/** Back to the review's question that was waiting (after the safety step or the stop choice). */
export function resumeWaiting(review: ReviewState): ReviewState {
  const waiting = review.history[review.history.length - 1];
  return { ...review, step: waiting ?? { kind: 'summary' }, history: review.history.slice(0, -1), misses: 0 };
}
