// The heart of the conversation: what matters, the quick pass over each group of areas, and the deeper
// questions (a rating where one is missing, more in their own words, what would help).
import { areasOf, focusAreas, groupsInUse, laterOutcomes, nextQuickGroup, quickPassOutcomes } from '../flow.js';
import type { Prompt } from '../prompt.js';
import { commands, ratingChoices, textChoice } from '../prompts.js';
import { scaleFor, type ScriptOutcome } from '../script.js';
import type { AnswerState, ConversationState } from '../state.js';
import { ratingLabel } from '../summary.js';
import { scaleLexiconFor } from '../understanding/lexicon.js';
import { hasNothingToAdd, isUnsure } from '../understanding/read-intent.js';
import { readLaterAreas, readQuickPass } from '../understanding/read-quick-pass.js';
import { readRating } from '../understanding/read-rating.js';
import type { AnswerReading } from '../understanding/reading.js';
import { tokens } from '../understanding/words.js';
import { readYesNo } from '../understanding/read-yes-no.js';
import { miss, type Move, type Miss, type StepContext, type StepHandler } from './kit.js';
import { moveOn } from './moves.js';

function setAnswer(state: ConversationState, id: string, answer: AnswerState): ConversationState {
  return { ...state, answers: { ...state.answers, [id]: answer } };
}

function patchAnswer(state: ConversationState, id: string, patch: Partial<AnswerState>): ConversationState {
  const current = state.answers[id] ?? { status: 'skipped' as const };
  return setAnswer(state, id, { ...current, ...patch });
}

/** Free text for an area: added to what the person already said there, never put in place of it. */
function addWords(existing: string | undefined, words: string, max: number): string {
  if (!existing || existing === words) return words;
  return `${existing} ${words}`.slice(0, Math.max(max, existing.length));
}

function freeTextProblem(c: StepContext, text: string): Miss | undefined {
  if (!text) return miss(c.fill(c.t.empty));
  if (text.length > c.setup.organisation.maxTextLength) return miss(c.fill(c.t.tooLong));
  return undefined;
}

export const whatMatters: StepHandler<'what-matters'> = {
  ask: 'what-matters',
  prompts: (c) => [{ card: 'question', ask: 'what-matters', body: [c.fill(c.t.whatMatters)], freeText: true, commands: commands(c.script) }],
  read: (c, _step, text) => freeText(c, text),
  apply(c, _step, reading) {
    if (reading.kind === 'none') return miss(reading.note);
    if (reading.kind !== 'words') return moveOn(c, { ...c.state, whatMatters: undefined });
    return moveOn(c, { ...c.state, whatMatters: reading.text });
  },
  skip: (c) => moveOn(c, { ...c.state, whatMatters: undefined }),
  help: (c) => c.script.help.whatMatters,
};

