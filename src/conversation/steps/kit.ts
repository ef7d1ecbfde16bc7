// What every step is made of: how it asks, how it reads an answer, how it is skipped, what its help says.
// The table of steps (../step-table.ts) lists one StepHandler per kind; the compiler checks that none is missing.
import type { Prompt } from '../prompt.js';
import type { Ask } from '../prompt-ask.js';
import { fillFor, scriptOf } from '../prompts.js';
import type { Script, ScriptText } from '../script.js';
import type { Effect, EngineSetup, TurnContext } from '../setup.js';
import type { ConversationState, Step } from '../state.js';
import { lexiconFor, type Lexicon } from '../understanding/lexicon.js';
import type { AnswerReading } from '../understanding/reading.js';

export interface StepContext {
  setup: EngineSetup;
  state: ConversationState;
  script: Script;
  t: ScriptText;
  lex: Lexicon;
  fill: (s: string, extra?: Record<string, string | number>) => string;
  turn: TurnContext;
}

/** What answering a step did: the new state, a line or two said before the next question, effects. */
export interface Move {
  state: ConversationState;
  notes?: string[];
  effects?: Effect[];
  /** Said instead of the next question (the goodbye at the end, the code on pausing). */
  prompts?: Prompt[];
}

/** The reply was not understood: the kernel says so briefly and asks again. */
export interface Miss {
  miss: true;
  /** A line that fits better than the general "didn't get that" (too long, not a phone number...). */
  note?: string;
}

type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>;

export interface StepHandler<K extends Step['kind']> {
  ask: Ask;
  prompts(c: StepContext, step: StepOf<K>): Prompt[];
  /** What the reply means as an answer to this step's question. Pure reading: nothing changes. */
  read(c: StepContext, step: StepOf<K>, text: string): AnswerReading;
  /** What the answer does: the next state, or a miss. `text` is the reply as typed, for free text. */
  apply(c: StepContext, step: StepOf<K>, reading: AnswerReading, text: string): Move | Miss;
  /** Undefined: this step cannot be skipped (choosing, agreeing, confirming, sharing). */
  skip?(c: StepContext, step: StepOf<K>): Move;
  help(c: StepContext, step: StepOf<K>): string;
  /** What the question means and why it is asked; help when unset. */
  explain?(c: StepContext, step: StepOf<K>): string;
}

export type StepTable = { [K in Step['kind']]: StepHandler<K> };

export function stepContext(setup: EngineSetup, state: ConversationState, turn: TurnContext): StepContext {
  const script = scriptOf(setup, state);
  return { setup, state, script, t: script.text, lex: lexiconFor(script), fill: fillFor(setup, state), turn };
}

export function isMiss(result: Move | Miss): result is Miss {
  return (result as Miss).miss === true;
}

export const miss = (note?: string): Miss => ({ miss: true, ...(note ? { note } : {}) });
