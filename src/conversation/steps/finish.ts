// The end of the conversation: priorities, the summary and changes to it, sharing and contact, and the
// answer to "stop" (keep it for later, delete it, or carry on).
import { areasOf } from '../flow.js';
import type { Choice, Prompt } from '../prompt.js';
import type { AnswerReading } from '../understanding/reading.js';
import { MAX_PRIORITIES, commands, textChoice } from '../prompts.js';
import type { ConversationState } from '../state.js';
import { priorityCandidates, summaryEntries } from '../summary.js';
import { hasNothingToAdd, isUnsure } from '../understanding/read-intent.js';
import { readAreas, type Area } from '../understanding/read-outcomes.js';
import { readChoice } from '../understanding/read-choice.js';
import { readYesNo } from '../understanding/read-yes-no.js';
import { tokens } from '../understanding/words.js';
import { looksLikeContact } from '../understanding/read-contact.js';
import { miss, type Move, type Miss, type StepContext, type StepHandler } from './kit.js';
import { finish, moveOn } from './moves.js';
import { safetyGoodbye } from './safety.js';
import { go } from '../flow.js';

function priorityAreas(c: StepContext): Area[] {
  return priorityCandidates(c.script, c.state).map((i, n) => ({ ...areasOf(c.script)[i], number: n + 1 }));
}

function setPriorities(c: StepContext, ids: string[]): Move | Miss {
  if (ids.length > MAX_PRIORITIES) return miss(c.fill(c.t.prioritiesTooMany, { max: MAX_PRIORITIES }));
  const titles = ids.map((id) => c.script.outcomes.find((o) => o.id === id)!.title);
  return moveOn(c, { ...c.state, priorities: ids }, { notes: [c.fill(c.t.prioritiesNoted, { titles: titles.map((t) => `'${t}'`).join(' and ') })] });
}

export const priorities: StepHandler<'priorities'> = {
  ask: 'priorities',
  prompts: (c) => {
    const areas = priorityAreas(c);
    return [
      {
        card: 'multi-choice',
        ask: 'priorities',
        outcomes: areas.map((a) => a.id),
        body: [c.fill(c.t.prioritiesQuestion)],
        choices: areas.map((a) => ({ label: a.title, value: String(a.number) })),
        maxChoices: MAX_PRIORITIES,
        commands: commands(c.script),
      },
    ];
  },
  read(c, _step, text) {
    if (isUnsure(text, c.lex)) return { kind: 'unsure' };
    if (hasNothingToAdd(text, c.lex)) return { kind: 'nothing' };
    const reading = readAreas(text, priorityAreas(c), c.lex);
    return reading.kind !== 'none' ? reading : { kind: 'none' };
  },
  apply(c, _step, reading) {
    if (reading.kind === 'areas') return setPriorities(c, reading.ids);
    if (reading.kind === 'ambiguous') return { state: go(c.state, { kind: 'which-area', purpose: 'priorities', ids: reading.ids }) };
    if (reading.kind === 'unsure' || reading.kind === 'nothing') return moveOn(c, { ...c.state, priorities: [] }, { notes: [c.fill(c.t.prioritiesNone)] });
    return miss();
  },
  skip: (c) => moveOn(c, { ...c.state, priorities: [] }, { notes: [c.fill(c.t.prioritiesNone)] }),
  help: (c) => c.script.help.priorities,
};

/** Summary entries as areas, so "the money one" or "3" finds the entry to change. */
function entryAreas(c: StepContext): Area[] {
  const byId = new Map(areasOf(c.script).map((a) => [a.title, a]));
  return summaryEntries(c.script, c.state).map((e) => {
    const area = byId.get(e.item.title);
    // "What matters" and the priorities are named by their own words ("change what matters").
    const own =
      e.target.kind === 'what-matters'
        ? ['what matters', 'what matters to me', 'what matters to you']
        : e.target.kind === 'priorities'
          ? ['priorities', 'most important', 'matter most']
          : [];
    return {
      id: String(e.item.number),
      number: e.item.number,
      title: e.item.title,
      keywords: [...(area?.keywords ?? []), ...own],
      groupWords: area?.groupWords,
    };
  });
}