export const quickPass: StepHandler<'quick-pass'> = {
  ask: 'quick-pass',
  prompts(c, step) {
    const group = groupsInUse(c.script)[step.group];
    const outcomes = quickPassOutcomes(c.script, c.state, step.group);
    const first = c.script.outcomes.indexOf(outcomes[0]);
    const body = [c.fill(c.t.quickQuestion), c.fill(c.t.quickTyped)];
    // Areas of this part already answered at an earlier one are left off, and said so.
    const told = c.script.outcomes.filter((o) => o.group === group.id && !outcomes.includes(o)).map((o) => o.title);
    if (told.length) body.unshift(c.fill(c.t.quickToldEarlier, { titles: joinTitles(told) }));
    if (step.group === 0) body.unshift(c.fill(c.t.quickIntro, { groups: groupsInUse(c.script).length }));
    return [
      {
        card: 'quick-pass',
        ask: 'quick-pass',
        outcomes: outcomes.map((o) => o.id),
        title: group.title,
        progress: c.fill(c.t.progress, { step: step.group + 1, total: groupsInUse(c.script).length }),
        body,
        areas: outcomes.map((o, i) => ({ number: i + 1, title: o.title })),
        choices: ratingChoices(c.script, first),
        commands: commands(c.script),
      },
    ];
  },
  read(c, step, text) {
    const outcomes = quickPassOutcomes(c.script, c.state, step.group);
    const scale = scaleLexiconFor(c.script, scaleFor(c.script, outcomes[0]));
    // "all ok except money and sleep", where money and sleep come in later parts: this part is okay, and they are not.
    const later = readLaterAreas(text, areasOf(c.script, outcomes), areasOf(c.script, laterOutcomes(c.script, step.group)), c.lex, scale);
    if (later) return { kind: 'quick', values: later.values, ...(later.words ? { wordsFor: later.words } : {}) };
    const reading = readQuickPass(text, areasOf(c.script, outcomes), c.lex, scale);
    // A group of one area is a rating question: read it as one, so a reason given with it is kept
    // (the card's own "1: 4" is read as the card meant it).
    // "aye aw fine" to a group of one is still the quick pass's "all fine": no rating words of its own, but not words to keep.
    if (outcomes.length === 1 && !/^\s*1\s*:\s*(\d+|declined|na)\s*$/.test(text)) {
      const rating = readRating(text, c.lex, scale, { questionWords: questionWords(outcomes[0]) });
      if (rating.kind === 'unclear' && reading.kind === 'ratings' && !/\d/.test(text)) return { kind: 'quick', values: reading.values };
      return rating;
    }
    return reading.kind === 'ratings' ? { kind: 'quick', values: reading.values } : reading.kind === 'unsure' ? { kind: 'unsure' } : { kind: 'none' };
  },
  apply(c, step, reading) {
    const single = oneAreaAnswer(c, step.group, reading);
    if (single) return afterQuickGroup(c, single, step.group);
    if (reading.kind !== 'quick' && reading.kind !== 'unsure') return miss();
    let state = forgetToldAt(c.state, step.group);
    if (reading.kind === 'quick') {
      const shown = quickPassOutcomes(c.script, c.state, step.group);
      const mine = new Set(shown.map((o) => o.id));
      const groupScale = scaleFor(c.script, shown[0]);
      const max = c.setup.organisation.maxTextLength;
      for (const [id, said] of Object.entries(reading.values)) {
        const outcome = c.script.outcomes.find((o) => o.id === id)!;
        // A number said for an area of a later part counts only on the same scale; otherwise it is asked about.
        const value = mine.has(id) || typeof said !== 'number' || scaleFor(c.script, outcome) === groupScale ? said : 'low';
        const previous = state.answers[id];
        const words = reading.wordsFor?.id === id ? addWords(previous?.ownWords, reading.wordsFor.text.slice(0, max), max) : previous?.ownWords;
        if (typeof value === 'number') state = setAnswer(state, id, { status: 'answered', value, ownWords: words, whatWouldHelp: previous?.whatWouldHelp });
        else if (value === 'low') state = setAnswer(state, id, { status: 'skipped', needsRating: true, ownWords: words });
        else state = setAnswer(state, id, { status: value, ownWords: words });
        if (!mine.has(id)) state = { ...state, toldEarlier: { ...state.toldEarlier, [id]: step.group } };
      }
    }
    return afterQuickGroup(c, state, step.group, reading.kind === 'unsure' ? [c.fill(c.t.unsureOkay)] : undefined);
  },
  skip: (c, step) => afterQuickGroup(c, forgetToldAt(c.state, step.group), step.group),
  help: (c) => c.script.help.quickPass,
};

/**
 * Answering a part again (after "back") replaces what it said about later parts: those areas go back on their own
 * part's card. Their answers stay until that card is answered.
 */
function forgetToldAt(state: ConversationState, group: number): ConversationState {
  if (!state.toldEarlier) return state;
  const kept = Object.entries(state.toldEarlier).filter(([, at]) => at !== group);
  return { ...state, toldEarlier: kept.length ? Object.fromEntries(kept) : undefined };
}

/** The answer to a group of one area: a rating with any words kept; words without a clear rating wait for the deeper question. */
function oneAreaAnswer(c: StepContext, group: number, reading: AnswerReading): ConversationState | undefined {
  const outcomes = quickPassOutcomes(c.script, c.state, group);
  if (outcomes.length !== 1) return undefined;
  const id = outcomes[0].id;
  const previous = c.state.answers[id];
  const max = c.setup.organisation.maxTextLength;
  const words = 'words' in reading && reading.words ? addWords(previous?.ownWords, reading.words.slice(0, max), max) : previous?.ownWords;
  const state = forgetToldAt(c.state, group);
  switch (reading.kind) {
    case 'rating':
      return setAnswer(state, id, { status: 'answered', value: reading.value, ownWords: words });
    case 'between':
    case 'unclear':
      return setAnswer(state, id, { status: 'skipped', needsRating: true, ownWords: words });
    case 'declined':
    case 'not-applicable':
      return setAnswer(state, id, { status: reading.kind, ownWords: words });
    default:
      return undefined;
  }
}

