// Yes, no or "not sure", however it is said: "aye go on", "naw", "yes thats right", "nae bother", "👍".
import type { Lexicon } from './lexicon.js';
import { core, emojiIn, phraseKey } from './words.js';

export type YesNo = 'yes' | 'no' | 'unsure';

/** Words after a yes or no that do not change it ("yes that's right", "no not at the moment"). */
const MAX_TAIL_WORDS = 6;

const REPORTED = /^(?:she|he|mum|dad|they|mam|my mum|my dad) (?:says|said|thinks|reckons) /;

export function readYesNo(text: string, lex: Lexicon): YesNo | undefined {
  const said = core(text).replace(REPORTED, '');
  if (!said) {
    const emoji = emojiIn(text).map(phraseKey);
    if (emoji.some((e) => lex.yes.has(e))) return 'yes';
    if (emoji.some((e) => lex.no.has(e))) return 'no';
    if (emoji.some((e) => lex.unsure.has(e))) return 'unsure';
    return undefined;
  }
  const whole = exact(said, lex);
  if (whole) return whole;
  const words = said.split(' ');
  // "yes but..." or "no but..." says something more: the caller keeps it as words, not a plain yes or no.
  if (words.includes('but')) return undefined;
  for (const length of [3, 2, 1]) {
    if (words.length <= length) continue;
    // "i dont know if i want it kept": not knowing leads even a longer reply.
    if (words.length - length > MAX_TAIL_WORDS && !lex.unsure.has(words.slice(0, length).join(' '))) continue;
    const head = exact(words.slice(0, length).join(' '), lex);
    if (head) return head;
  }
  if (words.length === 1) {
    if (lex.closeWord(words[0], lex.unsure)) return 'unsure';
    if (lex.closeWord(words[0], lex.yes)) return 'yes';
    if (lex.closeWord(words[0], lex.no)) return 'no';
  }
  return undefined;
}

function exact(said: string, lex: Lexicon): YesNo | undefined {
  if (lex.unsure.has(said)) return 'unsure';
  if (lex.yes.has(said)) return 'yes';
  if (lex.no.has(said)) return 'no';
  return undefined;
}
