// After something that sounds like someone may not be safe: the next question waits. Where the organisation
// watches flags the person is asked whether someone may get in touch, how, and when it is safe to call; then
// whether they want to carry on. A reply not understood here is taken gently. Also the structured check: the
// lowest rating on an area about safety or health brings one direct question, and a "no" is a disclosure.
import type { Choice, Prompt } from '../prompt.js';
import { commands } from '../prompts.js';
import type { SafetyText, Script } from '../script.js';
import { scaleFor } from '../script.js';
import { contactsFor, LIFE_AT_RISK } from '../safety-contacts.js';
import type { Effect } from '../setup.js';
import type { ConversationState } from '../state.js';
import { isUnsure } from '../understanding/read-intent.js';
import { readChoice } from '../understanding/read-choice.js';
import { readYesNo } from '../understanding/read-yes-no.js';
import { contactIn } from './finish.js';
import { miss, type Move, type StepContext, type StepHandler } from './kit.js';

type Stage = Extract<ConversationState['step'], { kind: 'safety' }>['stage'];
type SafetyStep = Extract<ConversationState['step'], { kind: 'safety' }>;

/** A "no" to "are you safe right now?" is read as this kind of risk. */
const NOT_SAFE_NOW = 'immediate-danger';

function choice(script: Script, key: Exclude<keyof SafetyText, 'acknowledge'>, means?: 'yes' | 'no'): Choice {
  const label = script.safety[key];
  return {
    id: key,
    label,
    value: label,
    keywords: script.replies.choiceWords[`safety:${key}`] ?? script.replies.choiceWords[key] ?? [],
    ...(means ? { means } : {}),
  };
}

function choicesFor(c: StepContext, step: SafetyStep): Choice[] {
  const s = c.script;
  switch (step.stage) {
    case 'check':
      return [choice(s, 'checkSafe', 'yes'), choice(s, 'checkNotSafe', 'no')];
    case 'contact':
      return [choice(s, 'contactPhone'), choice(s, 'contactEmail'), choice(s, 'noContact', 'no')];
    case 'when':
      return [choice(s, 'anyTime')];
    case 'carry-on':
      return [choice(s, 'carryOn', 'yes'), choice(s, 'stopForNow', 'no')];
    case 'details':
      return [];
  }
}

/** Whether anyone at the organisation will see a flag from this conversation. */
export function watched(c: StepContext, state: ConversationState = c.state): boolean {
  return c.setup.organisation.safeguardingPassOn !== false || state.sharing === 'shared';
}

function at(state: ConversationState, stage: Stage, method?: 'phone' | 'email'): ConversationState {
  return { ...state, step: { kind: 'safety', stage, ...(method ? { method } : {}) }, misses: 0 };
}

/**
 * Holds the conversation after a safety message: the step it would have gone to waits in the history, and
 * the person is asked about contact (watched) or whether to carry on. Nothing is held when the turn closed
 * or kept the conversation (stop, delete, pause, the record stored): then the goodbye says what happens.
 */
export function holdForSafety(c: StepContext, next: ConversationState, effects: Effect[]): ConversationState | undefined {
  if (next.step.kind === 'safety' || next.step.kind === 'ended' || next.step.kind === 'done') return undefined;
  if (effects.some((e) => e.kind === 'pause' || e.kind === 'discard' || e.kind === 'complete')) return undefined;
  const waiting = { ...next, history: [...next.history, next.step] };
  return at(waiting, watched(c, next) && !next.safeguarding?.contact ? 'contact' : 'carry-on');
}

/** The lowest rating was just given to an area about safety or health: ask once whether they are safe now. */
export function needsSafetyCheck(c: StepContext, before: ConversationState, after: ConversationState): boolean {
  if (after.safetyChecked || after.safeguarding || after.step.kind === 'safety') return false;
  return c.script.outcomes.some((o) => {
    if (!o.safetyCheck) return false;
    const lowest = Math.min(...scaleFor(c.script, o).options.map((x) => x.value));
    const was = before.answers[o.id];
    const now = after.answers[o.id];
    return now?.value === lowest && was?.value !== lowest;
  });
}

