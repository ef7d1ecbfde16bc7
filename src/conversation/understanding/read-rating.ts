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
  /^(?:(?:shes|hes|she is|he is|theyre|they are|mums|dads|id|i would|i d|i will|ill|id have to|i think|i guess|maybe|probably|about|around|roughly|say|prob|its|it is|a|an|like|just|mebbe|aboot)\s+)+/;
const HEDGE_TAIL =
  /\s+(?:mostly|mainly|on the whole|generally|i think|i guess|i suppose|probably|maybe|really|at the moment|just now|to be honest|tbh|id say|i would say)$/;
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

/** "she says", "mum thinks": answering for someone, the words after are the answer. */
const REPORTED = /^(?:she|he|mum|dad|they|mam|my mum|my dad) (?:says|said|thinks|reckons) /;

/** What the question itself says ("Do you feel safe?"): its words, said back in an answer, add nothing to keep. */
export interface RatingContext {
  questionWords?: ReadonlySet<string>;
}

/** Words that count something when they follow a number at the start ("2 hours sleep", "3 kids"), unless they say a rating. */
const RATING_AFTER_NUMBER = new Set(['star', 'stars', 'outta', 'oot', 'ish', 'or', 'to', 'and', 'out', 'of']);

/** A plain yes or no leading a sentence at a yes/no-style question: the rating it stands for. */
const LEADING_YES = ['yes', 'yeah', 'yep', 'aye', 'och aye', 'yes i do', 'aye i do'];
/** After "no", these make a phrase of their own ("no one asked me", "no bother"), not an answer no. */
const NOT_A_NO = new Set([
  'one',
  'body',
  'bother',
  'problem',
  'problems',
  'worries',
  'complaints',
  'issues',
  'idea',
  'matter',
  'doubt',
  'change',
  'different',
  'better',
  'worse',
]);
const LEADING_NO = ['no', 'naw', 'nah', 'nope', 'no really', 'not really', 'naw no really', 'no not really', 'naw not really'];

