// Turns what a person typed into comparable words: lower case, no accents or punctuation, repeated
// letters squeezed ("yesss" -> "yes", "noooo" -> "no"), and polite padding at either end dropped.
// Emoji are read separately, because they carry meaning ("🙂") that the words lose.
import { LRUCache } from 'lru-cache';

/** Words that pad an answer without changing it, dropped only at the start or the end. */
const PADDING = new Set([
  'please',
  'pls',
  'plz',
  'thanks',
  'thank',
  'you',
  'ta',
  'cheers',
  'x',
  'xx',
  'xxx',
  'lol',
  'haha',
  'um',
  'umm',
  'erm',
  'er',
  'hmm',
  'hm',
  'well',
  'oh',
  'och',
  'mate',
  'hen',
  'pal',
  'love',
  'hun',
  'then',
  'sorry',
  'just',
  'so',
  'like',
  'really',
  'honestly',
  'tbh',
  'i',
  'guess',
  'ty',
]);
/** Padding that only counts at the end ("ok i guess", "fine really"); at the start these words matter. */
const END_ONLY = new Set(['i', 'guess', 'really', 'then', 'you', 'just', 'like', 'so']);

const EMOJI = /\p{Extended_Pictographic}/gu;

export function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/[^a-z0-9/&]+/g, ' ')
    .trim();
}

/** Same letter three or more times in a row becomes one ("yesss" -> "yes"); doubles stay ("good"). */
function squeeze(word: string): string {
  // "kkkkkk" is not "k": a word of one letter repeated stays as it is.
  if (/^([a-z])\1+$/.test(word)) return word;
  return word.replace(/([a-z])\1{2,}/g, '$1');
}

// Replies are read several times over (command, intent, answer, areas): remember the last few.
const recentTokens = new LRUCache<string, string[]>({ max: 2000 });

/** The reply's words, normalised. The array is shared: copy it before changing it. */
export function tokens(text: string): string[] {
  const known = recentTokens.get(text);
  if (known) return known;
  const words = plain(text).split(' ').filter(Boolean).map(squeeze);
  if (text.length <= 4000) recentTokens.set(text, words);
  return words;
}

/** The words that decide a short answer: padding taken off both ends ("ok thanks" -> "ok"). */
export function core(text: string): string {
  const t = [...tokens(text)];
  while (t.length > 1 && PADDING.has(t[0]) && !END_ONLY.has(t[0])) t.shift();
  while (t.length > 1 && PADDING.has(t[t.length - 1])) t.pop();
  return t.join(' ');
}

export function emojiIn(text: string): string[] {
  return [...text.normalize('NFC').matchAll(EMOJI)].map((m) => m[0]);
}

/** A phrase from the YAML lists in the same form as core(): emoji phrases stay as they are. */
export function phraseKey(phrase: string): string {
  const words = tokens(phrase).join(' ');
  return (
    words ||
    phrase
      .normalize('NFC')
      .replace(/\uFE0F/g, '')
      .trim()
  );
}

/** Where a phrase occurs as whole words in a list of words; -1 if it does not. */
export function findPhrase(words: string[], phrase: string[], from = 0): number {
  outer: for (let i = from; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return i;
  }
  return -1;
}

/** Words that say nothing about a rating or a choice: who it is about, and the verbs and joins around it. */
export const PLAIN_WORDS = new Set([
  'i',
  'im',
  'me',
  'my',
  'ma',
  'we',
  'us',
  'our',
  'you',
  'ye',
  'your',
  'she',
  'shes',
  'her',
  'he',
  'hes',
  'him',
  'his',
  'they',
  'theyre',
  'ther',
  'their',
  'them',
  'it',
  'its',
  'that',
  'thats',
  'this',
  'there',
  'mum',
  'dad',
  'mam',
  'does',
  'do',
  'did',
  'is',
  'are',
  'was',
  'am',
  'be',
  'says',
  'said',
  'feel',
  'feels',
  'think',
  'a',
  'an',
  'the',
  'to',
  'tae',
  'of',
  'and',
  'but',
  'so',
  'for',
  'at',
  'in',
  'on',
  'with',
  'wi',
  'yes',
  'yeah',
  'aye',
  'yep',
  'no',
  'naw',
  'nah',
  'ok',
  'okay',
  'really',
  'quite',
  'pretty',
  'very',
  'bit',
  'wee',
  'just',
  'now',
  'here',
  'get',
  'gets',
  'got',
  'have',
  'has',
  'i',
  'ish',
  'mostly',
  'all',
  'sure',
  'good',
  'nice',
  'fine',
  'alright',
  'och',
  'well',
]);
