// The review's steps, read the way the first conversation reads its own (engine.ts): a command, having to go
// now, a question about the question, then the step's answer, with the same understanding helpers
// (understanding/). Every review step kind has one handler in REVIEW_STEPS, which the compiler checks.
// Safeguarding is not here: stepReview (review.ts) runs it first, on every free-text answer.
import { fillText } from './fill-text.js';
import type { Choice, Prompt } from './prompt.js';
import type { Ask } from './prompt-ask.js';
import { reviewPrompts, reviewTitle, reviewValues, type MetLevel, type ReviewAnswer, type ReviewState, type ReviewStep } from './review.js';
import type { ReviewScript } from './review-script.js';
import { reviewSafety, reviewSafetyGoodbye } from './review-safety.js';
import { resumeWaiting } from './review-kernel.js';
import { keepReview, reviewStopChoice, stopReview } from './review-stop.js';
import type { Script } from './script.js';
import type { Effect, EngineSetup, TurnContext } from './setup.js';
import { miss, type Miss } from './steps/kit.js';
import { lexiconFor, vocabularyFor, type Lexicon } from './understanding/lexicon.js';
import { readChoice } from './understanding/read-choice.js';
import { readCommand } from './understanding/read-command.js';
import { asksWhatItMeans, hasNothingToAdd, isLeaving, isUnsure } from './understanding/read-intent.js';
import { readLevel } from './understanding/read-level.js';
import { readAreas, type Area } from './understanding/read-outcomes.js';
import { readYesNo } from './understanding/read-yes-no.js';
import type { AnswerReading, Reading } from './understanding/reading.js';
import { correctSpelling } from './understanding/spelling.js';
import { tokens } from './understanding/words.js';

export interface ReviewContext {
  setup: EngineSetup;
  words: ReviewScript;
  state: ReviewState;
  /** The earlier conversation's script: its everyday reply words, plain titles and explanations. */
  script: Script;
  lex: Lexicon;
  turn: TurnContext;
  fill: (s: string, extra?: Record<string, string | number>) => string;
}

/** What answering a review step did: the new state, lines said before the next question, effects. */
export interface ReviewMove {
  state: ReviewState;
  notes?: string[];
  effects?: Effect[];
  /** Said instead of the next question (the goodbye at the end). */
  prompts?: Prompt[];
}

type StepOf<K extends ReviewStep['kind']> = Extract<ReviewStep, { kind: K }>;

export interface ReviewStepHandler<K extends ReviewStep['kind']> {
  /** The kind of answer the question waits for, sent to clients as channelData.outcomesBot.ask. */
  ask: Ask;
  /** What the reply means as an answer to this step's question. Pure reading: nothing changes. */
  read(c: ReviewContext, step: StepOf<K>, text: string): AnswerReading;
  apply(c: ReviewContext, step: StepOf<K>, reading: AnswerReading, text: string): ReviewMove | Miss;
  /** Undefined: this step cannot be skipped (agreeing, confirming, sharing): "skip" there gets the help. */
  skip?(c: ReviewContext, step: StepOf<K>): ReviewMove;
  help(c: ReviewContext, step: StepOf<K>): string;
  /** What the question means and why it is asked. */
  explain(c: ReviewContext, step: StepOf<K>): string;
}

type ReviewStepTable = { [K in ReviewStep['kind']]: ReviewStepHandler<K> };

export function reviewContext(setup: EngineSetup, words: ReviewScript, state: ReviewState, turn: TurnContext): ReviewContext {
  const script = setup.scripts.find((s) => s.id === state.earlierScriptId) ?? setup.scripts[0];
  return {
    setup,
    words,
    state,
    script,
    lex: lexiconFor(script),
    turn,
    fill: (s, extra = {}) => fillText(s, { ...reviewValues(setup, words, state), ...extra }),
  };
}

