// Every kind of step, in one table the compiler checks: adding a step kind to state.ts without a handler
// here does not build. Each handler says how the step asks, reads an answer, skips and helps.
import type { Prompt } from './prompt.js';
import type { ConversationState } from './state.js';
import type { EngineSetup, TurnContext } from './setup.js';
import { chooseScript, consent, forWhom, forWhomScript } from './steps/start.js';
import { ownWords, quickPass, rating, whatMatters, whatWouldHelp } from './steps/areas.js';
import { change, contact, contactDetails, done, ended, priorities, sharing, stopChoice, summary, whichArea } from './steps/finish.js';
import { safety } from './steps/safety.js';
import { stepContext, type StepContext, type StepHandler, type StepTable } from './steps/kit.js';

const STEPS: StepTable = {
  'choose-script': chooseScript,
  'for-whom': forWhom,
  'for-whom-script': forWhomScript,
  consent,
  'what-matters': whatMatters,
  'quick-pass': quickPass,
  rating,
  'own-words': ownWords,
  'what-would-help': whatWouldHelp,
  priorities,
  summary,
  change,
  'which-area': whichArea,
  sharing,
  contact,
  'contact-details': contactDetails,
  safety,
  'stop-choice': stopChoice,
  done,
  ended,
};

/** The handler for the state's current step, typed for it. */
export function handlerFor<K extends ConversationState['step']['kind']>(kind: K): StepHandler<K> {
  return STEPS[kind];
}

/** The question for the current step, as a person sees it. */
export function promptsFor(setup: EngineSetup, state: ConversationState, turn: TurnContext = { now: '', newCode: () => '' }): Prompt[] {
  return questionFor(stepContext(setup, state, turn));
}

export function questionFor(c: StepContext): Prompt[] {
  const step = c.state.step;
  return (STEPS[step.kind] as StepHandler<typeof step.kind>).prompts(c, step);
}

export function helpFor(c: StepContext): string {
  const step = c.state.step;
  return (STEPS[step.kind] as StepHandler<typeof step.kind>).help(c, step);
}
