// A quick rating of several areas at once: "all fine", "all good except money and sleep",
// "money bad, sleep rubbish", "3 4 2 5" (in the order shown), "1: 3; 2: 4" (what the card sends).
import type { Lexicon, ScaleLexicon } from './lexicon.js';
import { areasNamed, type Area } from './read-outcomes.js';
import { readRating } from './read-rating.js';
import { PLAIN_WORDS, emojiIn, findPhrase, phraseKey, tokens } from './words.js';

/** A value on the scale, 'low' (not fine, no number given: asked about next), or declined / not applicable. */
export type QuickValue = number | 'low' | 'declined' | 'not-applicable';

export type QuickReading = { kind: 'ratings'; values: Record<string, QuickValue> } | { kind: 'unsure' } | { kind: 'none' };

export function readQuickPass(text: string, areas: Area[], lex: Lexicon, scale: ScaleLexicon): QuickReading {
  const words = tokens(text);
  if (words.length > MAX_WORDS) return { kind: 'none' };

  const pairs = [...text.matchAll(/(\d+)\s*[:=]\s*(\d+|declined|na)/g)];
  if (pairs.length) {
    const values: Record<string, QuickValue> = {};
    for (const [, n, v] of pairs) {
      const area = areas.find((a) => a.number === Number(n));
      if (!area) return { kind: 'none' };
      values[area.id] = v === 'declined' ? 'declined' : v === 'na' ? 'not-applicable' : Number(v);
    }
    return { kind: 'ratings', values };
  }

  const emoji = emojiIn(text);
  if (emoji.length === areas.length && areas.length > 1 && words.length === 0) {
    const values = emoji.map((e) => scale.values.get(phraseKey(e)));
    if (values.every((v) => v !== undefined)) return { kind: 'ratings', values: Object.fromEntries(areas.map((a, i) => [a.id, values[i]])) };
  }

  if (!words.length) return { kind: 'none' };
  if (words.every((w) => /^\d$/.test(w)) && words.length > 1) {
    if (words.length !== areas.length) return { kind: 'none' };
    const values = words.map(Number);
    if (values.some((v) => v < scale.min || v > scale.max)) return { kind: 'none' };
    return { kind: 'ratings', values: Object.fromEntries(areas.map((a, i) => [a.id, values[i]])) };
  }

  // "the sleep is terrible but the rest is no bad": the areas named first, then everything else.
  const butAt = words.indexOf('but');
  const clause = /^([^,;]+)[,;]\s*(?:but\s+)?([^,;]+)$/.exec(text.trim());
  const restAfter =
    butAt > 0
      ? restAfterBut(words.slice(0, butAt), words.slice(butAt + 1), areas, lex, scale)
      : clause
        ? restAfterBut(tokens(clause[1]), tokens(clause[2]), areas, lex, scale)
        : undefined;
  if (restAfter) return { kind: 'ratings', values: restAfter };

  // "she's fine mostly, just bored": all the same, then after a comma the one area that is not.
  const aside = /^([^,;]+)[,;]\s*(?:just|only|except|apart from)\s+([^,;]+)$/i.exec(text.trim());
  if (aside) {
    const rest = general(tokens(aside[1]), lex, scale, areas);
    const named = namedWithValues(tokens(aside[2]), areas, lex, scale, 'low', true);
    delete named[REST];
    if (rest !== undefined && rest !== 'unsure' && Object.keys(named).length) {
      const values: Record<string, QuickValue> = {};
      for (const a of areas) values[a.id] = named[a.id] ?? rest;
      return { kind: 'ratings', values };
    }
  }

  const exceptAt = firstPhrase(words, lex.except);
  if (exceptAt) {
    const rest = general(words.slice(0, exceptAt.at), lex, scale, areas);
    const named = namedWithValues(words.slice(exceptAt.at + exceptAt.length), areas, lex, scale, 'low', true);
    if (rest !== undefined && Object.keys(named).length) {
      const values: Record<string, QuickValue> = {};
      for (const a of areas) values[a.id] = named[a.id] ?? rest;
      return { kind: 'ratings', values };
    }
  }

  const all = general(words, lex, scale, areas);
  if (all !== undefined) return all === 'unsure' ? { kind: 'unsure' } : { kind: 'ratings', values: Object.fromEntries(areas.map((a) => [a.id, all])) };

  // "the workers are good but when anything changes it takes weeks": an area named after a "but" with no
  // rating of its own is not fine.
  const named =
    butAt > 0
      ? {
          ...namedWithValues(words.slice(0, butAt), areas, lex, scale, undefined),
          ...withoutRest(namedWithValues(words.slice(butAt + 1), areas, lex, scale, 'low')),
        }
      : namedWithValues(words, areas, lex, scale, undefined);
  const rest = named[REST];
  delete named[REST];
  if (rest !== undefined) for (const a of areas) named[a.id] ??= rest;
  if (Object.keys(named).length) return { kind: 'ratings', values: named };
  return { kind: 'none' };
}