/** A choice whose words are a line of the review script, with the everyday words for the same line in the replies file. */
function textChoice(c: ReviewContext, key: 'agree' | 'decline' | 'confirm' | 'changeAnswer' | 'keepPrivate' | 'share', means?: 'yes' | 'no'): Choice {
  const label = c.words.text[key];
  return { id: key, label, value: label, keywords: c.script.replies.choiceWords[key] ?? [], ...(means ? { means } : {}) };
}

const LEVELS: MetLevel[] = ['fully', 'partly', 'not'];

/** Yes / Some of it / No, each with its other words: the review's own, then the everyday ones ("mostly", "naw"). */
function metReadChoices(c: Pick<ReviewContext, 'words' | 'script'>): Choice[] {
  return LEVELS.map((level) => {
    const m = c.words.met[level];
    return {
      id: level,
      label: m.label,
      value: m.label,
      keywords: [m.staffLabel, ...m.aliases, ...(c.script.replies.choiceWords[`met:${level}`] ?? [])],
      ...(level === 'fully' ? { means: 'yes' as const } : level === 'not' ? { means: 'no' as const } : {}),
    };
  });
}

function go(from: ReviewState, next: ReviewStep, notes?: string[]): ReviewMove {
  return { state: { ...from, step: next, history: [...from.history, from.step], misses: 0 }, notes };
}

function patch(from: ReviewState, item: number, change: Partial<ReviewAnswer>): ReviewState {
  const id = from.items[item].outcomeId;
  return { ...from, answers: { ...from.answers, [id]: { ...from.answers[id], ...change } } };
}

/** The step after item i is finished (or skipped). */
function afterItem(from: ReviewState, i: number, notes?: string[]): ReviewMove {
  if (from.returnToSummary || i + 1 >= from.items.length) return go({ ...from, returnToSummary: false }, { kind: 'summary' }, notes);
  return go(from, { kind: 'met', item: i + 1 }, notes);
}

function finish(c: ReviewContext, from: ReviewState): ReviewMove {
  const done: ReviewState = { ...from, step: { kind: 'done' }, history: [], returnToSummary: false, misses: 0 };
  const body = [c.fill(c.words.text.done)];
  if (done.sharing === 'shared' && done.askSharing) body.push(c.fill(c.words.text.doneShared));
  return { state: done, prompts: [{ card: 'message', body }], effects: [{ kind: 'complete' }] };
}

function tooLong(c: ReviewContext, text: string): boolean {
  return text.length > c.setup.organisation.maxTextLength;
}

/** Words added to what the person already said about an item, never put in place of it. */
function addWords(c: ReviewContext, existing: string | undefined, words: string): string {
  const max = c.setup.organisation.maxTextLength;
  if (!existing || existing === words) return words.slice(0, max);
  return `${existing} ${words}`.slice(0, Math.max(max, existing.length));
}

/** The explanation of an item's question: what the area is about (from the earlier script), then what is asked. */
function itemExplain(c: ReviewContext, item: number, line: string): string {
  const about = c.script.outcomes.find((o) => o.id === c.state.items[item].outcomeId)?.explain;
  return about ? `${about} ${line}` : line;
}

function choiceOrUnsure(c: ReviewContext, text: string, choices: Choice[]): AnswerReading {
  if (isUnsure(text, c.lex)) return { kind: 'unsure' };
  const choice = readChoice(text, choices, c.lex);
  return choice ? { kind: 'choice', choice } : { kind: 'none' };
}

/**
 * "Why?" and "what next?": the person's words, or nothing to keep: "no", "nothing to add", "dunno", and a
 * plain "yes" or "ok" (there is no question of saying more to say yes to). A bare number says nothing.
 */
function freeText(c: ReviewContext, text: string): AnswerReading {
  if (!text.trim()) return { kind: 'none', note: c.fill(c.words.text.empty) };
  if (tooLong(c, text)) return { kind: 'none', note: c.fill(c.words.text.tooLong) };
  if (isUnsure(text, c.lex)) return { kind: 'unsure' };
  if (hasNothingToAdd(text, c.lex) || (tokens(text).length <= 4 && readYesNo(text, c.lex) === 'yes')) return { kind: 'nothing' };
  if (/^\s*\d{1,2}\s*$/.test(text)) return { kind: 'none' };
  return { kind: 'words', text };
}

