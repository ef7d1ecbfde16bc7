// The conversation kernel: (state, input) -> (state, prompts, effects). Pure: no I/O, no Bot Framework.
//
// Every message is read in this order, and the first that fits decides what it is:
//   1. safeguarding (on everything typed, before anything else; it adds, it never takes the turn)
//   2. after the end: "start again", or a reminder of the code
//   3. a command: back, skip, pause, help, start again, stop ("can I go back", "pause please")
//   4. having to go now ("sorry he's shouting, I have to go"): paused at once, with the code
//   5. asking what the question means ("what does this mean?", "why are you asking?")
//   6. an answer to the step's question, read by the step's handler in step-table.ts
//   7. not understood: one short line and the options; a second miss offers them numbered
// (The person's rights, "review CODE" and "resume CODE" are read before the kernel, in that order, by
// readPersonCommand in understanding/read-command.ts, beside the commands above; the bot acts on them.)
import type { Prompt } from './prompt.js';
import type { Effect, EngineSetup, Input, TurnContext } from './setup.js';
import type { ConversationState } from './state.js';
import { handlerFor, helpFor, questionFor } from './step-table.js';
import { isMiss, stepContext, type Move, type StepContext } from './steps/kit.js';
import { holdForCheck, holdForSafety, needsSafetyCheck, safetyCard, safetyGoodbye } from './steps/safety.js';
import { welcomeFor } from './steps/start.js';
import { asksWhatItMeans, isLeaving } from './understanding/read-intent.js';
import { readCommand, type Command } from './understanding/read-command.js';
import type { AnswerReading, Reading } from './understanding/reading.js';
import { correctSpelling } from './understanding/spelling.js';
import { tokens } from './understanding/words.js';
import { vocabularyFor } from './understanding/lexicon.js';

export interface TurnResult {
  state: ConversationState;
  prompts: Prompt[];
  effects: Effect[];
}

export interface StartOptions {
  channel?: string;
  mode?: ConversationState['mode'];
  answeredBy?: ConversationState['answeredBy'];
  scriptId?: string;
}

export function startConversation(setup: EngineSetup, ctx: TurnContext, options: StartOptions = {}): TurnResult {
  const chosen = options.scriptId ?? (setup.scripts.length === 1 ? setup.scripts[0].id : undefined);
  const state: ConversationState = {
    v: 1,
    scriptId: chosen,
    step: chosen ? { kind: 'consent' } : { kind: 'choose-script' },
    history: [],
    returnToSummary: false,
    answers: {},
    priorities: [],
    misses: 0,
    hintShown: false,
    mode: options.mode ?? 'self',
    answeredBy: options.answeredBy,
    channel: options.channel ?? 'unknown',
    startedAt: ctx.now,
  };
  const c = stepContext(setup, state, ctx);
  const first = shown(c, { state });
  return { ...first, prompts: [welcomeFor(c), ...first.prompts] };
}

export function step(setup: EngineSetup, state: ConversationState, input: Input, ctx: TurnContext): TurnResult {
  const c = stepContext(setup, state, ctx);
  const t = c.t;

  if (input.kind === 'resumed') return shown(c, { state, notes: [c.fill(t.resumed)] });

  const text = input.text.trim();
  const { flagged, safety } = safeguard(c, text);
  const cc: StepContext = flagged.state === state ? c : { ...c, state: flagged.state };
  state = cc.state;
  // After a safety message the next question waits (steps/safety.ts); the lowest rating on an area about
  // safety or health brings one direct question. A turn that closed the conversation is not held.
  const withSafety = (result: TurnResult): TurnResult => {
    const effects = [...flagged.effects, ...result.effects];
    if (safety.length) {
      const held = holdForSafety(cc, result.state, result.effects);
      if (held) return { state: held, prompts: [...safety, ...questionFor({ ...cc, state: held })], effects };
      return { ...result, prompts: [...safety, ...result.prompts], effects };
    }
    if (needsSafetyCheck(cc, state, result.state) && !result.effects.some((e) => e.kind !== 'flag')) {
      const held = holdForCheck(result.state);
      return { state: held, prompts: questionFor({ ...cc, state: held }), effects };
    }
    return { ...result, effects };
  };

  if (state.step.kind === 'done' || state.step.kind === 'ended') {
    if (readCommand(text, cc.script.commands) === 'startAgain' || state.step.kind === 'ended') {
      const fresh = startConversation(
        setup,
        ctx,
        state.step.kind === 'done' ? { channel: state.channel, mode: state.mode, answeredBy: state.answeredBy } : { channel: state.channel },
      );
      const keepFlag = state.step.kind === 'ended' ? { safeguarding: state.safeguarding } : {};
      const prompts = state.step.kind === 'done' ? [{ card: 'message' as const, body: [cc.fill(t.startAgain)] }, ...fresh.prompts] : fresh.prompts;
      return withSafety({ ...fresh, state: { ...fresh.state, ...keepFlag }, prompts });
    }
    return withSafety({ state, prompts: [{ card: 'message', body: [cc.fill(t.finishedAlready)] }], effects: [] });
  }

  const reading = interpret(cc, text);
  switch (reading.kind) {
    case 'command':
      return withSafety(runCommand(cc, reading.command));
    case 'leaving': {
      const code = state.code ?? ctx.newCode();
      return withSafety({
        state: { ...state, code },
        prompts: [{ card: 'message', body: [...safetyGoodbye(cc), cc.fill(t.leavingPaused, { code })] }],
        effects: [{ kind: 'pause', code }],
      });
    }
    case 'explain': {
      const handler = handlerFor(state.step.kind);
      const explanation = handler.explain ? handler.explain(cc, state.step) : helpFor(cc);
      return withSafety(shown(cc, { state, notes: [cc.fill(explanation)] }));
    }
    case 'answer': {
      const result = handlerFor(state.step.kind).apply(cc, state.step, reading.answer, text);
      return withSafety(isMiss(result) ? missed(cc, result.note) : shown(cc, result));
    }
  }
}