/** A quick pass that also says something about areas asked later: `later` holds them, `words` the reply kept for one. */
export interface LaterReading {
  values: Record<string, QuickValue>;
  /** The reply as typed, kept as the person's words for the one later area it says more about. */
  words?: { id: string; text: string };
}

/**
 * "all ok except money and sleep", "shes fine apart from money", "fine but money is a worry", typed at a part of
 * the quick pass whose own areas are not the ones named after the "except": this part's areas all take the rating
 * said for everything, and the areas named from later parts (`later`) are not fine, or take a rating said beside
 * them. Undefined (read as usual) when no later area is named there, when an area of this part is, or when the
 * words after the "except" are about someone ("but he doesnt sleep" is about the person looked after).
 */
export function readLaterAreas(text: string, areas: Area[], later: Area[], lex: Lexicon, scale: ScaleLexicon): LaterReading | undefined {
  if (!later.length) return undefined;
  const clauses = text
    .split(/[,;.!?]+|\s[-\u2013]\s/)
    .map((c) => tokens(c))
    .filter((c) => c.length);
  const words = clauses.flat();
  if (!words.length || words.length > MAX_WORDS) return undefined;
  const split = exceptSplit(clauses, lex);
  if (!split) return undefined;
  // The areas are named straight after the "except", and in any clauses after it that only add names ("money, sleep");
  // a clause that says more ("the bills keep going up") ends the names.
  const after = [...split.after];
  let next = split.clause + 1;
  while (next < clauses.length && wordsBeyond(clauses[next], later, lex, scale).length < SAYS_MORE) after.push(...clauses[next++]);
  const tail = clauses.slice(next).flat();
  if (!after.length || after.some((w) => ABOUT_SOMEONE.has(w))) return undefined;
  const rest = general(split.before, lex, scale, areas);
  if (typeof rest !== 'number') return undefined;
  const named = namedWithValues(after, [...areas, ...later], lex, scale, 'low', true);
  delete named[REST];
  if (areas.some((a) => a.id in named)) return undefined;
  const laterIds = later.map((a) => a.id).filter((id) => id in named);
  if (!laterIds.length) return undefined;
  const values: Record<string, QuickValue> = {};
  for (const a of areas) values[a.id] = rest;
  for (const id of laterIds) values[id] = named[id];
  const saysMore = laterIds.length === 1 && wordsBeyond([...after, ...tail], later, lex, scale).length >= SAYS_MORE;
  return { values, ...(saysMore ? { words: { id: laterIds[0], text: text.trim() } } : {}) };
}

/**
 * Where an answer turns from everything to the exceptions: an "except" word after something ("all ok except",
 * "fine but"), or a clause that starts "just" or "only" ("shes fine, just money"). The words before it, and the
 * rest of its clause after it.
 */
function exceptSplit(clauses: string[][], lex: Lexicon): { before: string[]; after: string[]; clause: number } | undefined {
  for (let k = 0; k < clauses.length; k++) {
    const words = clauses[k];
    // After something in the first clause ("all ok except money"); anywhere in a later one (", except money").
    const found = k > 0 && ['just', 'only'].includes(words[0]) ? { at: 0, length: 1 } : firstPhrase(words, lex.except, k > 0 ? 0 : 1);
    if (!found) continue;
    return { before: [...clauses.slice(0, k).flat(), ...words.slice(0, found.at)], after: words.slice(found.at + found.length), clause: k };
  }
  return undefined;
}

