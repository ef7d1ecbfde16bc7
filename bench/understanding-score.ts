// Scores the bot's understanding on the everyday-replies corpus: each reply is put to the real kernel at the
// step it was typed at, and what the kernel made of it is compared with the meaning it should get.
//   understood: the same meaning (and the words kept exactly when they should be, never when they should not)
//   clarified:  the bot asks (not understood, which is closest, which one) instead of guessing
//   misread:    a different meaning, words dropped, or junk kept as words
import { interpret } from '../src/conversation/engine.js';
import { areasOf, groupsInUse } from '../src/conversation/flow.js';
import type { EngineSetup } from '../src/conversation/setup.js';
import type { ConversationState, Step } from '../src/conversation/state.js';
import { stepContext } from '../src/conversation/steps/kit.js';
import type { Reading } from '../src/conversation/understanding/reading.js';
import type { CorpusEntry, Meaning } from './understanding-corpus.js';

export type Verdict = 'understood' | 'clarified' | 'misread';

export interface Scored {
  entry: CorpusEntry;
  verdict: Verdict;
  got: string;
}

const CHOICE_IDS: Record<string, string> = {
  keepPrivate: 'private',
  share: 'shared',
  noContact: 'none',
  contactPhone: 'phone',
  contactEmail: 'email',
  stopKeep: 'keep',
  stopDelete: 'delete',
  stopCarryOn: 'carry-on',
  confirm: 'confirm',
  changeAnswer: 'change',
  forSomeoneLabel: 'for-someone',
};

/** A conversation waiting at the step the reply was typed at: every area rated Okay, so the summary and priorities are full. */
function stateAt(setup: EngineSetup, entry: CorpusEntry): ConversationState {
  const script = setup.scripts.find((s) => s.id === entry.script)!;
  const index = Math.max(
    0,
    script.outcomes.findIndex((o) => o.id === entry.outcome),
  );
  const group = Math.max(
    0,
    groupsInUse(script).findIndex((g) => g.id === entry.group),
  );
  const steps: Record<CorpusEntry['at'], Step> = {
    chooser: { kind: 'choose-script' },
    consent: { kind: 'consent' },
    'what-matters': { kind: 'what-matters' },
    'quick-pass': { kind: 'quick-pass', group },
    rating: { kind: 'rating', outcome: index },
    'say-more': { kind: 'own-words', outcome: index },
    'what-would-help': { kind: 'what-would-help', outcome: index },
    priorities: { kind: 'priorities' },
    summary: { kind: 'summary' },
    change: { kind: 'change' },
    sharing: { kind: 'sharing' },
    contact: { kind: 'contact' },
    'stop-choice': { kind: 'stop-choice' },
  };
  const answers = Object.fromEntries(script.outcomes.map((o) => [o.id, { status: 'answered' as const, value: entry.at === 'what-would-help' ? 2 : 3 }]));
  return {
    v: 1,
    scriptId: entry.at === 'chooser' ? undefined : script.id,
    step: steps[entry.at],
    history: [{ kind: 'what-matters' }],
    returnToSummary: false,
    consent: entry.at === 'consent' || entry.at === 'chooser' ? undefined : { at: '2026-12-01T10:00:00.000Z', noticeVersion: '1' },
    whatMatters: 'Getting some sleep',
    answers: entry.at === 'quick-pass' || entry.at === 'rating' ? {} : answers,
    priorities: [],
    focus: entry.at === 'priorities' ? script.outcomes.map((o) => o.id) : undefined,
    mode: 'self',
    channel: 'test',
    startedAt: '2026-12-01T10:00:00.000Z',
  };
}

