// Which areas a person means, by number ("2 and 5", "the second one") or by description ("the money one",
// "my sleep one", "sleep and the choir"), from each area's plain title and the script's keywords.
import Fuse from 'fuse.js';
import type { Lexicon } from './lexicon.js';
import { findPhrase, tokens } from './words.js';
import { LRUCache } from 'lru-cache';

export interface Area {
  /** Outcome id. */
  id: string;
  /** The number it is shown with in this list (1-based). */
  number: number;
  title: string;
  keywords: string[];
  /** The group's title words also name it ("the services one"), but more weakly than its own. */
  groupWords?: string[];
}

export type AreasReading =
  | { kind: 'areas'; ids: string[] }
  /** A description that fits several areas equally: ask which one, from these. */
  | { kind: 'ambiguous'; ids: string[] }
  | { kind: 'none' };

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  sixth: 6,
  '6th': 6,
  seventh: 7,
  '7th': 7,
  eighth: 8,
  '8th': 8,
  ninth: 9,
  '9th': 9,
  tenth: 10,
  '10th': 10,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
/** Words that carry no meaning about which area: "the", "one", "bit about", "change". */
const FILLER = new Set([
  'the',
  'a',
  'an',
  'my',
  'our',
  'his',
  'her',
  'their',
  'your',
  'one',
  'ones',
  'bit',
  'part',
  'thing',
  'stuff',
  'about',
  'on',
  'of',
  'to',
  'for',
  'with',
  'need',
  'needs',
  'change',
  'i',
  'want',
  'wanna',
  'would',
  'like',
  'id',
  'im',
  'to',
  'is',
  'are',
  'it',
  'its',
  'that',
  'this',
  'those',
  'these',
  'please',
  'number',
  'no',
  'option',
  'actually',
  'oh',
  'can',
  'we',
  'do',
  'go',
  'back',
  'look',
  'at',
  'again',
  'edit',
  'fix',
  'correct',
  'answer',
  'question',
  'mean',
  'meant',
  'said',
  'most',
  'she',
  'he',
  'mum',
  'being',
  'important',
  'matter',
  'matters',
  'work',
  'priority',
  'priorities',
  'area',
  'areas',
  'pick',
  'choose',
  'probably',
  'think',
  'guess',
  'just',
  'really',
  'definitely',
  'where',
  'which',
  'what',
  'how',
  'me',
  'mine',
  'in',
  'thats',
  'so',
  'too',
  'well',
  'all',
  'both',
  'lot',
  'main',
  'mainly',
  'biggest',
  'big',
  'worry',
  'worries',
  // Too common in titles ("Getting help when you need it") to name an area alone.
  'when',
  'get',
  'you',
]);
const MAX_WORDS = 30;
const ALL = new Set(['all', 'both', 'all of them', 'both of them', 'everything', 'the lot']);

export function readAreas(text: string, areas: Area[], lex: Lexicon): AreasReading {
  const words = tokens(text);
  // Naming an area is a short reply; a long one is an answer in its own words, not a pick from a list.
  if (!words.length || words.length > MAX_WORDS) return { kind: 'none' };
  if (ALL.has(words.join(' '))) return { kind: 'areas', ids: areas.map((a) => a.id) };

  const numbers = numbersIn(words);
  if (
    numbers.length &&
    words.every(
      (w) => /^\d+$/.test(w) || ORDINALS[w] !== undefined || FILLER.has(w) || lex.separators.some((s) => s.length === 1 && s[0] === w) || w === 'last',
    )
  ) {
    const picked = numbers.map((n) => areas.find((a) => a.number === n));
    if (picked.every(Boolean)) return { kind: 'areas', ids: [...new Set(picked.map((a) => a!.id))] };
    return { kind: 'none' };
  }
  if (words.includes('last') && words.filter((w) => !FILLER.has(w)).length === 1) return { kind: 'areas', ids: [areas[areas.length - 1].id] };

  const ids: string[] = [];
  let ambiguous: string[] | undefined;
  for (const chunk of splitList(words, lex)) {
    const found = areasNamed(chunk, areas, lex.everyday);
    if (found.length === 1) ids.push(found[0]);
    else if (found.length > 1) ambiguous = found;
  }
  if (ids.length && !ambiguous) return { kind: 'areas', ids: [...new Set(ids)] };
  if (ambiguous && !ids.length) return { kind: 'ambiguous', ids: ambiguous };
  if (ambiguous) return { kind: 'ambiguous', ids: [...new Set([...ids, ...ambiguous])] };
  return { kind: 'none' };
}

