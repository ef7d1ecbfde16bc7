// A rating from what a person typed: a number ("3", "3/5", "2 out of 5"), a word ("rubbish", "no bad"),
// an emoji ("🙂"), a yes or no to a yes/no-style question, or a sentence that says more. Text that is more
// than a rating is kept as the person's words; a number that starts a sentence ("2 falls since the summer")
// is part of the sentence, not a rating.
import type { Lexicon, ScaleLexicon } from './lexicon.js';
import { PLAIN_WORDS, core, emojiIn, findPhrase, phraseKey, tokens } from './words.js';

export type RatingReading =
  /** A clear rating. `words` is what the person said beyond it; `inferred` when read from a sentence. */
  | { kind: 'rating'; value: number; words?: string; inferred: boolean }
  | { kind: 'declined'; words?: string }
  | { kind: 'not-applicable'; words?: string }
  | { kind: 'unsure' }
  /** Between two values ("2 or 3", "up and down"): ask which is closest. */
  | { kind: 'between'; values: [number, number]; words?: string }
  /** More than a rating, but no clear rating in it: keep the words and ask which is closest. */
  | { kind: 'unclear'; words: string }
  | { kind: 'none' };

/** A reply this long or longer is a sentence worth keeping even when no rating is found in it. */
const SENTENCE_WORDS = 3;
const HEDGES =
  /^(?:(?:id|i would|i d|i will|ill|id have to|i think|i guess|maybe|probably|about|around|roughly|say|prob|its|it is|a|an|like|just|mebbe|aboot)\s+)+/;
const HEDGE_TAIL = /\s+(?:i think|i guess|i suppose|probably|maybe|really|at the moment|just now|to be honest|tbh|id say|i would say)$/;
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

/** "she says", "mum thinks": answering for someone, the words after are the answer. */
const REPORTED = /^(?:she|he|mum|dad|they|mam|my mum|my dad) (?:says|said|thinks|reckons) /;

export function readRating(text: string, lex: Lexicon, scale: ScaleLexicon): RatingReading {
  const trimmed = text.trim();
  const said = core(trimmed).replace(REPORTED, '');
  const emoji = emojiIn(trimmed).map(phraseKey);

  if (!said) {
    for (const e of emoji) {
      const value = scale.values.get(e);
      if (value !== undefined) return { kind: 'rating', value, inferred: false };
    }
    return { kind: 'none' };
  }

  const whole = readWhole(said, lex, scale) ?? readWhole(tokens(trimmed).join(' '), lex, scale);
  if (whole) return whole;

  const words = tokens(trimmed);
  const unhedged = trimmed.replace(/^\s*(?:i'?d say|i would say|i'?ll say|i guess|maybe|probably|prob|about|around)\s+(?:a\s+|an\s+)?/i, '');
  const leading = leadingNumber(unhedged, tokens(unhedged), lex, scale);
  if (leading) return leading;

  const plainly = saidPlainly(words, emoji, lex, scale);
  if (plainly) return plainly;

  const clause = leadingClause(trimmed, lex, scale);
  if (clause) return clause;

  const ratio = /\b([1-9]|10)\s*(?:\/|out of|outta|oot o)\s*(5|10)\b/.exec(said);
  if (ratio) {
    const value = fromRatio(Number(ratio[1]), Number(ratio[2]), scale);
    if (value !== undefined) return { kind: 'rating', value, words: trimmed, inferred: false };
  }

  if (words.length < SENTENCE_WORDS) {
    const fuzzy = words.length === 1 ? lex.closeWord(words[0], new Set([...scale.values.keys()])) : undefined;
    if (fuzzy) return { kind: 'rating', value: scale.values.get(fuzzy)!, inferred: false };
    for (const e of emoji) {
      const value = scale.values.get(e);
      if (value !== undefined) return { kind: 'rating', value, words: trimmed, inferred: true };
    }
    return { kind: 'none' };
  }
  return fromSentence(trimmed, words, emoji, lex, scale);
}

function readWhole(said: string, lex: Lexicon, scale: ScaleLexicon): RatingReading | undefined {
  const unhedged = said.replace(HEDGES, '').replace(HEDGE_TAIL, '').trim() || said;
  for (const s of [said, unhedged]) {
    if (scale.declined.has(s)) return { kind: 'declined' };
    if (scale.notApplicable.has(s)) return { kind: 'not-applicable' };
    const value = scale.values.get(s);
    if (value !== undefined) return { kind: 'rating', value, inferred: false };
    if (lex.unsure.has(s)) return { kind: 'unsure' };
    const number = /^(\d+|one|two|three|four|five)(?:ish| ish|s)?$/.exec(s);
    if (number) {
      const n = NUMBER_WORDS[number[1]] ?? Number(number[1]);
      return n >= scale.min && n <= scale.max ? { kind: 'rating', value: n, inferred: false } : { kind: 'none' };
    }
    const ratio = /^(\d+)\s*(?:\/|out of|outta|oot o)\s*(\d+)$/.exec(s);
    if (ratio) {
      const value = fromRatio(Number(ratio[1]), Number(ratio[2]), scale);
      return value === undefined ? { kind: 'none' } : { kind: 'rating', value, inferred: false };
    }
    const pair = /^(?:between |somewhere between |maybe )?(\d)\s*(?:or|to|and|\/|-)\s*(\d)$/.exec(s);
    if (pair) {
      const [a, b] = [Number(pair[1]), Number(pair[2])].sort((x, y) => x - y);
      if (a >= scale.min && b <= scale.max) return a === b ? { kind: 'rating', value: a, inferred: false } : { kind: 'between', values: [a, b] };
    }
    for (const b of lex.between) if (b.words.some((w) => w.join(' ') === s)) return { kind: 'between', values: clampPair(b.values, scale) };
  }
  return undefined;
}

