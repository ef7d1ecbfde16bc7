// A review conversation: each earlier outcome shown with what the person said then, then "has it
// happened?" (yes / some of it / no: stored as fully / partly / not), why, and what next. The person sees
// each outcome's plain title, looked up in the earlier script when shown; the item keeps the published label. Pure like the engine: (state, input) ->
// (state, prompts, effects); the caller supplies the earlier record as a ReviewSource.
import { z } from 'zod';
import { fillText } from './fill-text.js';
import type { Choice, Prompt } from './prompt.js';
import type { ReviewScript } from './review-script.js';
import { holdReviewForSafety, reviewSafetyCard, reviewSafetyPrompts } from './review-safety.js';
import { personalText } from './personal-text.js';
import { SafeguardingFlag, SafetyStep } from './state.js';
import type { Effect, EngineSetup, TurnContext } from './setup.js';
import { reviewAsk, reviewContext, takeReviewTurn, withHint } from './review-steps.js';
import { reviewStopPrompts } from './review-stop.js';

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
  /** After a disclosure: the next question waits (the first conversation's safety step, review-safety.ts). */
  SafetyStep,
  /** After "stop": keep it for later, delete it, or carry on (the first conversation's question, review-stop.ts). */
  z.object({ kind: z.literal('stop-choice') }),
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
  /** A flag in this review, and whether, how and when someone may get in touch (the whole state is sealed at rest). */
  safeguarding: SafeguardingFlag.optional(),
  recordId: z.string().optional(),
  /** Replies not understood in a row at this question: the second miss offers the answers numbered. */
  misses: z.number().int().min(0).default(0),
  /** The line listing the commands has been shown (it is shown once, then with help). */
  hintShown: z.boolean().optional(),
  /** The chat a kept review was kept in: carrying it on in another chat ends it there, so it is finished once. */
  keptIn: z.string().optional(),
  /** The person's reference code, when they started the review with it: keeping the review for later says it back. */
  code: personalText('code').optional(),
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
  /** The person's reference code, when they typed it to start the review. */
  code?: string;
}

export interface ReviewResult {
  state: ReviewState;
  prompts: Prompt[];
  effects: Effect[];
}

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
    misses: 0,
    ...(options.code ? { code: options.code } : {}),
  };
  return { ...withHint(words, state, reviewPrompts(setup, words, state)), effects: [] };
}

/** "26 November 2026", in the review's own locale and Scotland's time zone. */
function reviewDate(words: ReviewScript, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(words.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(date);
}

export function reviewValues(setup: EngineSetup, words: ReviewScript, state: ReviewState): Record<string, string | number> {
  return {
    organisation: setup.organisation.name,
    botName: setup.organisation.botName,
    days: setup.organisation.followUpDays,
    max: setup.organisation.maxTextLength,
    date: reviewDate(words, state.earlierDate),
  };
}

function metChoices(words: ReviewScript): Choice[] {
  return MetLevel.options.map((level) => ({ label: words.met[level].label, value: words.met[level].label }));
}

function metLabel(words: ReviewScript, level: MetLevel | undefined): string {
  return level ? words.met[level].label : words.text.summaryNotAnswered;
}

/** What the person sees for an outcome: its plain title now, or the stored label if the script has lost it. */
export function reviewTitle(setup: EngineSetup, state: ReviewState, item: ReviewItem): string {
  const script = setup.scripts.find((s) => s.id === state.earlierScriptId) ?? setup.scripts[0];
  return script?.outcomes.find((o) => o.id === item.outcomeId)?.title ?? item.label;
}

export function commandChoices(words: ReviewScript, options: { skip?: boolean } = {}): Choice[] {
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

/**
 * The question for the current step. Each question carries the kind of answer it waits for (`ask`, from the
 * step's handler in review-steps.ts) and the outcome it is about, for clients, as the first conversation's do.
 */
export function reviewPrompts(setup: EngineSetup, words: ReviewScript, state: ReviewState): Prompt[] {
  const s = state.step;
  const outcomes = 'item' in s ? { outcomes: [state.items[s.item].outcomeId] } : {};
  return questionPrompts(setup, words, state).map((p) => (p.card === 'message' || p.card === 'safety' ? p : { ...p, ask: reviewAsk(s.kind), ...outcomes }));
}

function questionPrompts(setup: EngineSetup, words: ReviewScript, state: ReviewState): Prompt[] {
  const t = words.text;
  const fill = (s: string, extra: Record<string, string | number> = {}) => fillText(s, { ...reviewValues(setup, words, state), ...extra });
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
      return [{ card: 'question', title: reviewTitle(setup, state, item), progress: progress(s.item), body, choices, commands: commandChoices(words) }];
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
        },
      ];
    case 'change':
      return [{ card: 'question', body: [fill(t.changeWhich)], choices, commands: commandChoices(words, { skip: false }) }];
    case 'sharing':
      return [{ card: 'question', body: [fill(t.sharingQuestion)], choices, commands: commandChoices(words, { skip: false }) }];
    case 'done':
      return [{ card: 'message', body: [fill(t.finishedAlready)] }];
    case 'ended':
      return [{ card: 'message', body: [fill(t.stopped)] }];
    case 'safety':
      return reviewSafetyPrompts(setup, words, state, s);
    case 'stop-choice':
      return reviewStopPrompts(setup, state, s);
  }
}