export function readRating(text: string, lex: Lexicon, scale: ScaleLexicon, context: RatingContext = {}): RatingReading {
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
  // "2 hours sleep last night and thats a good night": the number counts something, and the sentence's own
  // words ("good") are about the count, not the area. Keep the words and ask.
  if (words.length >= SENTENCE_WORDS && countsSomething(unhedged, lex)) return { kind: 'unclear', words: trimmed };

  const plainly = saidPlainly(words, emoji, lex, scale);
  if (plainly) return plainly;

  const clause = leadingClause(trimmed, lex, scale);
  if (clause) return clause;

  const ratio = /\b([1-9]|10)\s*(?:\/|out of|outta|oot o)\s*(5|10)\b/.exec(said);
  if (ratio) {
    const value = fromRatio(Number(ratio[1]), Number(ratio[2]), scale);
    if (value !== undefined) return { kind: 'rating', value, words: trimmed, inferred: false };
  }

  const declinedFirst = leadingDeclined(words, scale);
  if (declinedFirst) return { kind: declinedFirst, words: trimmed };

  const emojiFirst = leadingEmoji(trimmed, words, scale);
  if (emojiFirst) return emojiFirst;

  const yesNoFirst = leadingYesNo(trimmed, words, emoji, lex, scale, context);
  if (yesNoFirst) return yesNoFirst;

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
    const number = /^(\d+|one|two|three|four|five)(?:ish| ish|s| stars?)?$/.exec(s);
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

function countsSomething(text: string, lex: Lexicon): boolean {
  const m = /^\s*(\d+)\s+([a-z]+)/i.exec(text);
  if (!m) return false;
  const next = tokens(m[2])[0] ?? '';
  return !lex.connectors.has(next) && !RATING_AFTER_NUMBER.has(next);
}

/** "id rather not say about money to be honest, ...": not saying, with the reason kept. */
function leadingDeclined(words: string[], scale: ScaleLexicon): 'declined' | 'not-applicable' | undefined {
  for (let n = Math.min(words.length - 1, 6); n >= 3; n--) {
    const head = words.slice(0, n).join(' ');
    if (scale.declined.has(head)) return 'declined';
    if (scale.notApplicable.has(head)) return 'not-applicable';
  }
  return undefined;
}

/** "😞 shes stopped eating much": a rating emoji set first, like "2 - ...", then what the person says about it. */
function leadingEmoji(text: string, words: string[], scale: ScaleLexicon): RatingReading | undefined {
  const first = /^\s*(\p{Extended_Pictographic}\uFE0F?)\s*(.*)$/su.exec(text);
  if (!first || words.length < 2) return undefined;
  const value = scale.values.get(phraseKey(first[1]));
  if (value === undefined) return undefined;
  // Other rating emoji later on ("🙂 some days 😞") make it a swing, read elsewhere.
  if (emojiIn(first[2]).some((e) => scale.values.has(phraseKey(e)) && scale.values.get(phraseKey(e)) !== value)) return undefined;
  return { kind: 'rating', value, words: text, inferred: false };
}

/**
 * "no boys shout at me at bus stop", "yes got new walker 🙂": a plain yes or no, then a sentence. The yes or no is
 * the rating (as "yes" and "no" alone are); the words are kept, unless they only say the question back ("yes i
 * feel safe"). A sentence with a "but" or rating words of its own that disagree is left to be asked about.
 */
function leadingYesNo(text: string, words: string[], emoji: string[], lex: Lexicon, scale: ScaleLexicon, context: RatingContext): RatingReading | undefined {
  if (words.length < SENTENCE_WORDS || words.includes('but')) return undefined;
  for (const n of [3, 2, 1]) {
    const head = words.slice(0, n).join(' ');
    const yes = LEADING_YES.includes(head);
    if (!yes && !LEADING_NO.includes(head)) continue;
    const value = scale.values.get(yes ? 'yes' : 'no');
    if (value === undefined) return undefined;
    const rest = words.slice(n);
    if (!rest.length) return undefined;
    // "no bad, ...", "no complaints": the yes or no starts a phrase of its own.
    const phrase = (k: number) => words.slice(0, n + k).join(' ');
    if ([1, 2].some((k) => scale.values.has(phrase(k)) || lex.yes.has(phrase(k)) || lex.unsure.has(phrase(k)) || lex.nothing.has(phrase(k)))) return undefined;
    if (NOT_A_NO.has(rest[0])) return undefined;
    const others = emoji.map((e) => scale.values.get(phraseKey(e))).filter((v) => v !== undefined);
    if (others.some((v) => v !== value && Math.abs(v - value) > 1)) return undefined;
    const said = fromSentence(rest.join(' '), rest, [], lex, scale);
    if (said.kind === 'between' || (said.kind === 'rating' && Math.abs(said.value - value) > 1)) return undefined;
    const says = rest.filter((w) => !(PLAIN_WORDS.has(w) || context.questionWords?.has(w) || lex.yes.has(w) || lex.no.has(w) || lex.negations.has(w)));
    // "no time at all for me": a no said as strongly as "not at all".
    const strongly = !yes && findPhrase(rest, ['at', 'all']) >= 0 ? (scale.values.get('not at all') ?? value) : value;
    if (!says.length && rest.length <= 3) return { kind: 'rating', value: strongly, inferred: false };
    // One stray word ("no not relly") may be a slip of a plain one: leave it to the readers that forgive slips.
    return says.length >= 2 || rest.length > 3 ? { kind: 'rating', value: strongly, words: text, inferred: false } : undefined;
  }
  return undefined;
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
  // "no idea, you'd have to ask her": not knowing, and saying who would.
  if (reading?.kind === 'unsure' && tokens(m[2]).includes('ask') && tokens(m[2]).length <= 8) return reading;
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

/** Words that join the halves of a swing ("some days am fine some days am no"). */
const SWING_FILLER = new Set(['am', 'is', 'are', 'its', 'im', 'some', 'days', 'weeks', 'and', 'other', 'others', 'but']);

function fromSentence(text: string, words: string[], emoji: string[], lex: Lexicon, scale: ScaleLexicon): RatingReading {
  for (const b of lex.between) {
    if (!b.words.some((w) => w.length > 1 && findPhrase(words, w) >= 0)) continue;
    // "some days 🙂 some days 😞", "some weeks am fine some weeks am no": the swing and nothing more.
    const covered = new Array<boolean>(words.length).fill(false);
    for (const w of b.words) for (let at = findPhrase(words, w); at >= 0; at = findPhrase(words, w, at + 1)) covered.fill(true, at, at + w.length);
    const onlySwing = words.every((w, i) => covered[i] || PLAIN_WORDS.has(w) || SWING_FILLER.has(w) || scale.values.has(w) || lex.yes.has(w) || lex.no.has(w));
    return onlySwing ? { kind: 'between', values: clampPair(b.values, scale) } : { kind: 'between', values: clampPair(b.values, scale), words: text };
  }
  const found = new Set<number>();
  const used = new Array<boolean>(words.length).fill(false);
  for (const { words: phrase, value } of scale.inSentence) {
    for (let at = findPhrase(words, phrase); at >= 0; at = findPhrase(words, phrase, at + 1)) {
      if (used.slice(at, at + phrase.length).some(Boolean)) continue;
      used.fill(true, at, at + phrase.length);
      // "not good" has its own entry; "good" after "not" or "no" does not count as good.
      const before = words.slice(Math.max(0, at - 2), at);
      // "not gud", said straight before the word, is as "not good": a 2.
      if (at > 0 && lex.negations.has(words[at - 1]) && ['not', 'no', 'nae'].includes(words[at - 1]) && value >= 4) {
        found.add(2);
        continue;
      }
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
