// The conversation engine: (state, input) -> (state, prompts, effects). Pure: no I/O, no Bot Framework.
import { fillText } from './fill-text.js';
import type { Prompt } from './prompt.js';
import { MAX_PRIORITIES, choicesFor, helpFor, placeholders, promptsFor, scriptOf } from './prompts.js';
import { scaleFor } from './script.js';
import type { Effect, EngineSetup, Input, TurnContext } from './setup.js';
import type { AnswerState, ConversationState, Step } from './state.js';
import { priorityCandidates, summaryEntries } from './summary.js';
import { looksLikeContact, matchChoice, matchCommand, normalise, parseNumbers, parseRating } from './understand.js';

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
    mode: options.mode ?? 'self',
    answeredBy: options.answeredBy,
    channel: options.channel ?? 'unknown',
    startedAt: ctx.now,
  };
  return { state, prompts: promptsFor(setup, state), effects: [] };
}

const FREE_TEXT_STEPS = new Set<Step['kind']>(['what-matters', 'own-words', 'what-would-help', 'contact-details']);

export function step(setup: EngineSetup, state: ConversationState, input: Input, ctx: TurnContext): TurnResult {
  const script = scriptOf(setup, state);
  const t = script.text;
  const fill = (s: string, extra: Record<string, string | number> = {}) => fillText(s, { ...placeholders(setup, state), ...extra });
  const say = (...lines: string[]): Prompt => ({ card: 'message', body: lines });

  if (input.kind === 'resumed') {
    return { state, prompts: [say(fill(t.resumed)), ...promptsFor(setup, state)], effects: [] };
  }

  const text = input.text.trim();

  // Safeguarding comes before anything else, on everything typed: an answer, a word typed where a button
  // was offered, or a message after the end. Only contact details are left out (numbers and addresses).
  const effects: Effect[] = [];
  const before: Prompt[] = [];
  if (setup.safeguarding && state.step.kind !== 'contact-details') {
    const categories = setup.safeguarding(text);
    if (categories.length > 0) {
      effects.push({ kind: 'flag', categories });
      state = { ...state, safeguarding: { categories: [...new Set([...(state.safeguarding?.categories ?? []), ...categories])], at: state.safeguarding?.at ?? ctx.now } };
      const org = setup.organisation;
      const whatNext = org.safeguardingTellPerson ?? (org.safeguardingPassOn === false ? t.safetyNotWatchedPrivate : t.safetyNotWatched);
      before.push({
        card: 'safety',
        title: fill(t.safetyIntro),
        body: [fill(whatNext), fill(t.safetyCarryOn)],
        contacts: org.safetyContacts,
      });
    }
  }

  if (state.step.kind === 'done') {
    if (matchCommand(text, script.commands) === 'startAgain') {
      const fresh = startConversation(setup, ctx, { channel: state.channel, mode: state.mode, answeredBy: state.answeredBy });
      return { ...fresh, prompts: [...before, say(fill(t.startAgain)), ...fresh.prompts], effects };
    }
    return { state, prompts: [...before, say(fill(t.finishedAlready))], effects };
  }
  if (state.step.kind === 'ended') {
    const fresh = startConversation(setup, ctx, { channel: state.channel });
    return { ...fresh, state: { ...fresh.state, safeguarding: state.safeguarding }, prompts: [...before, ...fresh.prompts], effects };
  }

  const command = matchCommand(text, script.commands);
  const result = command ? runCommand(setup, state, command, ctx) : answer(setup, state, text, ctx);
  return { state: result.state, prompts: [...before, ...result.prompts], effects: [...effects, ...result.effects] };

  function runCommand(setup: EngineSetup, state: ConversationState, command: NonNullable<ReturnType<typeof matchCommand>>, ctx: TurnContext): TurnResult {
    switch (command) {
      case 'help':
        return { state, prompts: [say(helpFor(script, state.step)), ...promptsFor(setup, state)], effects: [] };
      case 'stop':
        return { state: { ...state, step: { kind: 'ended' } }, prompts: [say(fill(t.stopped))], effects: [{ kind: 'discard' }] };
      case 'pause': {
        const code = state.code ?? ctx.newCode();
        const paused = { ...state, code };
        return { state: paused, prompts: [say(fillText(t.paused, { ...placeholders(setup, paused) }))], effects: [{ kind: 'pause', code }] };
      }
      case 'startAgain': {
        if (!state.consent) {
          const fresh = startConversation(setup, ctx, { channel: state.channel, mode: state.mode, answeredBy: state.answeredBy });
          return { ...fresh, prompts: [say(fill(t.startAgain)), ...fresh.prompts] };
        }
        const again: ConversationState = {
          ...state,
          step: { kind: 'what-matters' },
          history: [],
          returnToSummary: false,
          whatMatters: undefined,
          answers: {},
          priorities: [],
          sharing: undefined,
          contact: undefined,
        };
        return { state: again, prompts: [say(fill(t.startAgain)), ...promptsFor(setup, again)], effects: [] };
      }
      case 'back': {
        const previous = state.history[state.history.length - 1];
        if (!previous) return { state, prompts: [say(fill(t.nothingToGoBackTo)), ...promptsFor(setup, state)], effects: [] };
        const back: ConversationState = { ...state, step: previous, history: state.history.slice(0, -1) };
        return { state: back, prompts: promptsFor(setup, back), effects: [] };
      }
      case 'skip':
        return skip(setup, state, ctx);
    }
  }

  function skip(setup: EngineSetup, state: ConversationState, ctx: TurnContext): TurnResult {
    const s = state.step;
    switch (s.kind) {
      case 'what-matters':
        return moveOn(setup, { ...state, whatMatters: undefined }, ctx);
      case 'rating': {
        const id = script.outcomes[s.outcome].id;
        return moveOn(setup, setAnswer(state, id, { status: 'skipped' }), ctx, { skipOutcome: true });
      }
      case 'own-words':
        return moveOn(setup, patchAnswer(state, script.outcomes[s.outcome].id, { ownWords: undefined }), ctx);
      case 'what-would-help':
        return moveOn(setup, patchAnswer(state, script.outcomes[s.outcome].id, { whatWouldHelp: undefined }), ctx);
      case 'priorities':
        return withNote(moveOn(setup, { ...state, priorities: [] }, ctx), fill(t.prioritiesNone));
      case 'contact':
        return moveOn(setup, { ...state, contact: { method: 'none' } }, ctx);
      case 'contact-details':
        return moveOn(setup, { ...state, contact: { method: 'none' } }, ctx);
      default:
        // Choosing, agreeing, confirming and sharing cannot be skipped: say what to do instead.
        return { state, prompts: [say(helpFor(script, s)), ...promptsFor(setup, state)], effects: [] };
    }
  }

  function answer(setup: EngineSetup, state: ConversationState, text: string, ctx: TurnContext): TurnResult {
    const s = state.step;
    const choices = choicesFor(setup, state, s);
    const reprompt = (message: string): TurnResult => ({ state, prompts: [say(message), ...promptsFor(setup, state)], effects: [] });
    const notUnderstood = () => reprompt(fill(t.notUnderstoodChoice, { options: choices.map((c) => `"${c.label}"`).join(', ') }));

    if (FREE_TEXT_STEPS.has(s.kind)) {
      if (!text) return reprompt(fill(t.empty));
      if (text.length > setup.organisation.maxTextLength) return reprompt(fill(t.tooLong));
    }

    switch (s.kind) {
      case 'choose-script': {
        const choice = matchChoice(text, choices);
        const chosen = choice && setup.scripts.find((x) => x.text.chooserLabel === choice.value);
        if (!chosen) return notUnderstood();
        return moveOn(setup, { ...state, scriptId: chosen.id }, ctx);
      }
      case 'consent': {
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        if (choice.value === t.decline) {
          return { state: { ...state, step: { kind: 'ended' } }, prompts: [say(fill(t.declined))], effects: [{ kind: 'discard' }] };
        }
        return moveOn(setup, { ...state, consent: { at: ctx.now, noticeVersion: setup.organisation.privacyNoticeVersion } }, ctx);
      }
      case 'what-matters':
        return moveOn(setup, { ...state, whatMatters: text }, ctx);
      case 'rating': {
        const outcome = script.outcomes[s.outcome];
        const scale = scaleFor(script, outcome);
        const rating = parseRating(text, scale);
        if (!rating) {
          const values = scale.options.map((o) => o.value);
          return reprompt(fill(t.notUnderstoodRating, { min: Math.min(...values), max: Math.max(...values), example: scale.options[Math.floor(scale.options.length / 2)].label.toLowerCase() }));
        }
        const previous = state.answers[outcome.id];
        const next: AnswerState =
          rating.status === 'answered'
            ? {
                status: 'answered',
                value: rating.value,
                ownWords: previous?.ownWords,
                whatWouldHelp: rating.value <= script.helpThreshold ? previous?.whatWouldHelp : undefined,
              }
            : { status: rating.status };
        return moveOn(setup, setAnswer(state, outcome.id, next), ctx);
      }
      case 'own-words':
      case 'what-would-help': {
        const id = script.outcomes[s.outcome].id;
        if (normalise(text) === normalise(t.nothingToAdd)) return skip(setup, state, ctx);
        const patch = s.kind === 'own-words' ? { ownWords: text } : { whatWouldHelp: text };
        return moveOn(setup, patchAnswer(state, id, patch), ctx);
      }
      case 'priorities': {
        const numbers = parseNumbers(text);
        const candidates = priorityCandidates(script, state);
        let picked: number[] | undefined;
        if (numbers) picked = numbers.every((n) => n >= 1 && n <= candidates.length) ? numbers : undefined;
        else {
          const one = matchChoice(text, choices);
          picked = one ? [Number(one.value)] : undefined;
        }
        if (!picked) return reprompt(fill(t.notUnderstoodNumbers));
        if (picked.length > MAX_PRIORITIES) return reprompt(fill(t.prioritiesTooMany, { max: MAX_PRIORITIES }));
        return moveOn(setup, { ...state, priorities: picked.map((n) => script.outcomes[candidates[n - 1]].id) }, ctx);
      }
      case 'summary': {
        const change = /^(?:change\s+)?(\d+)$/.exec(normalise(text));
        if (change) return goChange(setup, state, Number(change[1]), reprompt);
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        if (choice.value === t.changeAnswer) return go(setup, state, { kind: 'change' });
        return go(setup, state, { kind: 'sharing' });
      }
      case 'change': {
        const n = parseNumbers(text);
        if (n && n.length === 1) return goChange(setup, state, n[0], reprompt);
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        return goChange(setup, state, Number(choice.value), reprompt);
      }
      case 'sharing': {
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        if (choice.value === t.keepPrivate) return finish(setup, { ...state, sharing: 'private', contact: { method: 'none' } }, ctx);
        return go(setup, { ...state, sharing: 'shared' }, { kind: 'contact' });
      }
      case 'contact': {
        const choice = matchChoice(text, choices);
        if (!choice) return notUnderstood();
        if (choice.value === t.noContact) return finish(setup, { ...state, contact: { method: 'none' } }, ctx);
        return go(setup, state, { kind: 'contact-details', method: choice.value === t.contactPhone ? 'phone' : 'email' });
      }
      case 'contact-details': {
        if (!looksLikeContact(s.method, text)) return reprompt(fill(t.contactDetailsInvalid));
        return finish(setup, { ...state, contact: { method: s.method, detail: text } }, ctx);
      }
      default:
        return { state, prompts: promptsFor(setup, state), effects: [] };
    }
  }
}

