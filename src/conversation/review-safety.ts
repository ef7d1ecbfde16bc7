// After a disclosure in a review, the same response as in the first conversation: the kernel's safety step
// (steps/safety.ts) runs here unchanged, on a stand-in for the review's state that carries what it reads (the
// flag, the earlier script, whether anyone watches). The review's next question waits in its history until the
// person says they want to carry on; "stop for now" keeps the review for later, as the stop choice's keep does.
import type { Prompt } from './prompt.js';
import { commandChoices, type ReviewState, type ReviewStep } from './review.js';
import type { ReviewScript } from './review-script.js';
import type { ReviewContext, ReviewMove, ReviewStepHandler } from './review-steps.js';
import { keepReview } from './review-stop.js';
import { kernel, resumeWaiting, standIn } from './review-kernel.js';
import type { EngineSetup, TurnContext } from './setup.js';
import { isMiss, type Miss } from './steps/kit.js';
import { safety, safetyCard, safetyGoodbye, watched } from './steps/safety.js';

type SafetyStep = Extract<ReviewStep, { kind: 'safety' }>;

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
export function reviewSafetyGoodbye(setup: EngineSetup, review: ReviewState, turn: TurnContext, options: { deleting?: boolean } = {}): string[] {
  return safetyGoodbye(kernel(setup, review, turn), standIn(review), options);
}

/** The safety step's question, with the review's own commands (reviewPrompts asks it). */
export function reviewSafetyPrompts(setup: EngineSetup, words: ReviewScript, review: ReviewState, step: SafetyStep): Prompt[] {
  return safety.prompts(kernel(setup, review), step).map((p) => ({ ...p, commands: commandChoices(words, { skip: false }) }));
}

export const reviewSafety: ReviewStepHandler<'safety'> = {
  ask: 'safety',
  read: (c, step, text) => safety.read(kernel(c.setup, c.state, c.turn), step, text),
  apply(c: ReviewContext, step, reading, text): ReviewMove | Miss {
    // "Stop for now" keeps the review for later, as in the first conversation (with the person's code).
    if (step.stage === 'carry-on' && reading.kind === 'choice' && reading.choice.id === 'stopForNow') return keepReview(c, resumeWaiting(c.state));
    const move = safety.apply(kernel(c.setup, c.state, c.turn), step, reading, text);
    if (isMiss(move)) return move;
    const flagged = { ...c.state, safeguarding: move.state.safeguarding };
    const next = move.state.step.kind === 'safety' ? { ...flagged, step: move.state.step, misses: 0 } : resumeWaiting(flagged);
    return { state: next, notes: move.notes, effects: move.effects };
  },
  help: (c, step) => safety.help(kernel(c.setup, c.state, c.turn), step),
  explain: (c, step) => safety.help(kernel(c.setup, c.state, c.turn), step),
};