/** The items as areas, numbered as on the summary, so "2", "the money one" or "change my sleep one" finds one. */
function itemAreas(c: ReviewContext): Area[] {
  return c.state.items.map((item, i) => ({
    id: String(i + 1),
    number: i + 1,
    title: reviewTitle(c.setup, c.state, item),
    keywords: c.script.outcomes.find((o) => o.id === item.outcomeId)?.keywords ?? [],
  }));
}

function changeItem(c: ReviewContext, n: number): ReviewMove | Miss {
  if (!(n >= 1 && n <= c.state.items.length)) return miss(fillText(c.words.text.notUnderstoodChoice, { options: `1 - ${c.state.items.length}` }));
  return go({ ...c.state, returnToSummary: true }, { kind: 'met', item: n - 1 });
}

const consent: ReviewStepHandler<'consent'> = {
  ask: 'consent',
  read: (c, _step, text) => choiceOrUnsure(c, text, [textChoice(c, 'agree', 'yes'), textChoice(c, 'decline', 'no')]),
  apply(c, _step, reading) {
    if (reading.kind === 'unsure') return { state: c.state, notes: [c.fill(c.words.help.consent)] };
    if (reading.kind !== 'choice') return miss();
    if (reading.choice.id === 'decline')
      return {
        state: { ...c.state, step: { kind: 'ended' } },
        prompts: [{ card: 'message', body: [c.fill(c.words.text.declined)] }],
        effects: [{ kind: 'discard' }],
      };
    return go({ ...c.state, consent: { at: c.turn.now, noticeVersion: c.setup.organisation.privacyNoticeVersion } }, { kind: 'met', item: 0 });
  },
  help: (c) => c.words.help.consent,
  explain: (c) => c.words.explain?.consent ?? c.words.help.consent,
};

const met: ReviewStepHandler<'met'> = {
  ask: 'met',
  read(c, _step, text) {
    const reading = readLevel(text, metReadChoices(c), c.lex);
    if (reading.kind === 'unclear' && tooLong(c, text)) return { kind: 'none', note: c.fill(c.words.text.tooLong) };
    return reading;
  },
  apply(c, step, reading) {
    const t = c.words.text;
    const previous = c.state.answers[c.state.items[step.item].outcomeId];
    switch (reading.kind) {
      case 'choice': {
        const level = reading.choice.id as MetLevel;
        // A reason given with the answer is their answer to "why?": kept, and that question is not asked.
        const words = reading.words && !hasNothingToAdd(reading.words, c.lex) ? reading.words : undefined;
        const heard = reading.inferred ? [c.fill(t.metHeard, { answer: c.words.met[level].label })] : [];
        if (!words) return go(patch(c.state, step.item, { met: level }), { kind: 'why', item: step.item }, heard.length ? heard : undefined);
        const kept = patch(c.state, step.item, { met: level, why: addWords(c, previous?.why, words) });
        return go(kept, { kind: 'next', item: step.item }, [...heard, c.fill(t.keptWords)]);
      }
      case 'unclear':
        // Words without a clear answer: keep them as why, and ask which answer is closest.
        return { state: patch(c.state, step.item, { why: addWords(c, previous?.why, reading.words) }), notes: [c.fill(t.keptWords), c.fill(t.metWhich)] };
      case 'unsure':
        return afterItem(patch(c.state, step.item, { met: undefined }), step.item, [c.fill(t.unsureOkay)]);
      default:
        return miss(reading.kind === 'none' ? reading.note : undefined);
    }
  },
  skip: (c, step) => afterItem(patch(c.state, step.item, { met: undefined, why: undefined, next: undefined }), step.item),
  help: (c) => c.words.help.met,
  explain: (c, step) => itemExplain(c, step.item, c.words.explain?.met ?? c.words.help.met),
};