/** "3 because the GP is slow" is a 3 with words; "2 falls since the summer" is a sentence. */
function leadingNumber(text: string, words: string[], lex: Lexicon, scale: ScaleLexicon): RatingReading | undefined {
  const m = /^\s*(\d+)\s*([,.:;\-)!/]|\s+)(.*)$/s.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const rest = m[3].trim();
  if (!rest) return undefined;
  const punctuated = m[2].trim() !== '' && m[2].trim() !== '/';
  const next = words[1] ?? '';
  if (m[2].trim() === '/' || /^(out of|outta)\b/.test(words.slice(1, 3).join(' '))) return undefined; // a ratio: read elsewhere
  if (!punctuated && !lex.connectors.has(next)) return undefined;
  if (n < scale.min || n > scale.max) return undefined;
  return { kind: 'rating', value: n, words: rest.replace(/^[,.:;\-)!\s]+/, ''), inferred: false };
}

/**
 * "not really, she doesnt see many people": a whole answer before the first comma or dash, then more. The
 * rating is the first part; the words are all of it, as the person wrote them.
 */
function leadingClause(text: string, lex: Lexicon, scale: ScaleLexicon): RatingReading | undefined {
  const m = /^([^,.;:!?\-–]{1,40})[,.;:!?\-–]+\s*(.+)$/s.exec(text);
  if (!m || tokens(m[2]).length === 0) return undefined;
  const head = core(m[1]).replace(REPORTED, '');
  const reading = readWhole(head, lex, scale) ?? readWhole(tokens(m[1]).join(' '), lex, scale);
  if (!reading || reading.kind === 'none' || reading.kind === 'unsure') return undefined;
  if (reading.kind === 'rating') return { ...reading, words: text };
  if (reading.kind === 'between') return { ...reading, words: text };
  return { ...reading, words: text };
}

/**
 * "yes she does", "yes ther nice 🙂", "och aye, they're good tae us": a rating said with only plain words around
 * it is a rating and nothing more, not words to keep.
 */
function saidPlainly(words: string[], emoji: string[], lex: Lexicon, scale: ScaleLexicon): RatingReading | undefined {
  if (words.length > 6) return undefined;
  const values = new Set<number>();
  const used = new Array<boolean>(words.length).fill(false);
  const phrases = [...scale.values.entries()].map(([k, v]) => ({ words: k.split(' '), v })).sort((a, b) => b.words.length - a.words.length);
  for (const p of phrases) {
    if (!/[a-z]/.test(p.words[0])) continue;
    for (let at = findPhrase(words, p.words); at >= 0; at = findPhrase(words, p.words, at + 1)) {
      if (used.slice(at, at + p.words.length).some(Boolean)) continue;
      const negated = words.slice(Math.max(0, at - 1), at).some((w) => lex.negations.has(w)) && !lex.negations.has(p.words[0]);
      if (negated) continue;
      used.fill(true, at, at + p.words.length);
      values.add(p.v);
    }
  }
  for (const e of emoji) {
    const v = scale.values.get(e);
    if (v !== undefined) values.add(v);
  }
  if (values.size !== 1) return undefined;
  if (!words.every((w, i) => used[i] || PLAIN_WORDS.has(w))) return undefined;
  return { kind: 'rating', value: [...values][0], inferred: false };
}

function fromSentence(text: string, words: string[], emoji: string[], lex: Lexicon, scale: ScaleLexicon): RatingReading {
  for (const b of lex.between) {
    if (b.words.some((w) => w.length > 1 && findPhrase(words, w) >= 0)) return { kind: 'between', values: clampPair(b.values, scale), words: text };
  }
  const found = new Set<number>();
  const used = new Array<boolean>(words.length).fill(false);
  for (const { words: phrase, value } of scale.inSentence) {
    for (let at = findPhrase(words, phrase); at >= 0; at = findPhrase(words, phrase, at + 1)) {
      if (used.slice(at, at + phrase.length).some(Boolean)) continue;
      used.fill(true, at, at + phrase.length);
      // "not good" has its own entry; "good" after "not" or "no" does not count as good.
      const before = words.slice(Math.max(0, at - 2), at);
      if (before.some((w) => lex.negations.has(w))) continue;
      found.add(value);
    }
  }
  const values = [...found].sort((a, b) => a - b);
  if (values.length === 1) return { kind: 'rating', value: values[0], words: text, inferred: true };
  if (values.length > 1 && values[values.length - 1] - values[0] <= 2) return { kind: 'between', values: [values[0], values[values.length - 1]], words: text };
  return { kind: 'unclear', words: text };
}

function fromRatio(n: number, out: number, scale: ScaleLexicon): number | undefined {
  if (out <= 0 || n > out) return undefined;
  if (out === scale.max) return n >= scale.min ? n : undefined;
  const value = Math.round((n / out) * scale.max);
  return Math.min(scale.max, Math.max(scale.min, value));
}

function clampPair(values: [number, number], scale: ScaleLexicon): [number, number] {
  return [Math.max(scale.min, values[0]), Math.min(scale.max, values[1])];
}
