// One of a few ordered answers, each of which may stand for yes or no ("Has this happened?": Yes / Some of
// it / No), from what a person typed: its words or number, a yes or no however it is said ("aye", "naw"),
// a keyword in a sentence ("mostly, but the sitter only comes once a fortnight"), or "dunno". Text that says
// more than the answer is kept as the person's words, as at a rating question.
import type { Choice } from '../prompt.js';
import type { Lexicon } from './lexicon.js';
import { keywordMatches } from './read-choice.js';
import { isUnsure } from './read-intent.js';
import { readYesNo } from './read-yes-no.js';
import type { AnswerReading } from './reading.js';
import { PLAIN_WORDS, core, phraseKey, tokens } from './words.js';

/** A reply this long or longer is worth keeping even when no answer is found in it. */
const SENTENCE_WORDS = 3;

export function readLevel(text: string, choices: Choice[], lex: Lexicon): AnswerReading {
  const trimmed = text.trim();
  const whole = readWhole(trimmed, choices, lex);
  if (whole) return whole;
  const words = tokens(trimmed);
  if (!words.length) return { kind: 'none' };

  // "yes, she goes to the day centre now", "some of it - the sitter comes once a fortnight".
  const clause = /^([^,.;:!?\-–]{1,40})[,.;:!?\-–]+\s*(.+)$/s.exec(trimmed);
  if (clause && tokens(clause[2]).length) {
    const head = readWhole(clause[1], choices, lex);
    if (head?.kind === 'choice') return { ...head, words: trimmed };
    if (head?.kind === 'unsure') return { kind: 'unclear', words: trimmed };
  }

  // "no she still hasnt had the assessment": a plain yes or no to start, then a reason.
  const yesNo = leadingYesNo(words, lex);
  const meant = yesNo ? choices.filter((c) => c.means === yesNo) : [];
  if (meant.length === 1 && words.length >= SENTENCE_WORDS) return { kind: 'choice', choice: meant[0], words: trimmed };

  // A keyword inside a sentence: the answer is a guess, said back lightly; the words are kept.
  const byKeyword = keywordMatches(words, choices, lex);
  if (byKeyword.length) {
    const best = Math.max(...byKeyword.map((k) => k.weight));
    const top = byKeyword.filter((k) => k.weight === best);
    if (top.length === 1) return { kind: 'choice', choice: top[0].choice, words: trimmed, inferred: true };
  }
  return words.length >= SENTENCE_WORDS ? { kind: 'unclear', words: trimmed } : { kind: 'none' };
}

/** The whole reply is an answer and nothing more: "2", "some of it", "aye", "yes it has", "dunno". */
function readWhole(text: string, choices: Choice[], lex: Lexicon): AnswerReading | undefined {
  const said = core(text);
  if (isUnsure(text, lex)) return { kind: 'unsure' };
  if (said) {
    const named = choices.find((c) => [c.label, c.value, ...(c.keywords ?? [])].some((w) => phraseKey(w) === said));
    if (named) return { kind: 'choice', choice: named };
    const number = /^(?:number |option )?(\d)$/.exec(said);
    if (number) {
      const n = Number(number[1]);
      return n >= 1 && n <= choices.length ? { kind: 'choice', choice: choices[n - 1] } : { kind: 'none' };
    }
  }
  const yesNo = readYesNo(text, lex);
  if (yesNo === 'unsure') return { kind: 'unsure' };
  if (!yesNo) return undefined;
  const meant = choices.filter((c) => c.means === yesNo);
  if (meant.length !== 1) return undefined;
  // "yes it has", "naw it hasnt": plain words around a yes or no say nothing more.
  const words = tokens(text);
  return words.length <= SENTENCE_WORDS + 2 && words.every((w) => PLAIN_WORDS.has(w) || lex.yes.has(w) || lex.no.has(w) || HAPPENED.has(w))
    ? { kind: 'choice', choice: meant[0] }
    : undefined;
}

/** The words of "it has happened" and "it hasn't", which add nothing to a yes or no. */
const HAPPENED = new Set(['has', 'hasnt', 'have', 'havent', 'happened', 'did', 'didnt', 'done', 'not', 'yet', 'it', 'at', 'all']);

function leadingYesNo(words: string[], lex: Lexicon): 'yes' | 'no' | undefined {
  for (const n of [3, 2, 1]) {
    const head = words.slice(0, n).join(' ');
    if (words.length <= n || words[n] === 'but') continue;
    if (lex.yes.has(head)) return 'yes';
    if (lex.no.has(head)) return 'no';
  }
  return undefined;
}
