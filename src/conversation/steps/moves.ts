// Moves shared by several steps: on to the next step, and the end of the conversation.
import { go, nextStep } from '../flow.js';
import type { ConversationState } from '../state.js';
import type { Move, StepContext } from './kit.js';

export function moveOn(c: StepContext, state: ConversationState, options: { skipOutcome?: boolean; notes?: string[] } = {}): Move {
  return { state: go(state, nextStep(c.setup, state, options)), notes: options.notes };
}

export function finish(c: StepContext, state: ConversationState): Move {
  const code = state.code ?? c.turn.newCode();
  const done: ConversationState = { ...state, code, step: { kind: 'done' }, history: [], returnToSummary: false, misses: 0 };
  const body = [c.fill(c.t.done, { code })];
  if (done.sharing === 'shared') body.push(c.fill(c.t.doneShared, { code }));
  return { state: done, prompts: [{ card: 'message', body }], effects: [{ kind: 'complete' }] };
}