function afterQuickGroup(c: StepContext, state: ConversationState, group: number, notes?: string[]): Move {
  const last = nextQuickGroup(c.script, state, group) === undefined;
  if (!last || state.returnToSummary) return moveOn(c, state, { notes });
  const focus = focusAreas(c.script, state);
  const withFocus = { ...state, focus };
  const titles = focus.map((id) => c.script.outcomes.find((o) => o.id === id)!.title);
  const intro = focus.length ? [c.fill(c.t.deepIntro, { titles: joinTitles(titles) })] : [];
  return moveOn(c, withFocus, { notes: [...(notes ?? []), ...intro] });
}

function joinTitles(titles: string[]): string {
  const quoted = titles.map((t) => `'${t}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

export const rating: StepHandler<'rating'> = {
  ask: 'rating',
  prompts(c, step) {
    const outcome = c.script.outcomes[step.outcome];
    const scale = scaleFor(c.script, outcome);
    const someoneElse = c.state.answeredFor !== undefined;
    return [
      {
        card: 'question',
        ask: 'rating',
        outcomes: [outcome.id],
        title: outcome.title,
        ...progress(c, step.outcome),
        body: someoneElse ? [c.fill(c.t.ratingQuestionFor)] : [outcome.question, scale.prompt],
        choices: ratingChoices(c.script, step.outcome),
        commands: commands(c.script),
      },
    ];
  },
  read(c, step, text) {
    const outcome = c.script.outcomes[step.outcome];
    const reading = readRating(text, c.lex, scaleLexiconFor(c.script, scaleFor(c.script, outcome)), { questionWords: questionWords(outcome) });
    if (reading.kind === 'unclear' && text.length > c.setup.organisation.maxTextLength) return { kind: 'none', note: c.fill(c.t.tooLong) };
    return reading;
  },
  apply(c, step, reading) {
    const outcome = c.script.outcomes[step.outcome];
    const scale = scaleFor(c.script, outcome);
    const previous = c.state.answers[outcome.id];
    const max = c.setup.organisation.maxTextLength;
    const words = 'words' in reading && reading.words && !hasNothingToAdd(reading.words, c.lex) ? reading.words.slice(0, max) : undefined;
    const ownWords = words ? addWords(previous?.ownWords, words, max) : previous?.ownWords;
    switch (reading.kind) {
      case 'rating': {
        const value = reading.value;
        const state = setAnswer(c.state, outcome.id, {
          status: 'answered',
          value,
          ownWords,
          whatWouldHelp: value <= c.script.helpThreshold ? previous?.whatWouldHelp : undefined,
        });
        const notes = reading.inferred ? [c.fill(c.t.ratingHeard, { rating: ratingLabel(c.script, state, step.outcome) })] : undefined;
        return moveOn(c, state, { notes });
      }
      case 'declined':
      case 'not-applicable':
        return moveOn(c, setAnswer(c.state, outcome.id, { status: reading.kind, ownWords }), { skipOutcome: true });
      case 'unsure':
        return moveOn(c, setAnswer(c.state, outcome.id, { status: 'skipped', ownWords: previous?.ownWords }), {
          skipOutcome: true,
          notes: [c.fill(c.t.unsureOkay)],
        });
      case 'between': {
        const labels = reading.values.map((v) => scale.options.find((o) => o.value === v)?.label ?? String(v));
        const state = words ? patchAnswer(c.state, outcome.id, { ownWords }) : c.state;
        return { state, notes: [...(words ? [c.fill(c.t.ratingKeptWords)] : []), c.fill(c.t.ratingBetween, { a: labels[0], b: labels[1] })] };
      }
      case 'unclear': {
        const state = patchAnswer(c.state, outcome.id, { ownWords: addWords(previous?.ownWords, reading.words, max) });
        return { state, notes: [c.fill(c.t.ratingKeptWords), c.fill(c.t.ratingWhich)] };
      }
      default:
        return miss(reading.kind === 'none' ? reading.note : undefined);
    }
  },
  skip(c, step) {
    const id = c.script.outcomes[step.outcome].id;
    const previous = c.state.answers[id];
    return moveOn(c, setAnswer(c.state, id, { status: 'skipped', ownWords: previous?.ownWords }), { skipOutcome: true });
  },
  help: (c) => c.script.help.rating,
  explain: (c, step) => c.script.outcomes[step.outcome].explain,
};

function progress(c: StepContext, index: number): { progress?: string } {
  const focus = c.state.focus;
  if (!focus) return { progress: c.fill(c.t.progress, { step: index + 1, total: c.script.outcomes.length }) };
  const at = focus.indexOf(c.script.outcomes[index].id);
  return at >= 0 ? { progress: c.fill(c.t.progress, { step: at + 1, total: focus.length }) } : {};
}

/**
 * Free text: the person's words, or "nothing" ("no", "nothing to add"), "not sure", or a plain "yes" (then
 * they are asked to go on). Words are never a bare yes, no or ok.
 */
function freeText(c: StepContext, text: string): AnswerReading {
  const problem = freeTextProblem(c, text);
  if (problem) return { kind: 'none', note: problem.note };
  // "yes", "ok yes", "yes i would", "👍": a plain yes, not words to keep.
  if (tokens(text).length <= 4 && readYesNo(text, c.lex) === 'yes') return { kind: 'yes' };
  if (isUnsure(text, c.lex)) return { kind: 'unsure' };
  if (hasNothingToAdd(text, c.lex)) return { kind: 'nothing' };
  // A bare number is not words about anything: ask again rather than keep it.
  if (/^\s*\d{1,2}\s*$/.test(text)) return { kind: 'none' };
  // One or two letters ("k", "ye", "n") are a slip or a half answer, never words to keep: ask again.
  if (/^\s*\p{L}{1,2}\s*[.!?]*\s*$/u.test(text)) return { kind: 'none' };
  return { kind: 'words', text };
}

/** Free text about an area: own words, or what would help. A plain yes asks them to go on; no or nothing moves on. */
function areaWords(c: StepContext, index: number, reading: AnswerReading, field: 'ownWords' | 'whatWouldHelp'): Move | Miss {
  const id = c.script.outcomes[index].id;
  if (reading.kind === 'none') return miss(reading.note);
  if (reading.kind === 'yes') return { state: c.state, notes: [c.fill(c.t.sayMoreGoOn)] };
  if (reading.kind !== 'words') return moveOn(c, c.state);
  const previous = c.state.answers[id];
  const max = c.setup.organisation.maxTextLength;
  const words = field === 'ownWords' ? addWords(previous?.ownWords, reading.text, max) : reading.text;
  return moveOn(c, patchAnswer(c.state, id, { [field]: words }));
}

function areaQuestion(c: StepContext, index: number, ask: 'say-more' | 'what-would-help', line: string): Prompt[] {
  const outcome = c.script.outcomes[index];
  return [
    {
      card: 'question',
      ask,
      outcomes: [outcome.id],
      title: outcome.title,
      ...progress(c, index),
      body: [c.fill(line)],
      freeText: true,
      choices: [textChoice(c.script, 'nothingToAdd', 'no')],
      commands: commands(c.script),
    },
  ];
}

export const ownWords: StepHandler<'own-words'> = {
  ask: 'say-more',
  prompts: (c, step) => areaQuestion(c, step.outcome, 'say-more', c.t.ownWords),
  read: (c, _step, text) => freeText(c, text),
  apply: (c, step, reading) => areaWords(c, step.outcome, reading, 'ownWords'),
  skip: (c) => moveOn(c, c.state),
  help: (c) => c.script.help.ownWords,
  explain: (c, step) => c.script.outcomes[step.outcome].explain,
};

export const whatWouldHelp: StepHandler<'what-would-help'> = {
  ask: 'what-would-help',
  prompts: (c, step) => areaQuestion(c, step.outcome, 'what-would-help', c.t.whatWouldHelp),
  read: (c, _step, text) => freeText(c, text),
  apply: (c, step, reading) => areaWords(c, step.outcome, reading, 'whatWouldHelp'),
  skip: (c, step) => moveOn(c, patchAnswer(c.state, c.script.outcomes[step.outcome].id, { whatWouldHelp: undefined })),
  help: (c) => c.script.help.whatWouldHelp,
  explain: (c, step) => c.script.outcomes[step.outcome].explain,
};

// An area's question and title are read once: their words, said back in an answer ("yes i feel safe"), add nothing.
const askedWords = new WeakMap<ScriptOutcome, ReadonlySet<string>>();
function questionWords(outcome: ScriptOutcome): ReadonlySet<string> {
  let found = askedWords.get(outcome);
  if (!found) {
    found = new Set(tokens(`${outcome.question} ${outcome.title}`));
    askedWords.set(outcome, found);
  }
  return found;
}
