// Invented completed carer records for seeding a store: deterministic from a seed, built by the real
// buildRecord from the real carer script, so they have the size and shape of what the bot stores.
import { createHash } from 'node:crypto';
import { loadScript } from '../src/conversation/script-loader.js';
import type { Script } from '../src/conversation/script.js';
import type { AnswerState, ConversationState } from '../src/conversation/state.js';
import { buildRecord } from '../src/records/build-record.js';
import type { OutcomeRecord } from '../src/records/record.js';

/** mulberry32: a small, fast, seedable PRNG (benchmarks need repeatable data, not secrecy). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WHAT_MATTERS = [
  'Keeping my dad at home and getting some sleep at night.',
  'Having a break on Saturdays and seeing my friends again.',
  'Knowing someone will help if I fall ill, and keeping my job.',
  'That my son is happy at his day centre and I can rest a bit.',
];
const OWN_WORDS = [
  'I get tired in the afternoons and cannot always keep up with everything.',
  'Most days are fine but the nights are hard when she wakes up confused.',
  'We manage, though I have not had a proper day off since the spring.',
  'He enjoys the garden club on Tuesdays and talks about it all week.',
  'I worry about money since I had to cut my hours at work last year.',
  'My sister helps at weekends, which makes a real difference to me.',
];
const WHAT_WOULD_HELP = [
  'A sitter one evening a week so I can go out.',
  'Someone to talk to about benefits and what we are entitled to.',
  'A short break for both of us, even a couple of nights.',
  'Help with the forms for the council.',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function uuid(rand: () => number): string {
  const h = hex(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface GenerateOptions {
  count: number;
  seed?: number;
  script?: Script;
}

/** Yields `count` valid records; the same seed gives the same records. */
export function* generateRecords({ count, seed = 1, script = loadScript('dialogs', 'carer') }: GenerateOptions): Generator<OutcomeRecord> {
  const rand = prng(seed);
  const start = Date.parse('2023-01-01T00:00:00.000Z');
  const span = 3 * 365 * 24 * 3600 * 1000;
  for (let i = 0; i < count; i++) {
    // About one person in four comes back for a later conversation.
    const person = rand() < 0.25 && i > 0 ? Math.floor(rand() * i) : i;
    const subjectRef = createHash('sha256').update(`bench-subject:${seed}:${person}`).digest('hex');
    const id = `${createHash('sha256').update(subjectRef).digest('hex').slice(0, 2)}-${uuid(rand)}`;
    const started = start + Math.floor(rand() * span);
    const answers: Record<string, AnswerState> = {};
    for (const outcome of script.outcomes) {
      const r = rand();
      if (r < 0.08) answers[outcome.id] = { status: 'skipped' };
      else if (r < 0.12) answers[outcome.id] = { status: 'declined' };
      else {
        const value = 1 + Math.floor(rand() * 5);
        answers[outcome.id] = {
          status: 'answered',
          value,
          ownWords: rand() < 0.8 ? pick(rand, OWN_WORDS) : undefined,
          whatWouldHelp: value <= script.helpThreshold ? pick(rand, WHAT_WOULD_HELP) : undefined,
        };
      }
    }
    const answered = script.outcomes.filter((o) => answers[o.id].status === 'answered');
    const shared = rand() < 0.6;
    const state: ConversationState = {
      v: 1,
      scriptId: script.id,
      step: { kind: 'done' },
      history: [],
      returnToSummary: false,
      consent: { at: new Date(started).toISOString(), noticeVersion: '2026-11' },
      whatMatters: pick(rand, WHAT_MATTERS),
      answers,
      priorities: answered.slice(0, 2).map((o) => o.id),
      sharing: shared ? 'shared' : 'private',
      contact: shared && rand() < 0.5 ? { method: 'email', detail: `person${person}@example.invalid` } : { method: 'none' },
      mode: 'self',
      channel: 'webchat',
      startedAt: new Date(started).toISOString(),
    };
    yield buildRecord(script, state, { id, subjectRef, now: new Date(started + 12 * 60 * 1000).toISOString() });
  }
}