function changeEntry(c: StepContext, state: ConversationState, number: number): Move | Miss {
  const entry = summaryEntries(c.script, state).find((e) => e.item.number === number);
  if (!entry) return miss();
  return { state: go({ ...state, returnToSummary: true }, entry.target), notes: [c.fill(c.t.changing, { title: entry.item.title })] };
}

/** Summary entries named by number or description, as outcome ids where an entry is an area (else "entry:N"). */
function entriesNamed(c: StepContext, text: string): AnswerReading {
  const reading = readAreas(text, entryAreas(c), c.lex);
  if (reading.kind === 'none') return reading;
  const ids = reading.ids.map((n) => entryId(c, Number(n)));
  return reading.kind === 'areas' && ids.length === 1 ? { kind: 'areas', ids } : { kind: 'ambiguous', ids };
}

function entryId(c: StepContext, number: number): string {
  const entry = summaryEntries(c.script, c.state).find((e) => e.item.number === number);
  return entry && 'outcome' in entry.target ? c.script.outcomes[entry.target.outcome].id : `entry:${number}`;
}

function entryNumber(c: StepContext, state: ConversationState, id: string): number {
  if (id.startsWith('entry:')) return Number(id.slice(6));
  const index = c.script.outcomes.findIndex((o) => o.id === id);
  return summaryEntries(c.script, state).find((e) => 'outcome' in e.target && e.target.outcome === index)?.item.number ?? -1;
}

function changeNamed(c: StepContext, reading: AnswerReading): Move | Miss | undefined {
  if (reading.kind === 'areas') return changeEntry(c, c.state, entryNumber(c, c.state, reading.ids[0]));
  if (reading.kind === 'ambiguous')
    return { state: go(c.state, { kind: 'which-area', purpose: 'change', ids: reading.ids.map((id) => String(entryNumber(c, c.state, id))) }) };
  return undefined;
}

export const summary: StepHandler<'summary'> = {
  ask: 'summary',
  prompts: (c) => [
    {
      card: 'summary',
      ask: 'summary',
      title: c.script.title,
      body: [c.fill(c.t.summaryIntro)],
      summary: summaryEntries(c.script, c.state).map((e) => e.item),
      choices: [textChoice(c.script, 'confirm', 'yes'), textChoice(c.script, 'changeAnswer', 'no')],
      commands: commands(c.script, { skip: false }),
    },
  ],
  read(c, _step, text) {
    const words = tokens(text);
    const toChange = c.script.replies.choiceWords.changeAnswer ?? [];
    // "change the money one", "the second one is wrong": an answer named with a word for changing it, or a number.
    if (words.some((w) => toChange.includes(w) || w === 'change') || /\d/.test(text)) {
      const named = entriesNamed(c, text);
      if (named.kind !== 'none') return named;
    }
    const choice = readChoice(text, [textChoice(c.script, 'confirm', 'yes'), textChoice(c.script, 'changeAnswer', 'no')], c.lex);
    if (choice) return { kind: 'choice', choice };
    if (isUnsure(text, c.lex)) return { kind: 'unsure' };
    const named = entriesNamed(c, text);
    return named.kind !== 'none' ? named : { kind: 'none' };
  },
  apply(c, _step, reading) {
    const named = changeNamed(c, reading);
    if (named) return named;
    if (reading.kind === 'unsure') return { state: c.state, notes: [c.script.help.summary] };
    if (reading.kind !== 'choice') return miss();
    if (reading.choice.id === 'changeAnswer') return { state: go(c.state, { kind: 'change' }) };
    return { state: go(c.state, { kind: 'sharing' }) };
  },
  help: (c) => c.script.help.summary,
};

export const change: StepHandler<'change'> = {
  ask: 'change',
  prompts: (c) => [
    {
      card: 'question',
      ask: 'change',
      body: [c.fill(c.t.changeWhich)],
      choices: summaryEntries(c.script, c.state).map((e) => ({ label: e.item.title, value: String(e.item.number) })),
      commands: commands(c.script, { skip: false }),
    },
  ],
  read(c, _step, text) {
    const named = entriesNamed(c, text);
    if (named.kind !== 'none') return named;
    return readYesNo(text, c.lex) === 'no' || hasNothingToAdd(text, c.lex) ? { kind: 'nothing' } : { kind: 'none' };
  },
  apply(c, _step, reading) {
    const named = changeNamed(c, reading);
    if (named) return named;
    if (reading.kind === 'nothing') return { state: go(c.state, { kind: 'summary' }) };
    return miss();
  },
  help: (c) => c.script.help.change,
};

