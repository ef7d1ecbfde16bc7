// A review conversation: each earlier outcome shown with what the person said then, then "has it
// happened?" (yes / some of it / no: stored as fully / partly / not), why, and what next. The person sees
// each outcome's plain title, looked up in the earlier script when shown; the item keeps the published label. Pure like the engine: (state, input) ->
// (state, prompts, effects); the caller supplies the earlier record as a ReviewSource.
import { z } from 'zod';
import { contactsFor } from './safety-contacts.js';
import { fillText } from './fill-text.js';
import type { Choice, Prompt } from './prompt.js';
import type { ReviewScript } from './review-script.js';
import type { Script } from './script.js';
import type { Effect, EngineSetup, TurnContext } from './setup.js';
import { lexiconFor, type Lexicon } from './understanding/lexicon.js';
import { readChoice } from './understanding/read-choice.js';
import { readYesNo } from './understanding/read-yes-no.js';
import { matchChoice, normalise, parseNumbers } from './understand.js';

export const MetLevel = z.enum(['fully', 'partly', 'not']);
export type MetLevel = z.infer<typeof MetLevel>;

/** One earlier outcome, as the person described it then. */
export const ReviewItem = z.object({
  outcomeId: z.string(),
  label: z.string(),
  group: z.string(),
  groupTitle: z.string(),
  thenRating: z.string().optional(),
  thenWords: z.string().optional(),
  thenHelp: z.string().optional(),
  thenPriority: z.boolean().default(false),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('consent') }),
  z.object({ kind: z.literal('met'), item: z.number().int().min(0) }),
  z.object({ kind: z.literal('why'), item: z.number().int().min(0) }),
  z.object({ kind: z.literal('next'), item: z.number().int().min(0) }),
  z.object({ kind: z.literal('summary') }),
  z.object({ kind: z.literal('change') }),
  z.object({ kind: z.literal('sharing') }),
  z.object({ kind: z.literal('done') }),
  z.object({ kind: z.literal('ended') }),
]);
export type ReviewStep = z.infer<typeof ReviewStep>;

export const ReviewAnswer = z.object({ met: MetLevel.optional(), why: z.string().optional(), next: z.string().optional() });
export type ReviewAnswer = z.infer<typeof ReviewAnswer>;

export const ReviewState = z.object({
  v: z.literal(1),
  kind: z.literal('review'),
  previousRecordId: z.string(),
  /** The person's pseudonymous reference (a hash), carried to the review record. */
  subjectRef: z.string(),
  /** The earlier record's script: its safety wording is used if a review answer is flagged. */
  earlierScriptId: z.string(),
  earlierDate: z.string(),
  items: z.array(ReviewItem).min(1),
  step: ReviewStep,
  history: z.array(ReviewStep).default([]),
  returnToSummary: z.boolean().default(false),
  answers: z.record(z.string(), ReviewAnswer).default({}),
  consent: z.object({ at: z.string(), noticeVersion: z.string() }).optional(),
  /** The person chooses whether to share (in their own chat); a review held with a practitioner is shared. */
  askSharing: z.boolean(),
  sharing: z.enum(['private', 'shared']).optional(),
  answeredBy: z.enum(['person', 'carer', 'practitioner-on-behalf', 'family-or-friend']),
  channel: z.string(),
  startedAt: z.string(),
  safeguarding: z.object({ categories: z.array(z.string()), at: z.string() }).optional(),
  recordId: z.string().optional(),
});
export type ReviewState = z.infer<typeof ReviewState>;

/** What the caller knows about the earlier record. */
export interface ReviewSource {
  previousRecordId: string;
  subjectRef: string;
  scriptId: string;
  /** ISO time the earlier conversation was confirmed. */
  date: string;
  items: ReviewItem[];
}

export interface ReviewStartOptions {
  channel: string;
  answeredBy: ReviewState['answeredBy'];
  askSharing: boolean;
}

