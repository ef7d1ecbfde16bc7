// Every form of a word for the phrase language's "grab~". The shipped lists' words come from a file made once
// (config/safeguarding.inflections.json, checked by test/safeguarding/inflections.test.ts), so start-up does not
// load a lexicon; a word not in it (an organisation's own) is looked up in compromise's lexicon, loaded then.
import { createRequire } from 'node:module';
import type nlpType from 'compromise/three';

export type Inflector = (word: string) => string[];

const require = createRequire(import.meta.url);
let nlp: typeof nlpType | undefined;
const looked = new Map<string, string[]>();

/** Every form of a word as a verb (or, when it is no verb, as a noun): "bite": bite, bites, bit, biting, bitten. */
export function inflectWithLexicon(word: string): string[] {
  const cached = looked.get(word);
  if (cached) return cached;
  nlp ??= require('compromise/three') as typeof nlpType;
  const forms = new Set([word]);
  // Tagging is the slow part, so only words the lexicon does not already know as verbs are tagged.
  let verb = nlp(word).verbs().conjugate()[0] as Record<string, string> | undefined;
  if (!verb) {
    const asVerb = nlp(word);
    asVerb.tag('Verb');
    verb = asVerb.verbs().conjugate()[0] as Record<string, string> | undefined;
  }
  for (const [tense, form] of Object.entries(verb ?? {})) if (tense !== 'FutureTense' && /^[a-z]+$/.test(form)) forms.add(form);
  if (forms.size === 1) {
    const plural = nlp(word).nouns().toPlural().text().toLowerCase();
    if (/^[a-z]+$/.test(plural)) forms.add(plural);
  }
  const list = [...forms];
  looked.set(word, list);
  return list;
}

/** Reads the made-once forms first, then the lexicon. */
export function cachedInflector(made: Record<string, string[]>): Inflector {
  return (word) => (Object.hasOwn(made, word) ? made[word] : inflectWithLexicon(word));
}

/** The words a phrase list writes with "~". */
export function tildeWords(phrases: string[]): string[] {
  return [...new Set(phrases.flatMap((p) => [...p.matchAll(/([a-z]+)~/g)].map((m) => m[1])))].sort();
}
