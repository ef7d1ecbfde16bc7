// "stop" in a review works as in the first conversation: keep it for later (under the person's own code),
// delete it, or carry on. The kernel's stop choice (steps/finish.ts) asks the question and reads the answer
// ("no wait i want to keep it"); what keeping and deleting mean for a review is said here.
import type { Prompt } from './prompt.js';
import type { ReviewState, ReviewStep } from './review.js';
import { kernel, resumeWaiting } from './review-kernel.js';
import { reviewSafetyGoodbye } from './review-safety.js';
import type { ReviewContext, ReviewMove, ReviewStepHandler } from './review-steps.js';
import type { EngineSetup } from './setup.js';
import { stopChoice } from './steps/finish.js';
import { miss } from './steps/kit.js';

type StopStep = Extract<ReviewStep, { kind: 'stop-choice' }>;

const say = (...body: string[]): Prompt => ({ card: 'message', body });

/** The stop command: before anything is said it stops at once; after, it asks keep, delete or carry on. */
export function stopReview(c: ReviewContext): ReviewMove {
  const s = c.state;
  if (s.step.kind === 'stop-choice') return { state: s };
  const nothingSaid = !s.consent || Object.keys(s.answers).length === 0;
  if (nothingSaid) return ended(c);
  return { state: { ...s, step: { kind: 'stop-choice' }, history: [...s.history, s.step], misses: 0 } };
}

/**
 * Keeps the review for later: the review's question waits under the person's code, and what will happen about
 * a flag is said first. A review held by a practitioner has no code to give: it simply waits where it is.
 */
export function keepReview(c: ReviewContext, back: ReviewState, line: 'kept' | 'leavingKept' = 'kept'): ReviewMove {
  const code = c.state.code;
  const goodbye = reviewSafetyGoodbye(c.setup, back, c.turn);
  if (!code) return { state: back, notes: [...goodbye, c.fill(c.words.text.keptHere)] };
  return {
    state: back,
    prompts: [say(...goodbye, c.fill(c.words.text[line], { code }))],
    effects: [{ kind: 'pause', code }],
  };
}

/** Deleting: the review's answers go. After a flag, the person is told that no call is promised (the contact answer goes too). */
function ended(c: ReviewContext, options: { deleting?: boolean } = {}): ReviewMove {
  const t = c.words.text;
  const goodbye = reviewSafetyGoodbye(c.setup, c.state, c.turn, options);
  return {
    state: { ...c.state, step: { kind: 'ended' } },
    prompts: [say(...goodbye, c.fill(c.state.safeguarding ? t.stoppedAfterFlag : t.stopped))],
    effects: [{ kind: 'discard' }],
  };
}

/** The stop question, in the earlier script's words (reviewPrompts asks it). */
export function reviewStopPrompts(setup: EngineSetup, review: ReviewState, step: StopStep): Prompt[] {
  return stopChoice.prompts(kernel(setup, review), step);
}

export const reviewStopChoice: ReviewStepHandler<'stop-choice'> = {
  ask: 'stop-choice',
  read: (c, step, text) => stopChoice.read(kernel(c.setup, c.state, c.turn), step, text),
  apply(c, _step, reading) {
    if (reading.kind !== 'choice') return miss();
    if (reading.choice.id === 'stopDelete') return ended(c, { deleting: true });
    if (reading.choice.id === 'stopKeep') return keepReview(c, resumeWaiting(c.state));
    return { state: resumeWaiting(c.state) };
  },
  help: (c, step) => stopChoice.help(kernel(c.setup, c.state, c.turn), step),
  explain: (c, step) => stopChoice.help(kernel(c.setup, c.state, c.turn), step),
};