function numbersIn(words: string[]): number[] {
  return words.flatMap((w) => (/^\d+$/.test(w) ? [Number(w)] : ORDINALS[w] !== undefined ? [ORDINALS[w]] : []));
}

/** "sleep and the choir" -> [["sleep"], ["the", "choir"]]. */
function splitList(words: string[], lex: Lexicon): string[][] {
  const chunks: string[][] = [[]];
  for (let i = 0; i < words.length; i++) {
    const sep = lex.separators.find((s) => s.every((w, j) => words[i + j] === w));
    if (sep) {
      chunks.push([]);
      i += sep.length - 1;
    } else chunks[chunks.length - 1].push(words[i]);
  }
  return chunks.filter((c) => c.length);
}

/** Ids of the areas a few words name, best first; several when they name them equally well. */
export function areasNamed(chunk: string[], areas: Area[], everyday: Set<string> = NONE): string[] {
  const meaningful = chunk.filter((w) => !FILLER.has(w));
  if (!meaningful.length) {
    // Only common words, but maybe a whole phrase of an area's own ("what matters").
    const byPhrase = areas.filter((a) => a.keywords.some((k) => k.includes(' ') && findPhrase(chunk, tokens(k)) >= 0));
    return byPhrase.map((a) => a.id);
  }
  // A word many areas share ("feeling", "help") says less about which one is meant than a word only one has ("home").
  const weight = new Map(meaningful.map((w) => [w, 1 / Math.max(1, areas.filter((a) => scoreArea([w], a, chunk, everyday) > 0).length)]));
  const scores = areas.map((a) => ({ id: a.id, score: scoreArea(meaningful, a, chunk, everyday, weight) }));
  const best = Math.max(...scores.map((s) => s.score));
  if (best <= 0) return [];
  return scores.filter((s) => s.score >= best - 0.01).map((s) => s.id);
}

interface AreaWords {
  own: string[];
  phrases: string[][];
  fuse?: Fuse<string>;
}

// An area's own words, worked out once: the same areas are read against every reply.
const areaWords = new LRUCache<string, AreaWords>({ max: 2000 });

function wordsOf(area: Area): AreaWords {
  const key = `${area.id}\u0000${area.title}\u0000${area.keywords.join('\u0001')}`;
  let found = areaWords.get(key);
  if (!found) {
    found = {
      own: [...tokens(area.title), ...area.keywords.flatMap((k) => tokens(k))].filter((w) => !FILLER.has(w)),
      phrases: area.keywords.map((k) => tokens(k)).filter((k) => k.length > 1),
    };
    areaWords.set(key, found);
  }
  return found;
}

const NONE = new Set<string>();

function scoreArea(words: string[], area: Area, chunk: string[], everyday: Set<string>, weight?: Map<string, number>): number {
  const { own, phrases } = wordsOf(area);
  let score = 0;
  // A phrase counts said as a phrase ("help when"), not as its words scattered over a sentence ("help that changes when").
  for (const p of phrases) if (findPhrase(chunk, p) >= 0) score += 2;
  for (const w of words) {
    const k = weight?.get(w) ?? 1;
    if (own.includes(w)) score += k;
    // An everyday word is meant as itself: "fine" is not a slip for "find" or "finances".
    else if (everyday.has(w)) continue;
    else if (w.length >= 5 && own.some((o) => o.length >= 5 && (o.startsWith(w.slice(0, 5)) || w.startsWith(o.slice(0, 5))))) score += 0.8 * k;
    else if (w.length >= 4 && closeTo(w, area)) score += 0.6 * k;
    // "the services one": the group's title names every area in it alike, so the person is asked which.
    else if (w.length >= 5 && area.groupWords?.includes(w)) score += k;
  }
  return score;
}

function closeTo(word: string, area: Area): boolean {
  const words = wordsOf(area);
  words.fuse ??= new Fuse([...new Set(words.own.filter((w) => w.length >= 4))], { includeScore: true, threshold: 0.25, ignoreLocation: true });
  // A slip keeps a word's length ("munny", "slep"); a short everyday word inside a long one is not a slip ("fine", "finances").
  return words.own.some((o) => swapped(word, o)) || words.fuse.search(word, { limit: 3 }).some((hit) => Math.abs(hit.item.length - word.length) <= 2);
}

/** Two letters side by side typed the wrong way round ("lonley" for "lonely"). */
function swapped(word: string, own: string): boolean {
  if (word.length !== own.length || word === own) return false;
  const at = [...word].findIndex((ch, i) => ch !== own[i]);
  return at >= 0 && at + 1 < word.length && word[at] === own[at + 1] && word[at + 1] === own[at] && word.slice(at + 2) === own.slice(at + 2);
}