/** An unclear reply this long or shorter is read again with its spelling slips put right ("no not relly"). */
const SLIP_READ_WORDS = 4;

/** What a message is, decided in the order at the top of this file (steps 3 to 6). */
export function interpret(c: StepContext, text: string): Reading {
  const handler = handlerFor(c.state.step.kind);
  // After "stop", "come back later" or "go back" answer the question asked; they are not new commands.
  if (c.state.step.kind === 'stop-choice') {
    const answer = handler.read(c, c.state.step, text);
    if (answer.kind !== 'none') return { kind: 'answer', answer };
  }
  // After a safety message its buttons come first: "Stop for now" is an answer there, not the stop command.
  if (c.state.step.kind === 'safety') {
    const answer = handler.read(c, c.state.step, text);
    if (answer.kind === 'choice') return { kind: 'answer', answer };
  }
  const command = readCommand(text, c.script.commands);
  if (command) return { kind: 'command', command };
  if (isLeaving(text, c.lex) && c.state.step.kind !== 'stop-choice') return { kind: 'leaving' };
  if (asksWhatItMeans(text, c.lex)) return { kind: 'explain' };
  const answer = handler.read(c, c.state.step, text);
  if (answer.kind !== 'none' && answer.kind !== 'unclear') return { kind: 'answer', answer };
  // A sentence kept as words is not re-read with its words "corrected": "no worries there" is not "no workers there".
  if (answer.kind === 'unclear' && tokens(text).length > SLIP_READ_WORDS) return { kind: 'answer', answer };
  // A second reading with small spelling slips put right ("no relly", "munny"); words kept are always as typed.
  const corrected = correctSpelling(text, vocabularyFor(c.script));
  if (corrected === text) return { kind: 'answer', answer };
  const again = handler.read(c, c.state.step, corrected);
  if (again.kind === 'none' || again.kind === 'unclear') return { kind: 'answer', answer };
  return { kind: 'answer', answer: asTyped(again, text) };
}

/** A reading made from corrected words, with any words to keep put back as the person typed them. */
function asTyped(reading: AnswerReading, text: string): AnswerReading {
  if (reading.kind === 'words') return { kind: 'words', text };
  if (reading.kind === 'quick' && reading.wordsFor) return { ...reading, wordsFor: { ...reading.wordsFor, text } };
  if ('words' in reading && reading.words) return { ...reading, words: text };
  return reading;
}

/** The move's notes, then the next question (or the move's own prompts), with the commands line shown once (and with help). */
function shown(c: StepContext, move: Move, options: { hint?: boolean } = {}): TurnResult {
  const state = { ...move.state, misses: move.state === c.state ? c.state.misses : move.state.misses };
  // The next question is asked in the new state's own terms: its script (just chosen, perhaps) and its "{whom}".
  const next = stepContext(c.setup, state, c.turn);
  let prompts = move.prompts ?? questionFor(next);
  if (move.notes?.length) prompts = withNotes(prompts, move.notes);
  let after = state;
  if (!state.hintShown || options.hint) {
    const at = prompts.findIndex((p) => p.card !== 'message' && p.card !== 'safety' && p.commands?.length);
    if (at >= 0) {
      prompts = prompts.map((p, i) => (i === at ? { ...p, hint: next.fill(next.t.commandsHint) } : p));
      after = { ...state, hintShown: true };
    }
  }
  return { state: after, prompts, effects: move.effects ?? [] };
}

/** Notes go at the top of the first prompt, so one message is read, not two. */
function withNotes(prompts: Prompt[], notes: string[]): Prompt[] {
  if (!prompts.length) return [{ card: 'message', body: notes }];
  const [first, ...rest] = prompts;
  if (first.card === 'safety') return [{ card: 'message', body: notes }, ...prompts];
  return [{ ...first, body: [...notes, ...first.body] }, ...rest];
}