/** The kernel's reading, in the corpus's own words ("rating 3 +words", "choice phone"). */
function describe(reading: Reading): { meaning: Meaning | { kind: 'clarify'; what: string }; text: string } {
  if (reading.kind === 'command') {
    const command = reading.command === 'startAgain' ? 'start-again' : reading.command;
    return { meaning: { kind: 'command', command }, text: command };
  }
  if (reading.kind === 'leaving' || reading.kind === 'explain') return { meaning: { kind: 'command', command: reading.kind }, text: reading.kind };
  const a = reading.answer;
  switch (a.kind) {
    case 'yes':
    case 'no':
    case 'unsure':
    case 'nothing':
      return { meaning: { kind: a.kind }, text: a.kind };
    case 'rating':
      return { meaning: { kind: 'rating', value: a.value, words: Boolean(a.words) }, text: `rating ${a.value}${a.words ? ' +words' : ''}` };
    case 'between':
      return {
        meaning: { kind: 'between', low: a.values[0], high: a.values[1], words: Boolean(a.words) },
        text: `between ${a.values.join(' ')}${a.words ? ' +words' : ''}`,
      };
    case 'unclear':
      return { meaning: { kind: 'unclear', words: true }, text: 'unclear +words' };
    case 'declined':
    case 'not-applicable':
      return { meaning: { kind: a.kind, words: Boolean(a.words) }, text: `${a.kind}${a.words ? ' +words' : ''}` };
    case 'words':
      return { meaning: { kind: 'words' }, text: 'words' };
    case 'choice': {
      const id = CHOICE_IDS[a.choice.id ?? ''] ?? a.choice.id ?? a.choice.value;
      return { meaning: { kind: 'choice', choice: id as never }, text: `choice ${id}` };
    }
    case 'areas':
      return { meaning: { kind: 'outcomes', ids: a.ids }, text: `outcomes ${a.ids.join(' ')}` };
    case 'ambiguous':
      return { meaning: { kind: 'ambiguous' }, text: `ambiguous ${a.ids.join(' ')}` };
    case 'quick':
      return {
        meaning: { kind: 'quick', ratings: a.values as Record<string, number | 'low'> },
        text: `quick ${Object.entries(a.values)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      };
    case 'contact':
      return { meaning: { kind: 'words' }, text: 'contact' };
    case 'none':
      return { meaning: { kind: 'not-understood' }, text: 'not-understood' };
  }
}

const ASKING = new Set(['not-understood', 'between', 'unclear', 'ambiguous']);

export function scoreEntry(setup: EngineSetup, entry: CorpusEntry): Scored {
  const state = stateAt(setup, entry);
  const reading = interpret(stepContext(setup, state, { now: '2026-12-01T10:00:00.000Z', newCode: () => 'TEST-CODE' }), entry.text);
  const described = describe(reading);
  const { text } = described;
  // A group of one area is asked as a rating question (steps/areas.ts): its rating is that area's quick rating.
  const got = oneAreaQuick(setup, entry, described.meaning);
  const want = normalised(setup, entry);
  if (same(want, got as Meaning)) return { entry, verdict: 'understood', got: text };
  // Asking is fair unless the words that must be kept were dropped on the way.
  const keptWords = !('words' in want && want.words) || ('words' in got && (got as { words?: boolean }).words) || got.kind === 'unclear';
  if (ASKING.has(got.kind) && (keptWords || got.kind === 'not-understood')) return { entry, verdict: 'clarified', got: text };
  return { entry, verdict: 'misread', got: text };
}

function oneAreaQuick(setup: EngineSetup, entry: CorpusEntry, got: ReturnType<typeof describe>['meaning']): ReturnType<typeof describe>['meaning'] {
  if (entry.at !== 'quick-pass' || got.kind !== 'rating' || got.words) return got;
  const script = setup.scripts.find((s) => s.id === entry.script)!;
  const group = groupsInUse(script).find((g) => g.id === entry.group);
  const areas = script.outcomes.filter((o) => o.group === group?.id);
  return areas.length === 1 ? { kind: 'quick', ratings: { [areas[0].id]: got.value } } : got;
}

/** The expected meaning with "rest=N" spread over the group's other areas. */
function normalised(setup: EngineSetup, entry: CorpusEntry): Meaning {
  const m = entry.meaning;
  if (m.kind !== 'quick') return m;
  const script = setup.scripts.find((s) => s.id === entry.script)!;
  const group = groupsInUse(script).find((g) => g.id === entry.group);
  const ratings: Record<string, number | 'low'> = { ...m.ratings };
  if (m.rest !== undefined)
    for (const a of areasOf(
      script,
      script.outcomes.filter((o) => o.group === group?.id),
    ))
      ratings[a.id] ??= m.rest;
  return { kind: 'quick', ratings };
}

function same(want: Meaning, got: Meaning): boolean {
  if (want.kind !== got.kind) return false;
  switch (want.kind) {
    case 'rating':
      return got.kind === 'rating' && got.value === want.value && got.words === want.words;
    case 'between':
      return got.kind === 'between' && got.low === want.low && got.high === want.high && got.words === want.words;
    case 'declined':
    case 'not-applicable':
      return 'words' in got && got.words === want.words;
    case 'choice':
      return got.kind === 'choice' && got.choice === want.choice;
    case 'outcomes':
      return got.kind === 'outcomes' && [...got.ids].sort().join() === [...want.ids].sort().join();
    case 'quick': {
      if (got.kind !== 'quick') return false;
      const keys = new Set([...Object.keys(want.ratings), ...Object.keys(got.ratings)]);
      return [...keys].every((k) => want.ratings[k] === got.ratings[k]);
    }
    case 'command':
      return got.kind === 'command' && got.command === want.command;
    default:
      return true;
  }
}

export interface Rates {
  total: number;
  understood: number;
  clarified: number;
  misread: number;
}

export function rates(scored: Scored[]): Rates {
  const count = (v: Verdict) => scored.filter((s) => s.verdict === v).length;
  return { total: scored.length, understood: count('understood'), clarified: count('clarified'), misread: count('misread') };
}

export function percent(n: number, of: number): string {
  return of ? `${Math.round((100 * n) / of)}%` : '-';
}