/** Why, and what next: free text about one item. */
function itemWords<K extends 'why' | 'next'>(field: K): ReviewStepHandler<K> {
  const after = (state: ReviewState, item: number): ReviewMove => (field === 'why' ? go(state, { kind: 'next', item }) : afterItem(state, item));
  const handler: ReviewStepHandler<'why' | 'next'> = {
    // As the first conversation's: their own words about the area, then what would help.
    ask: field === 'why' ? 'say-more' : 'what-would-help',
    read: (c, _step, text) => freeText(c, text),
    apply(c, step, reading) {
      if (reading.kind === 'none') return miss(reading.note);
      if (reading.kind === 'words') return after(patch(c.state, step.item, { [field]: reading.text }), step.item);
      return after(patch(c.state, step.item, { [field]: undefined }), step.item);
    },
    skip: (c, step) => after(patch(c.state, step.item, { [field]: undefined }), step.item),
    help: (c) => c.words.help[field],
    explain: (c, step) => itemExplain(c, step.item, c.words.explain?.[field] ?? c.words.help[field]),
  };
  return handler as unknown as ReviewStepHandler<K>;
}

const summary: ReviewStepHandler<'summary'> = {
  ask: 'summary',
  read(c, _step, text) {
    const words = tokens(text);
    const toChange = c.script.replies.choiceWords.changeAnswer ?? [];
    // "change 2", "the money one is wrong": an item named with a word for changing it, or its number.
    if (words.some((w) => toChange.includes(w) || w === 'change') || /\d/.test(text)) {
      const named = readAreas(text, itemAreas(c), c.lex);
      if (named.kind !== 'none') return named;
    }
    return choiceOrUnsure(c, text, [textChoice(c, 'confirm', 'yes'), textChoice(c, 'changeAnswer', 'no')]);
  },
  apply(c, _step, reading) {
    if (reading.kind === 'areas' && reading.ids.length === 1) return changeItem(c, Number(reading.ids[0]));
    if (reading.kind === 'areas' || reading.kind === 'ambiguous') return go(c.state, { kind: 'change' });
    if (reading.kind === 'unsure') return { state: c.state, notes: [c.fill(c.words.help.summary)] };
    if (reading.kind !== 'choice') return miss();
    if (reading.choice.id === 'changeAnswer') return go(c.state, { kind: 'change' });
    return c.state.askSharing ? go(c.state, { kind: 'sharing' }) : finish(c, { ...c.state, sharing: 'shared' });
  },
  help: (c) => c.words.help.summary,
  explain: (c) => c.words.explain?.summary ?? c.words.help.summary,
};

const change: ReviewStepHandler<'change'> = {
  ask: 'change',
  read(c, _step, text) {
    const named = readAreas(text, itemAreas(c), c.lex);
    if (named.kind === 'areas' && named.ids.length === 1) return named;
    if (named.kind !== 'none') return { kind: 'none' };
    return readYesNo(text, c.lex) === 'no' || hasNothingToAdd(text, c.lex) ? { kind: 'nothing' } : { kind: 'none' };
  },
  apply(c, _step, reading) {
    if (reading.kind === 'areas') return changeItem(c, Number(reading.ids[0]));
    // "no, it's fine": nothing to change after all.
    if (reading.kind === 'nothing') return go(c.state, { kind: 'summary' });
    return miss();
  },
  help: (c) => c.words.help.change,
  explain: (c) => c.words.explain?.change ?? c.words.help.change,
};

const sharing: ReviewStepHandler<'sharing'> = {
  ask: 'sharing',
  read: (c, _step, text) => choiceOrUnsure(c, text, [textChoice(c, 'keepPrivate'), textChoice(c, 'share')]),
  apply(c, _step, reading) {
    if (reading.kind === 'unsure') return { state: c.state, notes: [c.fill(c.words.help.sharing)] };
    if (reading.kind !== 'choice') return miss();
    return finish(c, { ...c.state, sharing: reading.choice.id === 'keepPrivate' ? 'private' : 'shared' });
  },
  help: (c) => c.words.help.sharing,
  explain: (c) => c.words.explain?.sharing ?? c.words.help.sharing,
};

