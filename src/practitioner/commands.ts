// What a practitioner asked for, from typed words or a card button. Both end up as one Command.
import { z } from 'zod';
import type { CommandName, PractitionerWording } from './wording.js';

export type Command =
  | { name: 'help' | 'queue' | 'carryOn' | 'cancel' | 'setAside' }
  | { name: 'open' | 'claim' | 'action' | 'close' | 'review' | 'export'; ref?: string }
  | { name: 'note'; ref?: string; text?: string }
  | { name: 'done'; ref?: string; n?: number }
  | { name: 'start'; script?: string }
  | { name: 'view'; ref?: string; ratings?: { outcome: number; rating: number }[] }
  /** The words after the command, read as dates by the desk (none: the last full months). */
  | { name: 'figures'; dates: string[] };

/** Longest words first, so "add action" wins over "action" and "my view" over "view". */
function commandWords(commands: PractitionerWording['commands']): { name: CommandName; word: string }[] {
  return (Object.entries(commands) as [CommandName, string[]][])
    .flatMap(([name, list]) => list.map((word) => ({ name, word: word.trim().toLowerCase().replace(/\s+/g, ' ') })))
    .sort((a, b) => b.word.length - a.word.length);
}

/** Reads a typed command; undefined when the text does not start with a command word. */
export function parseTypedCommand(commands: PractitionerWording['commands'], typed: string): Command | undefined {
  const text = typed.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const found = commandWords(commands).find(({ word }) => lower === word || lower.startsWith(`${word} `));
  if (!found) return undefined;
  const rest = text.slice(found.word.length).trim();
  const [first, ...others] = rest ? rest.split(' ') : [];
  const ref = first || undefined;
  switch (found.name) {
    case 'help':
    case 'queue':
    case 'carryOn':
    case 'cancel':
    case 'setAside':
      return rest ? undefined : { name: found.name };
    case 'open':
    case 'claim':
    case 'action':
    case 'close':
    case 'review':
    case 'export':
      return others.length ? undefined : { name: found.name, ref };
    case 'note':
      return { name: 'note', ref, text: others.join(' ') || undefined };
    case 'done': {
      const n = others.length === 1 && /^\d{1,3}$/.test(others[0]) ? Number(others[0]) : undefined;
      return others.length > 1 || (others.length === 1 && n === undefined) ? undefined : { name: 'done', ref, n };
    }
    case 'start':
      return { name: 'start', script: rest.toLowerCase() || undefined };
    case 'figures':
      return { name: 'figures', dates: rest ? rest.split(' ') : [] };
    case 'view': {
      if (others.length === 0) return { name: 'view', ref };
      if (others.length !== 2 || !others.every((o) => /^\d{1,3}$/.test(o))) return { name: 'view', ref, ratings: [] };
      return { name: 'view', ref, ratings: [{ outcome: Number(others[0]), rating: Number(others[1]) }] };
    }
  }
}

const ref = z.string().trim().min(1).max(40);
const shortText = z.string().max(4000);
const dateText = z.string().trim().max(20);

/**
 * What a practitioner card posts. Each button's data carries `pr` (the command) and what it needs;
 * input values arrive beside it, named by the input's id.
 */
const PractitionerSubmission = z.discriminatedUnion('pr', [
  z.object({ pr: z.literal('help') }),
  z.object({ pr: z.literal('queue') }),
  z.object({ pr: z.literal('carryOn') }),
  z.object({ pr: z.literal('cancel') }),
  z.object({ pr: z.literal('setAside') }),
  z.object({ pr: z.literal('open'), ref }),
  z.object({ pr: z.literal('claim'), ref }),
  z.object({ pr: z.literal('action'), ref }),
  z.object({ pr: z.literal('close'), ref }),
  z.object({ pr: z.literal('review'), ref }),
  z.object({ pr: z.literal('export'), ref }),
  z.object({ pr: z.literal('note'), ref, text: shortText.optional() }),
  z.object({ pr: z.literal('done'), ref, n: z.coerce.number().int().min(1).max(999) }),
  z.object({ pr: z.literal('start'), script: z.string().trim().min(1).max(60) }),
  /** Headline figures; no dates: the last full months. */
  z.object({ pr: z.literal('figures'), from: dateText.optional(), to: dateText.optional() }),
  /** The view card: one choice per outcome, named o1, o2, ...; "same" keeps only the person's rating. */
  z.object({ pr: z.literal('view'), ref }).catchall(z.string().max(10)),
  /** The answer box of a question the bot asked (a note, an action's details). */
  z.object({ pr: z.literal('reply'), text: shortText.optional() }),
]);
type PractitionerSubmission = z.infer<typeof PractitionerSubmission>;

export type ReadSubmission = { kind: 'command'; command: Command } | { kind: 'reply'; text: string } | { kind: 'invalid'; reason: string };

/** True when a card submission is meant for the practitioner layer (rather than the person's conversation). */
export function isPractitionerSubmission(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'pr' in value;
}

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.') || 'the card';
  if (issue.code === 'invalid_union') return 'the card asked for something I do not know';
  if (issue.code === 'too_big') return `${field} is too long`;
  if (issue.code === 'too_small') return `${field} is empty`;
  return `${field} is not valid`;
}

export function readSubmission(value: unknown): ReadSubmission {
  const parsed = PractitionerSubmission.safeParse(value);
  if (!parsed.success) return { kind: 'invalid', reason: describe(parsed.error.issues[0]) };
  const s = parsed.data;
  switch (s.pr) {
    case 'reply':
      return s.text?.trim() ? { kind: 'reply', text: s.text } : { kind: 'invalid', reason: 'the answer box was empty' };
    case 'view': {
      const ratings: { outcome: number; rating: number }[] = [];
      for (const [key, v] of Object.entries(s)) {
        const m = /^o(\d{1,3})$/.exec(key);
        if (!m || typeof v !== 'string' || v === '' || v === 'same') continue;
        if (!/^\d{1,3}$/.test(v)) return { kind: 'invalid', reason: `${key} is not a rating` };
        ratings.push({ outcome: Number(m[1]), rating: Number(v) });
      }
      return { kind: 'command', command: { name: 'view', ref: s.ref, ratings } };
    }
    case 'note':
      return { kind: 'command', command: { name: 'note', ref: s.ref, text: s.text?.trim() || undefined } };
    case 'done':
      return { kind: 'command', command: { name: 'done', ref: s.ref, n: s.n } };
    case 'start':
      return { kind: 'command', command: { name: 'start', script: s.script.toLowerCase() } };
    case 'figures':
      return { kind: 'command', command: { name: 'figures', dates: [s.from, s.to].filter((d): d is string => Boolean(d)) } };
    case 'open':
    case 'claim':
    case 'action':
    case 'close':
    case 'review':
    case 'export':
      return { kind: 'command', command: { name: s.pr, ref: s.ref } };
    default:
      return { kind: 'command', command: { name: s.pr } };
  }
}