/** Words of its own (not names, ratings or joining words) that make a clause say more than which areas. */
const SAYS_MORE = 2;

/** Words that make a clause about someone else ("he", "her"), not about the areas it names. */
const ABOUT_SOMEONE = new Set(['he', 'hes', 'him', 'his', 'she', 'shes', 'her', 'hers', 'they', 'theyre', 'their', 'them']);

/** What the words say beyond naming areas and how they are going ("the bills keep going up"). */
function wordsBeyond(words: string[], areas: Area[], lex: Lexicon, scale: ScaleLexicon): string[] {
  const used = new Array<boolean>(words.length).fill(false);
  const phrases = [
    ...[...scale.values.keys()].map((k) => k.split(' ')),
    ...lex.notFine,
    ...lex.separators,
    ...lex.except,
    ...areas.flatMap((a) => [a.title, ...a.keywords].map((k) => tokens(k))),
  ];
  for (const p of phrases) for (let at = findPhrase(words, p); at >= 0; at = findPhrase(words, p, at + 1)) used.fill(true, at, at + p.length);
  return words.filter((w, i) => !used[i] && !PLAIN_WORDS.has(w) && !lex.negations.has(w) && !GENERAL_PLAIN.has(w));
}

/** A quick pass is a short answer; a long one is read as not understood (and the cost stays bounded). */
const MAX_WORDS = 40;

const BARE_YES_NO = new Set(['yes', 'y', 'yeah', 'yep', 'yup', 'aye', 'ya', 'no', 'n', 'nah', 'naw', 'nope', 'not really']);

/** Stands for "the rest", "everything else": every area not named. */
const REST = '*rest';
const GENERAL_PLAIN = new Set([
  'everythings',
  'its',
  'theyre',
  'they',
  'are',
  'is',
  'all',
  'else',
  'the',
  'rest',
  'others',
  'hes',
  'shes',
  'he',
  'she',
  'mum',
  'dad',
  'them',
  'it',
  'aye',
  'yes',
  'yeah',
  'och',
  'well',
  'a',
  'an',
  'everything',
]);

/** One rating for every area ("all fine", "everything's good", "fine", "all 2s"), or undefined. */
function general(words: string[], lex: Lexicon, scale: ScaleLexicon, areas: Area[]): QuickValue | 'unsure' | undefined {
  const kept = words.filter((w) => !lex.allAreas.has(w) && !GENERAL_PLAIN.has(w)).map((w) => w.replace(/^(\d)s$/, '$1'));
  const said = (kept.length ? kept : words).join(' ');
  // A bare yes or no says nothing about how each area is going ("ok" and "fine" do).
  if (BARE_YES_NO.has(words.join(' '))) return undefined;
  if (areas.some((a) => areasNamed([said], [a]).length && said.split(' ').length === 1 && !scale.values.has(said))) return undefined;
  const reading = readRating(said, lex, scale);
  if (reading.kind === 'rating' && !reading.words) return reading.value;
  if (reading.kind === 'declined' || reading.kind === 'not-applicable') return reading.kind;
  if (reading.kind === 'unsure') return 'unsure';
  return undefined;
}

/**
 * Areas named in the words, each with the rating said next to it ("money bad sleep rubbish"). An area named
 * with no rating takes the next rating said ("money and sleep are bad"), or `fallback` if there is none.
 */
