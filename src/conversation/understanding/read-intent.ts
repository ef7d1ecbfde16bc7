// What a reply is about before it is an answer: asking what the question means, having to go now,
// not knowing, or having nothing to add. Each is a whole short reply, except "I have to go", which
// counts anywhere in a short message ("sorry hes shouting i have to go").
import type { Lexicon } from './lexicon.js';
import { core, emojiIn, findPhrase, phraseKey, tokens } from './words.js';

/** Longer than this, a message is an answer that happens to mention going, not a goodbye. */
const LEAVING_MAX_WORDS = 14;

/** Longer than this, a question about the question is an answer that happens to start with one. */
const EXPLAIN_MAX_WORDS = 10;

const ASKING = new Set(['what', 'wat', 'whit', 'wot', 'whats']);
const MEANS = new Set(['mean', 'means', 'meant', 'meaning']);
const SEEING = new Set(['see', 'sees', 'seen', 'read', 'reads']);

export function asksWhatItMeans(text: string, lex: Lexicon): boolean {
  const said = core(text).replace(/^(sorry|but|and|so|ok|okay|um|erm) /, '');
  if (lex.explain.has(said)) return true;
  const words = said.split(' ');
  if (words.length > EXPLAIN_MAX_WORDS) return false;
  // "why do you need to know that", "what does she have to answer here": an explain phrase of three words or more, then a little.
  for (let n = Math.min(words.length - 1, 7); n >= 3; n--) if (lex.explain.has(words.slice(0, n).join(' '))) return true;
  // "wat dose that mean", "what does wellbeing mean": a short question that ends asking what something means.
  if (words.length <= 8 && ASKING.has(words[0]) && MEANS.has(words[words.length - 1])) return true;
  // "who gets to see this", "who will read my answers": asking who sees what they type.
  if (words.length <= EXPLAIN_MAX_WORDS && words[0] === 'who' && words.slice(1, 4).some((w) => SEEING.has(w))) return true;
  return false;
}

export function isLeaving(text: string, lex: Lexicon): boolean {
  const words = tokens(text);
  if (!words.length || words.length > LEAVING_MAX_WORDS) return false;
  return lex.leaving.some((phrase) => findPhrase(words, phrase) >= 0);
}

export function isUnsure(text: string, lex: Lexicon): boolean {
  return lex.unsure.has(core(text));
}

/** Words that can follow a "no" without saying anything more ("no thats it for mum", "naw, that's aw"). */
const NOTHING_TAIL = new Set([
  'thats',
  'that',
  'it',
  'is',
  'all',
  'aw',
  'everything',
  'really',
  'no',
  'not',
  'for',
  'mum',
  'dad',
  'her',
  'him',
  'now',
  'today',
  'im',
  'i',
  'am',
  'good',
  'fine',
  'ok',
  'okay',
  'thanks',
  'thank',
  'you',
  'ty',
  'ta',
  'more',
  'mair',
  'else',
  'nothing',
  'just',
  'she',
  'shes',
  'he',
  'hes',
  'ill',
  'leave',
  'there',
  'at',
  'the',
  'moment',
  'right',
  'think',
  'so',
  'cheers',
  'all',
  'good',
  'mums',
  'dads',
  'mams',
  'yer',
  'youre',
  'your',
  'ur',
  'alright',
  'awright',
  'theyre',
  'were',
  'we',
  'grand',
  'sorted',
  // "no, i said it all already", "nothing, its fine".
  'its',
  'said',
  'already',
  'covered',
  'ive',
  'was',
  'enough',
  'above',
  'hen',
  'pal',
  'love',
  'doll',
  'son',
  'me',
]);

/** "no", "nothing", "that's it", "no thats it for mum": never to be kept as the person's own words. */
export function hasNothingToAdd(text: string, lex: Lexicon): boolean {
  const said = core(text);
  // "👎", "❌": only emoji that say no.
  if (!said) return text.trim().length === 0 || /^[.\-_\s]+$/.test(text) || (emojiIn(text).length > 0 && emojiIn(text).every((e) => lex.no.has(phraseKey(e))));
  if (lex.nothing.has(said) || lex.no.has(said)) return true;
  const words = tokens(text);
  if (words.length > 7) return false;
  for (const n of [3, 2, 1]) {
    const head = words.slice(0, n).join(' ');
    if (words.length > n && (lex.nothing.has(head) || lex.no.has(head)) && words.slice(n).every((w) => NOTHING_TAIL.has(w))) return true;
  }
  return words.length === 1 && lex.closeWord(words[0], lex.nothing) !== undefined;
}