export const whichArea: StepHandler<'which-area'> = {
  ask: 'which-area',
  prompts(c, step) {
    const choices = whichChoices(c, step.ids, step.purpose);
    return [{ card: 'question', ask: 'which-area', body: [c.fill(c.t.areasWhich)], choices, commands: commands(c.script, { skip: false }) }];
  },
  read(c, step, text) {
    const choices = whichChoices(c, step.ids, step.purpose);
    const areas: Area[] = choices.map((ch, i) => ({
      id: ch.value,
      number: i + 1,
      title: ch.label,
      keywords: areasOf(c.script).find((a) => a.title === ch.label)?.keywords ?? [],
    }));
    const reading = readAreas(text, areas, c.lex);
    return reading.kind === 'areas' ? reading : { kind: 'none' };
  },
  apply(c, step, reading) {
    if (reading.kind !== 'areas') return miss();
    // Back to where the question came from, then on as if the person had named it there.
    const from: ConversationState = {
      ...c.state,
      step: c.state.history[c.state.history.length - 1] ?? { kind: 'summary' },
      history: c.state.history.slice(0, -1),
    };
    if (step.purpose === 'priorities') return setPriorities({ ...c, state: from }, reading.ids);
    return changeEntry(c, from, Number(reading.ids[0]));
  },
  help: (c) => c.script.help.change,
};

function whichChoices(c: StepContext, ids: string[], purpose: 'change' | 'priorities') {
  if (purpose === 'change') {
    return summaryEntries(c.script, c.state)
      .filter((e) => ids.includes(String(e.item.number)))
      .map((e) => ({ label: e.item.title, value: String(e.item.number) }));
  }
  return c.script.outcomes.filter((o) => ids.includes(o.id)).map((o) => ({ label: o.title, value: o.id }));
}

function choiceOrUnsure(c: StepContext, text: string, choices: Choice[]): AnswerReading {
  const choice = readChoice(text, choices, c.lex);
  if (choice) return { kind: 'choice', choice };
  return isUnsure(text, c.lex) ? { kind: 'unsure' } : { kind: 'none' };
}

function sharingChoices(c: StepContext) {
  return [textChoice(c.script, 'keepPrivate'), textChoice(c.script, 'share')];
}

export const sharing: StepHandler<'sharing'> = {
  ask: 'sharing',
  prompts: (c) => [
    { card: 'question', ask: 'sharing', body: [c.fill(c.t.sharingQuestion)], choices: sharingChoices(c), commands: commands(c.script, { skip: false }) },
  ],
  read: (c, _step, text) => choiceOrUnsure(c, text, sharingChoices(c)),
  apply(c, _step, reading) {
    if (reading.kind === 'unsure') return { state: c.state, notes: [c.script.help.sharing] };
    if (reading.kind !== 'choice') return miss();
    if (reading.choice.id === 'keepPrivate') return finish(c, { ...c.state, sharing: 'private', contact: { method: 'none' } });
    return { state: go({ ...c.state, sharing: 'shared' }, { kind: 'contact' }) };
  },
  help: (c) => c.script.help.sharing,
};

function contactChoices(c: StepContext) {
  return [textChoice(c.script, 'noContact', 'no'), textChoice(c.script, 'contactPhone'), textChoice(c.script, 'contactEmail')];
}

export const contact: StepHandler<'contact'> = {
  ask: 'contact',
  prompts: (c) => [{ card: 'question', ask: 'contact', body: [c.fill(c.t.contactQuestion)], choices: contactChoices(c), commands: commands(c.script) }],
  read: (c, _step, text) => choiceOrUnsure(c, text, contactChoices(c)),
  apply(c, _step, reading) {
    if (reading.kind === 'unsure') return { state: c.state, notes: [c.script.help.contact] };
    if (reading.kind !== 'choice') return miss();
    if (reading.choice.id === 'noContact') return finish(c, { ...c.state, contact: { method: 'none' } });
    return { state: go(c.state, { kind: 'contact-details', method: reading.choice.id === 'contactPhone' ? 'phone' : 'email' }) };
  },
  skip: (c) => finish(c, { ...c.state, contact: { method: 'none' } }),
  help: (c) => c.script.help.contact,
};

