// The reply phrases of one script, compiled once into sets and token lists the readers look things up in.
import Fuse from 'fuse.js';
import type { RatingScale, Script } from '../script.js';
import { phraseKey } from './words.js';

export interface Lexicon {
  yes: Set<string>;
  no: Set<string>;
  unsure: Set<string>;
  nothing: Set<string>;
  explain: Set<string>;
  leaving: string[][];
  negations: Set<string>;
  connectors: Set<string>;
  separators: string[][];
  allAreas: Set<string>;
  except: string[][];
  notFine: string[][];
  between: { words: string[][]; values: [number, number] }[];
  /** Words of the script's own replies ("fine", "rubbish", "nothing"): real words, never a slip for an area's word. */
  everyday: Set<string>;
  /** Fuzzy look-up of one misspelt word in a set ("yse" -> "yes", "brillant" -> "brilliant"). */
  closeWord: (word: string, among: Set<string>) => string | undefined;
}

export interface ScaleLexicon {
  /** Whole-answer phrase -> value. */
  values: Map<string, number>;
  /** Phrases strong enough to read inside a longer sentence, longest first. */
  inSentence: { words: string[]; value: number }[];
  declined: Set<string>;
  notApplicable: Set<string>;
  min: number;
  max: number;
}

const set = (list: string[]) => new Set(list.map(phraseKey).filter(Boolean));
const lists = (list: string[]) => list.map((p) => phraseKey(p).split(' ')).filter((w) => w[0]);

/** Words too weak to read as a rating inside a longer sentence ("ok so he fell"). */
const WEAK_IN_SENTENCE = new Set([
  'yes',
  'yeah',
  'aye',
  'yep',
  'no',
  'nah',
  'naw',
  'ok',
  'okay',
  'fine',
  'alright',
  'right',
  'well',
  'hard',
  'sort of',
  'kind of',
  'kinda',
  'usually',
  'never',
  'always',
  'rarely',
  'sometimes yes',
  'happy',
  'nice',
  'grand',
  'magic',
  'fair',
  'managing',
  'mostly',
  'not much',
  'not often',
  'hardly',
  'bad',
  'poor',
  'totally',
  'i think so',
  'not really',
  'no really',
  'great',
  'well',
]);

const lexicons = new WeakMap<Script, Lexicon>();
const scaleLexicons = new WeakMap<RatingScale, ScaleLexicon>();

export function lexiconFor(script: Script): Lexicon {
  const known = lexicons.get(script);
  if (known) return known;
  const r = script.replies;
  const fuses = new WeakMap<Set<string>, Fuse<string>>();
  const lexicon: Lexicon = {
    yes: set(r.yes),
    no: set(r.no),
    unsure: set(r.unsure),
    nothing: set(r.nothing),
    explain: set(r.explain),
    leaving: lists(r.leaving),
    negations: set(r.negations),
    connectors: set(r.ratingConnectors),
    separators: lists(r.listSeparators),
    allAreas: set(r.allAreas),
    except: lists(r.except),
    notFine: lists(r.notFine),
    between: r.between.map((b) => ({ words: lists(b.words), values: b.values })),
    everyday: new Set(lists([...r.yes, ...r.no, ...r.unsure, ...r.nothing, ...Object.values(r.ratings).flat()]).flat()),
    closeWord(word, among) {
      // Short words are too easily confused ("no"/"na"/"on"); only longer ones are forgiven a slip.
      if (word.length < 3 || word.includes(' ')) return undefined;
      let fuse = fuses.get(among);
      if (!fuse) {
        fuse = new Fuse(
          [...among].filter((w) => !w.includes(' ') && w.length >= 3),
          { includeScore: true, threshold: 0.34, ignoreLocation: true },
        );
        fuses.set(among, fuse);
      }
      const best = fuse.search(word, { limit: 2 });
      if (!best.length) return undefined;
      const first = best[0];
      // Both a close second and a short word with a slip make it a guess: not good enough.
      if (best[1] && (best[1].score ?? 1) - (first.score ?? 0) < 0.05) return undefined;
      if ((first.score ?? 1) > (word.length <= 4 ? 0.2 : 0.25) || Math.abs(first.item.length - word.length) > 2) return undefined;
      return first.item;
    },
  };
  lexicons.set(script, lexicon);
  return lexicon;
}

export function scaleLexiconFor(script: Script, scale: RatingScale): ScaleLexicon {
  const known = scaleLexicons.get(scale);
  if (known) return known;
  const values = new Map<string, number>();
  const offered = new Set(scale.options.map((o) => o.value));
  // The general words first, so the script's own label and aliases win where both name a phrase.
  for (const [value, words] of Object.entries(script.replies.ratings)) {
    if (!offered.has(Number(value))) continue;
    for (const w of words) values.set(phraseKey(w), Number(value));
  }
  for (const o of scale.options) for (const w of [o.label, ...o.aliases]) values.set(phraseKey(w), o.value);
  const inSentence = [...values.entries()]
    .filter(([k]) => !WEAK_IN_SENTENCE.has(k) && /[a-z]/.test(k))
    .map(([k, value]) => ({ words: k.split(' '), value }))
    .sort((a, b) => b.words.length - a.words.length);
  const numbers = scale.options.map((o) => o.value);
  const lexicon: ScaleLexicon = {
    values,
    inSentence,
    declined: set([scale.ratherNotSay.label, ...scale.ratherNotSay.aliases]),
    notApplicable: set([scale.notApplicable.label, ...scale.notApplicable.aliases]),
    min: Math.min(...numbers),
    max: Math.max(...numbers),
  };
  scaleLexicons.set(scale, lexicon);
  return lexicon;
}

const vocabularies = new WeakMap<Script, Set<string>>();

/** Every word the bot knows for this script: reply phrases, scale words, area titles and keywords, choice words. */
export function vocabularyFor(script: Script): Set<string> {
  const known = vocabularies.get(script);
  if (known) return known;
  const r = script.replies;
  const phrases = [
    ...r.yes,
    ...r.no,
    ...r.unsure,
    ...r.nothing,
    ...r.explain,
    ...Object.values(r.ratings).flat(),
    ...r.between.flatMap((b) => b.words),
    ...r.allAreas,
    ...r.except,
    ...r.notFine,
    ...r.listSeparators,
    ...Object.values(r.choiceWords).flat(),
    ...r.relationships.flatMap((x) => [x.label, ...x.keywords]),
    ...script.outcomes.flatMap((o) => [o.title, ...o.keywords]),
    ...Object.values(script.scales).flatMap((s) => s.options.flatMap((o) => [o.label, ...o.aliases])),
  ];
  const words = new Set(phrases.flatMap((p) => phraseKey(p).split(' ')).filter((w) => /^[a-z]+$/.test(w)));
  vocabularies.set(script, words);
  return words;
}