function withNote(result: TurnResult, note: string): TurnResult {
  return { ...result, prompts: [{ card: 'message', body: [note] }, ...result.prompts] };
}

function setAnswer(state: ConversationState, id: string, answer: AnswerState): ConversationState {
  return { ...state, answers: { ...state.answers, [id]: answer } };
}

function patchAnswer(state: ConversationState, id: string, patch: Partial<AnswerState>): ConversationState {
  const current = state.answers[id] ?? { status: 'skipped' as const };
  return setAnswer(state, id, { ...current, ...patch });
}

/** Moves to a step, remembering the current one so "back" can return to it. */
function go(setup: EngineSetup, state: ConversationState, next: Step): TurnResult {
  const moved: ConversationState = { ...state, step: next, history: [...state.history, state.step] };
  return { state: moved, prompts: promptsFor(setup, moved), effects: [] };
}

function goChange(setup: EngineSetup, state: ConversationState, n: number, reprompt: (m: string) => TurnResult): TurnResult {
  const script = scriptOf(setup, state);
  const entry = summaryEntries(script, state).find((e) => e.item.number === n);
  if (!entry) return reprompt(fillText(script.text.notUnderstoodChoice, { options: `1 - ${summaryEntries(script, state).length}` }));
  return go(setup, { ...state, returnToSummary: true }, entry.target);
}