export function holdForCheck(next: ConversationState): ConversationState {
  return at({ ...next, safetyChecked: true, history: [...next.history, next.step] }, 'check');
}

/** Back to the question that was waiting. */
function carryOn(c: StepContext, notes?: string[]): Move {
  const state = c.state;
  const back: ConversationState = {
    ...state,
    step: state.history[state.history.length - 1] ?? { kind: 'what-matters' },
    history: state.history.slice(0, -1),
    misses: 0,
  };
  return { state: back, notes };
}

function fillWhen(c: StepContext, contact: NonNullable<NonNullable<ConversationState['safeguarding']>['contact']>): string {
  return c.fill(c.script.safety.contactNoted, { detail: contact.detail ?? '', when: contact.when ?? c.script.safety.anyTime });
}

function stored(c: StepContext, contact: NonNullable<NonNullable<ConversationState['safeguarding']>['contact']>): ConversationState {
  const flag = c.state.safeguarding ?? { categories: [], at: c.turn.now };
  return { ...c.state, safeguarding: { ...flag, contact } };
}

/** What the person is told before the conversation closes after a flag: what will and won't happen. */
export function safetyGoodbye(c: StepContext, state: ConversationState = c.state, options: { deleting?: boolean } = {}): string[] {
  if (!state.safeguarding) return [];
  const s = c.script.safety;
  if (c.setup.organisation.safeguardingTellPerson) return [c.fill(c.setup.organisation.safeguardingTellPerson)];
  if (!watched(c, state)) return [c.fill(s.goodbyeNotWatched)];
  // Deleting removes the contact details with the state: no call is promised (the flag notice has no details yet).
  const contact = options.deleting ? undefined : state.safeguarding.contact;
  const how =
    contact && contact.method !== 'none'
      ? c.fill(s.goodbyeContact, { detail: contact.detail ?? '', when: contact.when ?? s.anyTime })
      : contact
        ? c.fill(s.goodbyeNoContact)
        : undefined;
  return [c.fill(s.goodbyeWatched), ...(how ? [how] : [])];
}