export function stepReview(setup: EngineSetup, words: ReviewScript, state: ReviewState, input: string, ctx: TurnContext): ReviewResult {
  const t = words.text;
  const fill = (s: string) => fillText(s, reviewValues(setup, words, state));
  const say = (...lines: string[]): Prompt => ({ card: 'message', body: lines });
  const text = input.trim();

  if (state.step.kind === 'done') return { state, prompts: [say(fill(t.finishedAlready))], effects: [] };
  if (state.step.kind === 'ended') return { state, prompts: [say(fill(t.stopped))], effects: [] };

  // Safeguarding comes first on everything typed, as in the first conversation: an answer, a reason typed with
  // "has it happened?", a word typed where a button was offered (in the safety step's own questions a new flag
  // is noted without a second message). Never in a phone number or safe time.
  const stage = state.step.kind === 'safety' ? state.step.stage : undefined;
  const checked = stage !== 'details' && stage !== 'when';
  const categories = checked && setup.safeguarding && text ? setup.safeguarding(text) : [];
  const effects: Effect[] = categories.length ? [{ kind: 'flag', categories }] : [];
  if (categories.length) {
    state = {
      ...state,
      safeguarding: {
        ...state.safeguarding,
        categories: [...new Set([...(state.safeguarding?.categories ?? []), ...categories])],
        at: state.safeguarding?.at ?? ctx.now,
      },
    };
  }

  // Then the reply is read the way the first conversation reads one (review-steps.ts).
  const result = takeReviewTurn(reviewContext(setup, words, state, ctx), text);
  if (!categories.length || stage) return { ...result, effects: [...effects, ...result.effects] };
  // The same response as the first conversation: acknowledged first, the fitting contacts, and the next
  // question held until the person says they want to carry on. A turn that closed or kept the review is not
  // held: its goodbye says what will happen.
  const card = reviewSafetyCard(setup, state, categories, ctx);
  const closed = result.effects.some((e) => e.kind === 'discard' || e.kind === 'complete' || e.kind === 'pause');
  const held = closed ? undefined : holdReviewForSafety(setup, result.state, ctx);
  if (held) return { state: held, prompts: [card, ...reviewPrompts(setup, words, held)], effects: [...effects, ...result.effects] };
  return { state: result.state, prompts: [card, ...result.prompts], effects: [...effects, ...result.effects] };
}

/** Identifies a review step, so a card can say which question it answered. */
export function reviewStepKey(state: ReviewState): string {
  const s = state.step;
  return 'item' in s ? `review-${s.kind}:${s.item}` : `review-${s.kind}`;
}