function finish(setup: EngineSetup, state: ConversationState, ctx: TurnContext): TurnResult {
  const script = scriptOf(setup, state);
  const code = state.code ?? ctx.newCode();
  const done: ConversationState = { ...state, code, step: { kind: 'done' }, history: [], returnToSummary: false };
  const values = placeholders(setup, done);
  const body = [fillText(script.text.done, values)];
  if (done.sharing === 'shared') body.push(fillText(script.text.doneShared, values));
  return { state: done, prompts: [{ card: 'message', body }], effects: [{ kind: 'complete' }] };
}

/** The step after the current one has been answered (or skipped). */
function moveOn(setup: EngineSetup, state: ConversationState, ctx: TurnContext, options: { skipOutcome?: boolean } = {}): TurnResult {
  const script = scriptOf(setup, state);
  const s = state.step;
  const afterOutcome = (index: number): Step => {
    if (state.returnToSummary) return { kind: 'summary' };
    if (index + 1 < script.outcomes.length) return { kind: 'rating', outcome: index + 1 };
    return priorityCandidates(script, state).length > 0 ? { kind: 'priorities' } : { kind: 'summary' };
  };
  let next: Step;
  switch (s.kind) {
    case 'choose-script':
      next = { kind: 'consent' };
      break;
    case 'consent':
      next = { kind: 'what-matters' };
      break;
    case 'what-matters':
      next = state.returnToSummary ? { kind: 'summary' } : { kind: 'rating', outcome: 0 };
      break;
    case 'rating': {
      const answer = state.answers[script.outcomes[s.outcome].id];
      next = options.skipOutcome || answer?.status !== 'answered' ? afterOutcome(s.outcome) : { kind: 'own-words', outcome: s.outcome };
      break;
    }
    case 'own-words': {
      const answer = state.answers[script.outcomes[s.outcome].id];
      next = answer?.value !== undefined && answer.value <= script.helpThreshold ? { kind: 'what-would-help', outcome: s.outcome } : afterOutcome(s.outcome);
      break;
    }
    case 'what-would-help':
      next = afterOutcome(s.outcome);
      break;
    case 'priorities':
      next = { kind: 'summary' };
      break;
    case 'contact':
    case 'contact-details':
      return finish(setup, state, ctx);
    default:
      next = { kind: 'summary' };
  }
  const moved = next.kind === 'summary' ? { ...state, returnToSummary: false } : state;
  return go(setup, moved, next);
}