export interface ReviewResult {
  state: ReviewState;
  prompts: Prompt[];
  effects: Effect[];
}

type Command = 'back' | 'skip' | 'help' | 'stop';

export function startReview(setup: EngineSetup, words: ReviewScript, source: ReviewSource, ctx: TurnContext, options: ReviewStartOptions): ReviewResult {
  const state: ReviewState = {
    v: 1,
    kind: 'review',
    previousRecordId: source.previousRecordId,
    subjectRef: source.subjectRef,
    earlierScriptId: source.scriptId,
    earlierDate: source.date,
    items: source.items,
    step: { kind: 'consent' },
    history: [],
    returnToSummary: false,
    answers: {},
    askSharing: options.askSharing,
    answeredBy: options.answeredBy,
    channel: options.channel,
    startedAt: ctx.now,
  };
  return { state, prompts: reviewPrompts(setup, words, state), effects: [] };
}

/** "26 November 2026", in the review's own locale and Scotland's time zone. */
export function reviewDate(words: ReviewScript, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(words.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(date);
}

function values(setup: EngineSetup, words: ReviewScript, state: ReviewState): Record<string, string | number> {
  return {
    organisation: setup.organisation.name,
    botName: setup.organisation.botName,
    days: setup.organisation.followUpDays,
    max: setup.organisation.maxTextLength,
    date: reviewDate(words, state.earlierDate),
  };
}

export function metChoices(words: ReviewScript): Choice[] {
  return MetLevel.options.map((level) => ({ label: words.met[level].label, value: words.met[level].label }));
}

export function metLabel(words: ReviewScript, level: MetLevel | undefined): string {
  return level ? words.met[level].label : words.text.summaryNotAnswered;
}

/** "some of it", "partly", "2", "aye", "naw" -> the level meant, or undefined. */
export function parseMet(words: ReviewScript, text: string, lex?: Lexicon): MetLevel | undefined {
  const said = normalise(text);
  if (!said) return undefined;
  if (/^\d+$/.test(said)) return MetLevel.options[Number(said) - 1];
  const named = MetLevel.options.find((level) =>
    [words.met[level].label, words.met[level].staffLabel, ...words.met[level].aliases].some((w) => normalise(w) === said),
  );
  if (named || !lex) return named;
  // Everyday yes and no ("aye", "naw", "yes it has"), then the choices by keyword or a small spelling slip.
  const yesNo = readYesNo(text, lex);
  if (yesNo === 'yes') return 'fully';
  if (yesNo === 'no') return 'not';
  if (yesNo === 'unsure') return undefined;
  const choices = MetLevel.options.map((level) => ({ label: words.met[level].label, value: level, keywords: words.met[level].aliases }));
  return MetLevel.safeParse(readChoice(text, choices, lex)?.value).data;
}

/** The earlier conversation's script: its plain titles and everyday words are used in the review. */
function earlierScript(setup: EngineSetup, state: ReviewState): Script | undefined {
  return setup.scripts.find((s) => s.id === state.earlierScriptId) ?? setup.scripts[0];
}

/** What the person sees for an outcome: its plain title now, or the stored label if the script has lost it. */
export function reviewTitle(setup: EngineSetup, state: ReviewState, item: ReviewItem): string {
  return earlierScript(setup, state)?.outcomes.find((o) => o.id === item.outcomeId)?.title ?? item.label;
}

function matchCommand(words: ReviewScript, text: string): Command | undefined {
  const said = normalise(text);
  return (Object.keys(words.commands) as Command[]).find((c) => words.commands[c].some((w) => normalise(w) === said));
}

function commandChoices(words: ReviewScript, options: { skip?: boolean } = {}): Choice[] {
  const l = words.commandLabels;
  const c = words.commands;
  return [
    { label: l.back, value: c.back[0] },
    ...(options.skip === false ? [] : [{ label: l.skip, value: c.skip[0] }]),
    { label: l.help, value: c.help[0] },
    { label: l.stop, value: c.stop[0] },
  ];
}

function summaryItems(setup: EngineSetup, words: ReviewScript, state: ReviewState) {
  return state.items.map((item, i) => {
    const answer = state.answers[item.outcomeId] ?? {};
    return {
      number: i + 1,
      title: reviewTitle(setup, state, item),
      rating: metLabel(words, answer.met),
      ratingLabel: words.text.summaryMet,
      ownWords: answer.why,
      whatWouldHelp: answer.next,
    };
  });
}

function choicesFor(setup: EngineSetup, words: ReviewScript, state: ReviewState): Choice[] {
  const t = words.text;
  const asChoice = (label: string): Choice => ({ label, value: label });
  switch (state.step.kind) {
    case 'consent':
      return [asChoice(t.agree), asChoice(t.decline)];
    case 'met':
      return metChoices(words);
    case 'why':
    case 'next':
      return [asChoice(t.nothingToAdd)];
    case 'summary':
      return [asChoice(t.confirm), asChoice(t.changeAnswer)];
    case 'change':
      return state.items.map((item, i) => ({ label: reviewTitle(setup, state, item), value: String(i + 1) }));
    case 'sharing':
      return [asChoice(t.keepPrivate), asChoice(t.share)];
    default:
      return [];
  }
}

/** The question for the current step. */
export function reviewPrompts(setup: EngineSetup, words: ReviewScript, state: ReviewState): Prompt[] {
  const t = words.text;
  const fill = (s: string, extra: Record<string, string | number> = {}) => fillText(s, { ...values(setup, words, state), ...extra });
  const hint = t.commandsHint;
  const choices = choicesFor(setup, words, state);
  const s = state.step;
  const progress = (i: number) => fill(t.progress, { step: i + 1, total: state.items.length });
  switch (s.kind) {
    case 'consent':
      return [
        { card: 'message', title: words.title, body: [fill(t.intro)] },
        {
          card: 'question',
          body: [fill(t.privacyNotice)],
          link: { label: t.privacyLinkLabel, url: setup.organisation.privacyNoticeUrl },
          choices,
          commands: commandChoices(words, { skip: false }),
          hint,
        },
      ];
    case 'met': {
      const item = state.items[s.item];
      const then: string[] = [];
      if (item.thenRating) then.push(fill(t.thenRating, { rating: item.thenRating }));
      if (item.thenWords) then.push(fill(t.thenWords, { words: item.thenWords }));
      if (item.thenHelp) then.push(fill(t.thenHelp, { help: item.thenHelp }));
      if (item.thenPriority) then.push(fill(t.thenPriority));
      const body = then.length ? [fill(t.thenHeading), ...then, fill(t.metQuestion)] : [fill(t.thenNothing), fill(t.metQuestion)];
      return [{ card: 'question', title: reviewTitle(setup, state, item), progress: progress(s.item), body, choices, commands: commandChoices(words), hint }];
    }
    case 'why':
      return [
        {
          card: 'question',
          title: reviewTitle(setup, state, state.items[s.item]),
          progress: progress(s.item),
          body: [fill(t.why)],
          freeText: true,
          choices,
          commands: commandChoices(words),
          hint,
        },
      ];
    case 'next':
      return [
        {
          card: 'question',
          title: reviewTitle(setup, state, state.items[s.item]),
          progress: progress(s.item),
          body: [fill(t.next)],
          freeText: true,
          choices,
          commands: commandChoices(words),
          hint,
        },
      ];
    case 'summary':
      return [
        {
          card: 'summary',
          title: words.title,
          body: [fill(t.summaryIntro)],
          summary: summaryItems(setup, words, state),
          choices,
          commands: commandChoices(words, { skip: false }),
          hint,
        },
      ];
    case 'change':
      return [{ card: 'question', body: [fill(t.changeWhich)], choices, commands: commandChoices(words, { skip: false }), hint }];
    case 'sharing':
      return [{ card: 'question', body: [fill(t.sharingQuestion)], choices, commands: commandChoices(words, { skip: false }), hint }];
    case 'done':
      return [{ card: 'message', body: [fill(t.finishedAlready)] }];
    case 'ended':
      return [{ card: 'message', body: [fill(t.stopped)] }];
  }
}

function helpFor(words: ReviewScript, step: ReviewStep): string {
  const h = words.help;
  switch (step.kind) {
    case 'consent':
      return h.consent;
    case 'met':
      return h.met;
    case 'why':
      return h.why;
    case 'next':
      return h.next;
    case 'summary':
      return h.summary;
    case 'change':
      return h.change;
    case 'sharing':
      return h.sharing;
    default:
      return h.done;
  }
}

export function stepReview(setup: EngineSetup, words: ReviewScript, state: ReviewState, input: string, ctx: TurnContext): ReviewResult {
  const t = words.text;
  const fill = (s: string) => fillText(s, values(setup, words, state));
  const say = (...lines: string[]): Prompt => ({ card: 'message', body: lines });
  const text = input.trim();

  if (state.step.kind === 'done') return { state, prompts: [say(fill(t.finishedAlready))], effects: [] };
  if (state.step.kind === 'ended') return { state, prompts: [say(fill(t.stopped))], effects: [] };

  // Safeguarding comes first on every free-text answer, as in the main conversation.
  const effects: Effect[] = [];
  const before: Prompt[] = [];
  if ((state.step.kind === 'why' || state.step.kind === 'next') && setup.safeguarding && text) {
    const categories = setup.safeguarding(text);
    if (categories.length > 0) {
      effects.push({ kind: 'flag', categories });
      state = {
        ...state,
        safeguarding: { categories: [...new Set([...(state.safeguarding?.categories ?? []), ...categories])], at: state.safeguarding?.at ?? ctx.now },
      };
      const script = setup.scripts.find((s) => s.id === state.earlierScriptId) ?? setup.scripts[0];
      const org = { organisation: setup.organisation.name, days: setup.organisation.followUpDays };
      // The same policy as the first conversation: a review the person may keep private is not looked at
      // unless the organisation passes such flags on; one held with a practitioner has someone there.
      const watched = !state.askSharing || setup.organisation.safeguardingPassOn !== false;
      const whatNext = setup.organisation.safeguardingTellPerson ?? (watched ? script.text.safetyNotWatched : script.text.safetyNotWatchedPrivate);
      before.push({
        card: 'safety',
        title: fillText(script.text.safetyIntro, org),
        body: [fillText(whatNext, org), fillText(script.text.safetyCarryOn, org)],
        contacts: contactsFor(categories, setup.organisation),
      });
    }
  }

  const command = matchCommand(words, text);
  const result = command ? runCommand(command) : answer();
  return { state: result.state, prompts: [...before, ...result.prompts], effects: [...effects, ...result.effects] };

  function ask(next: ReviewState, note?: string): ReviewResult {
    return { state: next, prompts: [...(note ? [say(note)] : []), ...reviewPrompts(setup, words, next)], effects: [] };
  }

  function go(next: ReviewStep, from: ReviewState = state): ReviewResult {
    return ask({ ...from, step: next, history: [...from.history, from.step] });
  }

  /** The step after item i is finished (or skipped). */
  function afterItem(from: ReviewState, i: number): ReviewResult {
    if (from.returnToSummary || i + 1 >= from.items.length) return go({ kind: 'summary' }, { ...from, returnToSummary: false });
    return go({ kind: 'met', item: i + 1 }, from);
  }

  function patch(from: ReviewState, item: number, change: Partial<ReviewAnswer>): ReviewState {
    const id = from.items[item].outcomeId;
    return { ...from, answers: { ...from.answers, [id]: { ...from.answers[id], ...change } } };
  }

  function runCommand(command: Command): ReviewResult {
    const s = state.step;
    switch (command) {
      case 'help':
        return ask(state, helpFor(words, s));
      case 'stop':
        return { state: { ...state, step: { kind: 'ended' } }, prompts: [say(fill(t.stopped))], effects: [{ kind: 'discard' }] };
      case 'back': {
        const previous = state.history[state.history.length - 1];
        if (!previous) return ask(state, fill(t.nothingToGoBackTo));
        return ask({ ...state, step: previous, history: state.history.slice(0, -1) });
      }
      case 'skip':
        if (s.kind === 'met') return afterItem(patch(state, s.item, { met: undefined, why: undefined, next: undefined }), s.item);
        if (s.kind === 'why') return go({ kind: 'next', item: s.item }, patch(state, s.item, { why: undefined }));
        if (s.kind === 'next') return afterItem(patch(state, s.item, { next: undefined }), s.item);
        return ask(state, helpFor(words, s));
    }
  }

  function finish(from: ReviewState): ReviewResult {
    const done: ReviewState = { ...from, step: { kind: 'done' }, history: [], returnToSummary: false };
    const body = [fill(t.done)];
    if (done.sharing === 'shared' && done.askSharing) body.push(fill(t.doneShared));
    return { state: done, prompts: [say(...body)], effects: [{ kind: 'complete' }] };
  }

  function answer(): ReviewResult {
    const s = state.step;
    const choices = choicesFor(setup, words, state);
    const notUnderstood = () => ask(state, fillText(t.notUnderstoodChoice, { options: choices.map((c) => `"${c.label}"`).join(', ') }));
    switch (s.kind) {
      case 'consent': {
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        if (choice.value === t.decline)
          return { state: { ...state, step: { kind: 'ended' } }, prompts: [say(fill(t.declined))], effects: [{ kind: 'discard' }] };
        return go({ kind: 'met', item: 0 }, { ...state, consent: { at: ctx.now, noticeVersion: setup.organisation.privacyNoticeVersion } });
      }
      case 'met': {
        const script = earlierScript(setup, state);
        const level = parseMet(words, text, script ? lexiconFor(script) : undefined);
        if (!level) return notUnderstood();
        return go({ kind: 'why', item: s.item }, patch(state, s.item, { met: level }));
      }
      case 'why':
      case 'next': {
        if (!text) return ask(state, fill(t.empty));
        if (text.length > setup.organisation.maxTextLength) return ask(state, fill(t.tooLong));
        const nothing = normalise(text) === normalise(t.nothingToAdd);
        if (s.kind === 'why') return go({ kind: 'next', item: s.item }, patch(state, s.item, { why: nothing ? undefined : text }));
        return afterItem(patch(state, s.item, { next: nothing ? undefined : text }), s.item);
      }
      case 'summary': {
        const change = /^(?:change\s+)?(\d+)$/.exec(normalise(text));
        if (change) return changeItem(Number(change[1]));
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        if (choice.value === t.changeAnswer) return go({ kind: 'change' });
        return state.askSharing ? go({ kind: 'sharing' }) : finish({ ...state, sharing: 'shared' });
      }
      case 'change': {
        const numbers = parseNumbers(text);
        if (numbers?.length === 1) return changeItem(numbers[0]);
        const choice = matchChoice(text, choices);
        return choice ? changeItem(Number(choice.value)) : notUnderstood();
      }
      case 'sharing': {
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        return finish({ ...state, sharing: choice.value === t.keepPrivate ? 'private' : 'shared' });
      }
      default:
        return ask(state);
    }
  }

  function changeItem(n: number): ReviewResult {
    if (!(n >= 1 && n <= state.items.length)) return ask(state, fillText(t.notUnderstoodChoice, { options: `1 - ${state.items.length}` }));
    return go({ kind: 'met', item: n - 1 }, { ...state, returnToSummary: true });
  }
}

/** Identifies a review step, so a card can say which question it answered. */
export function reviewStepKey(state: ReviewState): string {
  const s = state.step;
  return 'item' in s ? `review-${s.kind}:${s.item}` : `review-${s.kind}`;
}