export const contactDetails: StepHandler<'contact-details'> = {
  ask: 'contact-details',
  prompts: (c, step) => [
    {
      card: 'question',
      ask: 'contact-details',
      body: [c.fill(step.method === 'phone' ? c.t.contactDetailsPhone : c.t.contactDetailsEmail)],
      freeText: true,
      commands: commands(c.script),
    },
  ],
  read(c, step, text) {
    const detail = contactIn(step.method, text);
    if (detail) return { kind: 'contact', detail };
    if (readYesNo(text, c.lex) === 'no' || hasNothingToAdd(text, c.lex)) return { kind: 'nothing' };
    return { kind: 'none', note: c.fill(c.t.contactDetailsInvalid) };
  },
  apply(c, step, reading) {
    if (reading.kind === 'nothing') return finish(c, { ...c.state, contact: { method: 'none' } });
    if (reading.kind !== 'contact') return miss(reading.kind === 'none' ? reading.note : undefined);
    return finish(c, { ...c.state, contact: { method: step.method, detail: reading.detail } });
  },
  skip: (c) => finish(c, { ...c.state, contact: { method: 'none' } }),
  help: (c) => c.script.help.contactDetails,
};

/** The number or address inside "my number is 07700 900123 after 6 is best": only the detail is kept. */
export function contactIn(method: 'phone' | 'email', text: string): string | undefined {
  if (looksLikeContact(method, text)) return text.trim();
  const found = method === 'email' ? /[^\s@,;:<>()]+@[^\s@,;:<>()]+\.[^\s@,;:<>().]+/.exec(text) : /\+?\d[\d\s().-]{5,20}\d/.exec(text);
  return found && looksLikeContact(method, found[0].replace(/[.]/g, ' ').replace(/\s+/g, ' ')) ? found[0].trim() : undefined;
}

function stopChoices(c: StepContext) {
  return [textChoice(c.script, 'stopKeep'), textChoice(c.script, 'stopDelete'), textChoice(c.script, 'stopCarryOn')];
}

export const stopChoice: StepHandler<'stop-choice'> = {
  ask: 'stop-choice',
  prompts: (c) => [{ card: 'question', ask: 'stop-choice', body: [c.fill(c.t.stopQuestion)], choices: stopChoices(c) }],
  read: (c, _step, text) => {
    const choice = readChoice(text, stopChoices(c), c.lex);
    return choice ? { kind: 'choice', choice } : { kind: 'none' };
  },
  apply(c, _step, reading) {
    const back: ConversationState = {
      ...c.state,
      step: c.state.history[c.state.history.length - 1] ?? { kind: 'what-matters' },
      history: c.state.history.slice(0, -1),
      misses: 0,
    };
    if (reading.kind !== 'choice') return miss();
    const choice = reading.choice;
    if (choice.id === 'stopDelete') {
      return {
        state: { ...c.state, step: { kind: 'ended' } },
        prompts: [{ card: 'message', body: [...safetyGoodbye(c, c.state, { deleting: true }), c.fill(c.t.stopped)] }],
        effects: [{ kind: 'discard' }],
      };
    }
    if (choice.id === 'stopKeep') {
      const code = c.state.code ?? c.turn.newCode();
      const kept = { ...back, code };
      return { state: kept, prompts: [{ card: 'message', body: [...safetyGoodbye(c), c.fill(c.t.stopKept, { code })] }], effects: [{ kind: 'pause', code }] };
    }
    return { state: back };
  },
  help: (c) => c.script.help.stopChoice,
};

const endedPrompts = (c: StepContext): Prompt[] => [{ card: 'message', body: [c.fill(c.t.stopped)] }];

export const done: StepHandler<'done'> = {
  ask: 'done',
  prompts: (c) => [{ card: 'message', body: [c.fill(c.t.finishedAlready)] }],
  read: () => ({ kind: 'none' }),
  apply: (c) => ({ state: c.state, prompts: [{ card: 'message', body: [c.fill(c.t.finishedAlready)] }] }),
  help: (c) => c.script.help.done,
};

export const ended: StepHandler<'ended'> = {
  ask: 'ended',
  prompts: endedPrompts,
  read: () => ({ kind: 'none' }),
  apply: (c) => ({ state: c.state, prompts: endedPrompts(c) }),
  help: (c) => c.script.help.done,
};