export const safety: StepHandler<'safety'> = {
  ask: 'safety',
  prompts(c, step) {
    const s = c.script.safety;
    const body =
      step.stage === 'check'
        ? s.checkQuestion
        : step.stage === 'contact'
          ? s.askContact
          : step.stage === 'details'
            ? step.method === 'email'
              ? s.askEmail
              : s.askPhone
            : step.stage === 'when'
              ? s.askWhen
              : s.carryOnQuestion;
    const freeText = step.stage === 'details' || step.stage === 'when';
    const prompt: Prompt = {
      card: 'question',
      ask: 'safety',
      body: [c.fill(body)],
      choices: choicesFor(c, step),
      commands: commands(c.script, { skip: false }),
    };
    return [freeText ? { ...prompt, freeText: true } : prompt];
  },
  read(c, step, text) {
    if (step.stage === 'details') {
      const detail = contactIn(step.method ?? 'phone', text);
      if (detail) return { kind: 'contact', detail };
      return readYesNo(text, c.lex) === 'no' ? { kind: 'nothing' } : { kind: 'none' };
    }
    if (step.stage === 'when') {
      const picked = readChoice(text, choicesFor(c, step), c.lex);
      if (picked) return { kind: 'choice', choice: picked };
      return text.trim() ? { kind: 'words', text: text.trim().slice(0, 200) } : { kind: 'none' };
    }
    const picked = readChoice(text, choicesFor(c, step), c.lex);
    if (picked) return { kind: 'choice', choice: picked };
    const yesNo = readYesNo(text, c.lex);
    if (yesNo === 'yes' || yesNo === 'no') return { kind: 'choice', choice: choicesFor(c, step).find((ch) => ch.means === yesNo)! };
    return isUnsure(text, c.lex) ? { kind: 'unsure' } : { kind: 'none' };
  },
  apply(c, step, reading) {
    const s = c.script.safety;
    const gently = miss(c.fill(s.gentle));
    switch (step.stage) {
      case 'check': {
        if (reading.kind !== 'choice') return gently;
        if (reading.choice.id === 'checkSafe') return carryOn(c, [c.fill(s.checkThanks)]);
        // "No, not safe" is a disclosure: flagged, the fitting contacts, and the contact question where watched.
        const flag = { categories: [...new Set([...(c.state.safeguarding?.categories ?? []), NOT_SAFE_NOW])], at: c.state.safeguarding?.at ?? c.turn.now };
        const state = { ...c.state, safeguarding: flag };
        return {
          state: at(state, watched(c) ? 'contact' : 'carry-on'),
          effects: [{ kind: 'flag', categories: [NOT_SAFE_NOW] }],
          prompts: [
            safetyCard(c, state, [NOT_SAFE_NOW]),
            ...safety.prompts({ ...c, state }, at(state, watched(c) ? 'contact' : 'carry-on').step as SafetyStep),
          ],
        };
      }
      case 'contact': {
        if (reading.kind !== 'choice') return gently;
        if (reading.choice.id === 'noContact') return { state: at(stored(c, { method: 'none' }), 'carry-on'), notes: [c.fill(s.contactDeclined)] };
        return { state: at(c.state, 'details', reading.choice.id === 'contactEmail' ? 'email' : 'phone') };
      }
      case 'details': {
        if (reading.kind === 'nothing') return { state: at(stored(c, { method: 'none' }), 'carry-on'), notes: [c.fill(s.contactDeclined)] };
        if (reading.kind !== 'contact') return miss(c.fill(c.t.contactDetailsInvalid));
        const method = step.method ?? 'phone';
        const state = stored(c, { method, detail: reading.detail });
        if (method === 'phone') return { state: at(state, 'when', 'phone') };
        return { state: at(state, 'carry-on'), notes: [fillWhen(c, state.safeguarding!.contact!)] };
      }
      case 'when': {
        const when = reading.kind === 'words' ? reading.text : undefined;
        if (reading.kind !== 'words' && reading.kind !== 'choice') return gently;
        const contact = { ...c.state.safeguarding!.contact!, ...(when ? { when } : {}) };
        const state = stored(c, contact);
        return { state: at(state, 'carry-on'), notes: [fillWhen(c, contact)] };
      }
      case 'carry-on': {
        if (reading.kind !== 'choice') return gently;
        if (reading.choice.id === 'carryOn') return carryOn(c);
        const code = c.state.code ?? c.turn.newCode();
        const kept = carryOn({ ...c, state: { ...c.state, code } }).state;
        return {
          state: kept,
          prompts: [{ card: 'message', body: [...safetyGoodbye(c, kept), c.fill(c.t.stopKept, { code })] }],
          effects: [{ kind: 'pause', code }],
        };
      }
    }
  },
  help: (c) => c.fill(c.script.safety.gentle),
};

/** The safety message: an acknowledgement in words for the kind of risk, what happens next, the fitting contacts. */
export function safetyCard(c: StepContext, state: ConversationState, categories: string[]): Prompt {
  const { setup, t, script } = c;
  const org = setup.organisation;
  const ack = acknowledgement(script, categories);
  const isWatched = watched(c, state);
  const body = org.safeguardingTellPerson
    ? [c.fill(org.safeguardingTellPerson)]
    : isWatched
      ? [c.fill(t.safetyNotWatched)]
      : [c.fill(t.safetyNotWatchedPrivate), c.fill(script.safety.notWatched)];
  return { card: 'safety', title: c.fill(ack), body, contacts: contactsForKinds(c, categories) };
}

function contactsForKinds(c: StepContext, categories: string[]) {
  return contactsFor(categories, c.setup.organisation);
}

/** The line for the most serious kind matched (a life at risk first), else the default. */
function acknowledgement(script: Script, categories: string[]): string {
  const ordered = [...categories].sort((a, b) => Number(LIFE_AT_RISK.includes(b)) - Number(LIFE_AT_RISK.includes(a)));
  const kind = ordered.find((k) => script.safety.acknowledge[k]);
  return script.safety.acknowledge[kind ?? 'default'];
}