/** Not understood: one short line and the options (the question's words are not said again); a second miss numbers them. */
function missed(c: StepContext, note?: string): TurnResult {
  const misses = (c.state.misses ?? 0) + 1;
  const state = { ...c.state, misses };
  const question = questionFor({ ...c, state });
  const lines = [note ?? c.fill(misses > 1 ? c.t.missSecond : c.t.missFirst)];
  const prompts: Prompt[] = question
    .filter((p) => p.card !== 'message')
    .map((p) => {
      const keepQuestion = p.freeText || !p.choices?.length;
      // A quick pass has a list per area, not one set of choices: its help says how to type it.
      const numbered =
        misses > 1 && p.card === 'quick-pass'
          ? [c.fill(helpFor({ ...c, state }))]
          : misses > 1 && p.choices?.length
            ? [p.choices.map((ch, i) => `${i + 1}: ${ch.label}`).join('. ')]
            : [];
      return { ...p, body: [...lines, ...(keepQuestion ? p.body : []), ...numbered], hint: undefined };
    });
  return { state, prompts, effects: [] };
}

function runCommand(c: StepContext, command: Command): TurnResult {
  const { state, t } = c;
  const handler = handlerFor(state.step.kind);
  switch (command) {
    case 'help':
      // Help says the step's help, with the line listing the commands again.
      return shown(c, { state, notes: [c.fill(helpFor(c))] }, { hint: true });
    case 'stop': {
      if (state.step.kind === 'stop-choice') return shown(c, { state });
      const nothingSaid = !state.consent || (!state.whatMatters && Object.keys(state.answers).length === 0);
      if (nothingSaid)
        return {
          state: { ...state, step: { kind: 'ended' } },
          prompts: [{ card: 'message', body: [...safetyGoodbye(c), c.fill(t.stopped)] }],
          effects: [{ kind: 'discard' }],
        };
      return shown(c, { state: { ...state, step: { kind: 'stop-choice' }, history: [...state.history, state.step], misses: 0 } });
    }
    case 'pause': {
      const code = state.code ?? c.turn.newCode();
      const paused = { ...state, code };
      return { state: paused, prompts: [{ card: 'message', body: [...safetyGoodbye(c), c.fill(t.paused, { code })] }], effects: [{ kind: 'pause', code }] };
    }
    case 'startAgain': {
      if (!state.consent) {
        const fresh = startConversation(c.setup, c.turn, { channel: state.channel, mode: state.mode, answeredBy: state.answeredBy });
        return { ...fresh, prompts: [{ card: 'message', body: [c.fill(t.startAgain)] }, ...fresh.prompts] };
      }
      const again: ConversationState = {
        ...state,
        step: { kind: 'what-matters' },
        history: [],
        returnToSummary: false,
        whatMatters: undefined,
        answers: {},
        priorities: [],
        focus: undefined,
        toldEarlier: undefined,
        sharing: undefined,
        contact: undefined,
        misses: 0,
      };
      return shown(c, { state: again, notes: [c.fill(t.startAgain)] });
    }
    case 'back': {
      const previous = state.history[state.history.length - 1];
      if (!previous) return shown(c, { state, notes: [c.fill(t.nothingToGoBackTo)] });
      return shown(c, { state: { ...state, step: previous, history: state.history.slice(0, -1), misses: 0 } });
    }
    case 'skip': {
      if (!handler.skip) return shown(c, { state, notes: [c.fill(helpFor(c))] });
      return shown(c, handler.skip(c, state.step));
    }
  }
}

/**
 * Safeguarding comes before anything else, on everything typed: an answer, a word typed where a button was
 * offered, or a message after the end. Contact details and safe times are left out (numbers and addresses).
 * The message acknowledges first, in words for the kind of risk, then says who will see it and gives the
 * contacts that fit (steps/safety.ts). While the conversation is already held for safety, no second card.
 */
function safeguard(c: StepContext, text: string): { flagged: { state: ConversationState; effects: Effect[] }; safety: Prompt[] } {
  const { setup, state } = c;
  const safetyStage = state.step.kind === 'safety' ? state.step.stage : undefined;
  if (!setup.safeguarding || state.step.kind === 'contact-details' || safetyStage === 'details' || safetyStage === 'when')
    return { flagged: { state, effects: [] }, safety: [] };
  const categories = setup.safeguarding(text);
  if (!categories.length) return { flagged: { state, effects: [] }, safety: [] };
  const next: ConversationState = {
    ...state,
    safeguarding: {
      ...state.safeguarding,
      categories: [...new Set([...(state.safeguarding?.categories ?? []), ...categories])],
      at: state.safeguarding?.at ?? c.turn.now,
    },
  };
  const effects: Effect[] = [{ kind: 'flag', categories }];
  if (safetyStage) return { flagged: { state: next, effects }, safety: [] };
  return { flagged: { state: next, effects }, safety: [safetyCard(c, next, categories)] };
}