const finished = <K extends 'done' | 'ended'>(line: 'finishedAlready' | 'stopped'): ReviewStepHandler<K> => ({
  ask: line === 'stopped' ? 'ended' : 'done',
  read: () => ({ kind: 'none' }),
  apply: (c) => ({ state: c.state, prompts: [{ card: 'message', body: [c.fill(c.words.text[line])] }] }),
  help: (c) => c.words.help.done,
  explain: (c) => c.words.help.done,
});

const REVIEW_STEPS: ReviewStepTable = {
  consent,
  met,
  why: itemWords('why'),
  next: itemWords('next'),
  summary,
  change,
  sharing,
  safety: reviewSafety,
  'stop-choice': reviewStopChoice,
  done: finished<'done'>('finishedAlready'),
  ended: finished<'ended'>('stopped'),
};

function handlerFor<K extends ReviewStep['kind']>(kind: K): ReviewStepHandler<K> {
  return REVIEW_STEPS[kind];
}

/** The kind of answer a review step waits for (reviewPrompts puts it on the question). */
export function reviewAsk(kind: ReviewStep['kind']): Ask {
  return REVIEW_STEPS[kind].ask;
}

/** What a review message is, in the kernel's order: a command, having to go, a question about the question, an answer. */
function interpretReview(c: ReviewContext, text: string): Reading {
  // After "stop", "keep it" or "go back" answer the question asked; they are not new commands.
  if (c.state.step.kind === 'stop-choice') {
    const answer = reviewStopChoice.read(c, c.state.step, text);
    if (answer.kind !== 'none') return { kind: 'answer', answer };
  }
  // After a safety message its own answers come first: "Stop for now" is an answer there, not the stop command.
  if (c.state.step.kind === 'safety') {
    const answer = reviewSafety.read(c, c.state.step, text);
    if (answer.kind === 'choice') return { kind: 'answer', answer };
  }
  const command = readCommand(text, c.words.commands);
  if (command) return { kind: 'command', command };
  if (isLeaving(text, c.lex) && c.state.step.kind !== 'stop-choice') return { kind: 'leaving' };
  if (asksWhatItMeans(text, c.lex)) return { kind: 'explain' };
  const handler = handlerFor(c.state.step.kind);
  const answer = handler.read(c, c.state.step, text);
  if (answer.kind !== 'none' && answer.kind !== 'unclear') return { kind: 'answer', answer };
  // A second reading with small spelling slips put right ("som of it"); words kept are always as typed.
  const corrected = correctSpelling(text, vocabularyFor(c.script));
  if (corrected === text) return { kind: 'answer', answer };
  const again = handler.read(c, c.state.step, corrected);
  if (again.kind === 'none' || again.kind === 'unclear') return { kind: 'answer', answer };
  if (again.kind === 'words') return { kind: 'answer', answer: { kind: 'words', text } };
  return { kind: 'answer', answer: 'words' in again && again.words ? { ...again, words: text } : again };
}

export interface ReviewTurn {
  state: ReviewState;
  prompts: Prompt[];
  effects: Effect[];
}

/** One review message, after safeguarding: read it, act on it, and say what comes next. */
export function takeReviewTurn(c: ReviewContext, text: string): ReviewTurn {
  const reading = interpretReview(c, text);
  const s = c.state.step;
  switch (reading.kind) {
    case 'command':
      return runCommand(c, reading.command);
    case 'leaving':
      // Kept at once, as in the first conversation: answering here carries on, "review CODE" another time.
      // After a flag, what will and will not happen is said first.
      return shown(c, leave(c));
    case 'explain':
      return shown(c, { state: c.state, notes: [c.fill(handlerFor(s.kind).explain(c, s))] });
    case 'answer': {
      const result = handlerFor(s.kind).apply(c, s, reading.answer, text);
      return 'miss' in result ? missed(c, result.note) : shown(c, result);
    }
  }
}