function namedWithValues(
  words: string[],
  areas: Area[],
  lex: Lexicon,
  scale: ScaleLexicon,
  fallback: QuickValue | undefined,
  strongOnly = false,
): Record<string, QuickValue> {
  const marks: { at: number; id?: string; value?: QuickValue }[] = [];
  const used = new Array<boolean>(words.length).fill(false);
  const source = strongOnly ? scale.inSentence.map((p) => [p.words.join(' '), p.value] as const) : [...scale.values.entries()];
  const ratingPhrases: { words: string[]; value: QuickValue }[] = source
    .map(([k, v]) => ({ words: k.split(' '), value: v }))
    .filter((p) => /[a-z0-9]/.test(p.words[0]));
  for (let v = scale.min; v <= scale.max; v++) ratingPhrases.push({ words: [String(v)], value: v }, { words: [`${v}s`], value: v });
  ratingPhrases.push(...lex.notFine.map((w) => ({ words: w, value: 'low' as const })));
  ratingPhrases.sort((a, b) => b.words.length - a.words.length);
  for (const p of ratingPhrases) {
    for (let at = findPhrase(words, p.words); at >= 0; at = findPhrase(words, p.words, at + 1)) {
      if (used.slice(at, at + p.words.length).some(Boolean)) continue;
      const negated = words.slice(Math.max(0, at - 1), at).some((w) => lex.negations.has(w)) && !lex.negations.has(p.words[0]);
      used.fill(true, at, at + p.words.length);
      marks.push({ at, value: negated ? 'low' : p.value });
    }
  }
  for (let i = 0; i < words.length; i++) {
    if (used[i]) continue;
    if (['rest', 'others', 'everything'].includes(words[i]) || (words[i] === 'else' && words[i - 1] === 'everything')) {
      marks.push({ at: i, id: REST });
      continue;
    }
    const two = i + 1 < words.length && !used[i + 1] ? areasNamed([words[i], words[i + 1]], areas, lex.everyday) : [];
    const one = areasNamed([words[i]], areas, lex.everyday);
    const ids = one.length === 1 ? one : two.length === 1 ? two : [];
    if (ids.length === 1) {
      marks.push({ at: i, id: ids[0] });
      // "no choice at all", "nae say in anything": an area said with a no before it is not fine.
      if (i > 0 && lex.negations.has(words[i - 1])) marks.push({ at: i, value: 'low' });
    }
  }
  marks.sort((a, b) => a.at - b.at);
  const values: Record<string, QuickValue> = {};
  let waiting: string[] = [];
  let lastArea: string | undefined;
  for (const m of marks) {
    if (m.id) {
      waiting.push(m.id);
      lastArea = m.id;
    } else if (m.value !== undefined) {
      if (waiting.length) {
        for (const id of waiting) values[id] = m.value;
        waiting = [];
      } else if (lastArea && values[lastArea] === undefined) values[lastArea] = m.value;
    }
  }
  if (fallback !== undefined) for (const id of waiting) values[id] = fallback;
  return values;
}

function withoutRest(values: Record<string, QuickValue>): Record<string, QuickValue> {
  const { [REST]: rest, ...named } = values;
  return rest === undefined ? named : { ...named, [REST]: rest };
}

/** "X is terrible but the rest is no bad", "never any time for me, everything else is fine": the areas named, then the rest. */
function restAfterBut(before: string[], after: string[], areas: Area[], lex: Lexicon, scale: ScaleLexicon): Record<string, QuickValue> | undefined {
  if (!before.length) return undefined;
  if (!after.some((w, i) => ['rest', 'others'].includes(w) || (w === 'else' && after[i - 1] === 'everything'))) return undefined;
  const rest = general(after, lex, scale, areas);
  if (rest === undefined || rest === 'unsure') return undefined;
  const named = namedWithValues(before, areas, lex, scale, 'low');
  delete named[REST];
  if (!Object.keys(named).length) return undefined;
  const values: Record<string, QuickValue> = {};
  for (const a of areas) values[a.id] = named[a.id] ?? rest;
  return values;
}

/** The first of the phrases in the words, at `from` or after (without `from`: the first place each is said, if not the very start). */
function firstPhrase(words: string[], phrases: string[][], from?: number): { at: number; length: number } | undefined {
  let best: { at: number; length: number } | undefined;
  for (const p of phrases) {
    const at = findPhrase(words, p, from ?? 0);
    if (at >= (from ?? 1) && (!best || at < best.at)) best = { at, length: p.length };
  }
  return best;
}
