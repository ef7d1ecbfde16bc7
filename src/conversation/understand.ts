// Reads what a person typed: commands, choices, ratings and lists of numbers. Case, spacing and punctuation are ignored.
import type { CommandWords, RatingScale } from './script.js';
import type { Choice } from './prompt.js';

export type Command = keyof CommandWords;

export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/[^a-z0-9/]+/g, ' ')
    .trim();
}

export function matchCommand(text: string, words: CommandWords): Command | undefined {
  const said = normalise(text);
  for (const command of Object.keys(words) as Command[]) {
    if (words[command].some((w) => normalise(w) === said)) return command;
  }
  return undefined;
}

/**
 * Finds the choice a person meant: its exact words, the start of its words ("yes" for "Yes, let's start") when
 * only one choice starts that way, its words with more after them, or its number in the list.
 */
export function matchChoice(text: string, choices: Choice[]): Choice | undefined {
  const said = normalise(text);
  if (!said) return undefined;
  const exact = choices.find((c) => normalise(c.label) === said || normalise(c.value) === said);
  if (exact) return exact;
  const starts = choices.filter((c) => normalise(c.label).startsWith(`${said} `));
  if (starts.length === 1) return starts[0];
  const longer = choices.filter((c) => said.startsWith(`${normalise(c.label)} `));
  if (longer.length === 1) return longer[0];
  if (/^\d+$/.test(said)) {
    const n = Number(said);
    if (n >= 1 && n <= choices.length) return choices[n - 1];
  }
  return undefined;
}

export type RatingAnswer = { status: 'answered'; value: number } | { status: 'declined' } | { status: 'not-applicable' };

export function parseRating(text: string, scale: RatingScale): RatingAnswer | undefined {
  const said = normalise(text);
  if (!said) return undefined;
  const number = /^(\d+)\b/.exec(said);
  if (number) {
    const option = scale.options.find((o) => o.value === Number(number[1]));
    return option ? { status: 'answered', value: option.value } : undefined;
  }
  const matches = (label: string, aliases: string[]) => [label, ...aliases].some((w) => normalise(w) === said);
  const option = scale.options.find((o) => matches(o.label, o.aliases));
  if (option) return { status: 'answered', value: option.value };
  if (matches(scale.ratherNotSay.label, scale.ratherNotSay.aliases)) return { status: 'declined' };
  if (matches(scale.notApplicable.label, scale.notApplicable.aliases)) return { status: 'not-applicable' };
  return undefined;
}

/** "2 and 5", "2, 5", "2 5" -> [2, 5]. Undefined when there is no number at all. */
export function parseNumbers(text: string): number[] | undefined {
  const found = normalise(text).match(/\d+/g);
  if (!found) return undefined;
  return [...new Set(found.map(Number))];
}

const PHONE = /^\+?[\d\s()-]{7,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeContact(method: 'phone' | 'email', text: string): boolean {
  const t = text.trim();
  if (method === 'email') return EMAIL.test(t) && t.length <= 254;
  const digits = t.replace(/\D/g, '');
  return PHONE.test(t) && digits.length >= 7 && digits.length <= 15;
}