/** Having to go now: kept under the person's code, as keeping after stop; with no code, it waits where it is. */
function leave(c: ReviewContext): ReviewMove {
  if (c.state.code) return keepReview(c, c.state, 'leavingKept');
  const goodbye = reviewSafetyGoodbye(c.setup, c.state, c.turn);
  return { state: c.state, prompts: [{ card: 'message', body: [...goodbye, c.fill(c.words.text.leaving)] }] };
}

function runCommand(c: ReviewContext, command: string): ReviewTurn {
  const s = c.state.step;
  const handler = handlerFor(s.kind);
  switch (command) {
    case 'stop':
      // As in the first conversation: keep it for later, delete it, or carry on (review-stop.ts).
      return shown(c, stopReview(c));
    case 'pause':
      // Kept at the question it was on (after "stop", the question that was waiting).
      return shown(c, keepReview(c, s.kind === 'stop-choice' ? resumeWaiting(c.state) : c.state));
    case 'back': {
      const previous = c.state.history[c.state.history.length - 1];
      if (!previous) return shown(c, { state: c.state, notes: [c.fill(c.words.text.nothingToGoBackTo)] });
      return shown(c, { state: { ...c.state, step: previous, history: c.state.history.slice(0, -1), misses: 0 } });
    }
    case 'skip':
      if (handler.skip) return shown(c, handler.skip(c, s));
      return shown(c, { state: c.state, notes: [c.fill(handler.help(c, s))] });
    default:
      // Help says the step's help, with the line listing the commands.
      return shown(c, { state: c.state, notes: [c.fill(handler.help(c, s))] }, { hint: true });
  }
}

/** The move's notes at the top of the next question (or the move's own prompts), with the commands line shown once. */
function shown(c: ReviewContext, move: ReviewMove, options: { hint?: boolean } = {}): ReviewTurn {
  let prompts = move.prompts ?? reviewPrompts(c.setup, c.words, move.state);
  if (move.notes?.length) {
    const [first, ...rest] = prompts;
    prompts =
      first && first.card !== 'message' && first.card !== 'safety'
        ? [{ ...first, body: [...move.notes, ...first.body] }, ...rest]
        : [{ card: 'message', body: move.notes }, ...prompts];
  }
  return { ...withHint(c.words, move.state, prompts, options), effects: move.effects ?? [] };
}

/**
 * The line listing the commands ("You can type back, skip, help or stop at any time") goes under the first
 * question that has command buttons, once in a review, and again whenever the person asks for help.
 */
export function withHint(
  words: ReviewScript,
  state: ReviewState,
  prompts: Prompt[],
  options: { hint?: boolean } = {},
): { state: ReviewState; prompts: Prompt[] } {
  if (state.hintShown && !options.hint) return { state, prompts };
  const at = prompts.findIndex((p) => p.card !== 'message' && p.card !== 'safety' && p.commands?.length);
  if (at < 0) return { state, prompts };
  const hint = fillText(words.text.commandsHint, {});
  return { state: { ...state, hintShown: true }, prompts: prompts.map((p, i) => (i === at ? { ...p, hint } : p)) };
}

/** Not understood: one short line with the options, not the whole question again; a second miss numbers them. */
function missed(c: ReviewContext, note?: string): ReviewTurn {
  const misses = (c.state.misses ?? 0) + 1;
  const state = { ...c.state, misses };
  const prompts = reviewPrompts(c.setup, c.words, state)
    .filter((p) => p.card !== 'message')
    .map((p) => {
      const options = p.choices ?? [];
      const line =
        note ??
        (misses > 1 && options.length
          ? c.fill(c.words.text.missSecond)
          : fillText(c.words.text.notUnderstoodChoice, { options: options.map((o) => `"${o.label}"`).join(', ') }));
      const numbered = misses > 1 && options.length ? [options.map((o, i) => `${i + 1}: ${o.label}`).join('. ')] : [];
      return { ...p, body: [line, ...(p.freeText || !options.length ? p.body : []), ...numbered], hint: undefined };
    });
  return { state, prompts, effects: [] };
}
