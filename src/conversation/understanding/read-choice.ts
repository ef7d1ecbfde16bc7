// Which of a few offered choices a person meant: its words or number, a keyword from the script
// ("by phone is best" -> phone), a yes or no where a choice stands for one, or a small spelling slip.
import Fuse from 'fuse.js';
import type { Choice } from '../prompt.js';
import type { Lexicon } from './lexicon.js';
import { readYesNo } from './read-yes-no.js';
import { core, phraseKey, tokens } from './words.js';

const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 };

export function readChoice(text: string, choices: Choice[], lex: Lexicon): Choice | undefined {
  const said = core(text);
  if (!said) {
    // "👍👍", "👎": only emoji, standing for a yes or a no.
    const yesNo = readYesNo(text, lex);
    const meant = choices.filter((c) => c.means === yesNo);
    return (yesNo === 'yes' || yesNo === 'no') && meant.length === 1 ? meant[0] : undefined;
  }
  const exact = choices.find((c) => phraseKey(c.label) === said || phraseKey(c.value) === said);
  if (exact) return exact;
  const number = /^(?:number |no |option |the )?(\d+|first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)(?: one| option)?$/.exec(said);
  if (number) {
    const n = ORDINALS[number[1]] ?? Number(number[1]);
    return n >= 1 && n <= choices.length ? choices[n - 1] : undefined;
  }
  // The start of a choice's words ("share" for "Share it"), or its words with more after them.
  const starts = choices.filter((c) => phraseKey(c.label).startsWith(`${said} `) || said.startsWith(`${phraseKey(c.label)} `));
  if (starts.length === 1) return starts[0];

  const words = tokens(text);
  // "no, I'll phone them myself": a reply that starts with a plain no is the choice that means no.
  const refusing = choices.filter((c) => c.means === 'no');
  const yesNo = readYesNo(text, lex);
  if (refusing.length === 1 && words.length > 1 && yesNo !== 'yes' && yesNo !== 'unsure' && (yesNo === 'no' || lex.no.has(words[0]))) return refusing[0];
  const byKeyword = keywordMatches(words, choices, lex);
  if (byKeyword.length) {
    // The longest keyword wins ("filling this in for my mum, she's in a home" is for someone, not a care home).
    const best = Math.max(...byKeyword.map((k) => k.weight));
    const top = byKeyword.filter((k) => k.weight === best);
    return top.length === 1 ? top[0].choice : undefined;
  }

  if (yesNo === 'yes' || yesNo === 'no') {
    const meant = choices.filter((c) => c.means === yesNo);
    if (meant.length === 1) return meant[0];
  }
  return fuzzyLabel(said, choices);
}

/** Choices one of whose keywords is in the text and not negated ("don't share" is not "share"), weighed by the keyword's length. */
export function keywordMatches(words: string[], choices: Choice[], lex: Lexicon): { choice: Choice; weight: number }[] {
  const hits: { choice: Choice; weight: number }[] = [];
  for (const c of choices) {
    let weight = 0;
    for (const k of [c.label, ...(c.keywords ?? [])].map((x) => phraseKey(x).split(' '))) {
      for (let i = 0; i + k.length <= words.length; i++) {
        if (!k.every((w, j) => words[i + j] === w || (w.length >= 5 && words[i + j].startsWith(w)))) continue;
        const before = words.slice(Math.max(0, i - 2), i);
        const negated = before.some((b) => lex.negations.has(b)) && !lex.negations.has(k[0]);
        if (!negated || c.means === 'no') weight = Math.max(weight, k.length * 10 + k.join(' ').length);
      }
    }
    if (weight > 0) hits.push({ choice: c, weight });
  }
  return hits;
}

function fuzzyLabel(said: string, choices: Choice[]): Choice | undefined {
  if (said.length < 4) return undefined;
  const fuse = new Fuse(choices, { keys: ['label'], includeScore: true, threshold: 0.3, ignoreLocation: true, getFn: (c) => phraseKey(c.label) });
  const found = fuse.search(said, { limit: 2 });
  if (found.length === 1 || (found.length > 1 && (found[1].score ?? 1) - (found[0].score ?? 0) > 0.1)) return found[0].item;
  return undefined;
}
