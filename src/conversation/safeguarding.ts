// The safeguarding phrase matcher: pure. Phrase lists are data (config/safeguarding.yaml); this file only
// normalises text and compiles the small phrase language below into word-boundary regular expressions.
//
// Phrase language (one phrase per list item, matched against normalised text, whole words only):
//   kill myself            the words in order
//   hurt*                  a word starting with "hurt" (hurt, hurts, hurting)
//   (hit|hits|punched)     one of these; an alternative may be several words: (end it|end my life)
//   [really]               optional word(s); [my|his|her] an optional choice
//   ...                    up to four other words in between ("he ... hits me": "he sometimes hits me")
//   ...+                   up to twelve other words in between, still in the same sentence (two ideas told apart)
//   $                      the end of a sentence or of the message
//   {person}               a named group from the lists' `groups` (a phrase fragment, written once)
//   grab~                  every inflection of the word (grab, grabs, grabbed, grabbing): see inflections.ts
// Before matching, words the lists' `spellings` name are replaced (Scots, common misspellings: "cannae" -> "can not"),
// and a word the lists do not know is read as one they do when it only drops a final g ("hittin") or swaps two
// letters ("boyfreind"): a net for spelling, never a guess at an unknown word.
// Exclusions are phrases too. Whatever an exclusion matches is blanked out before the categories are
// checked, so "killing time" never counts, but "killing time ... I want to kill myself" still does.
import { z } from 'zod';
import { inflectWithLexicon, type Inflector } from './inflections.js';

export const PhraseLists = z.object({
  /** Named phrase fragments, used in phrases as {name}: e.g. person: "(he|she|my partner)". */
  groups: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, numbers and dashes'), z.string().trim().min(1)).default({}),
  /** Category id -> phrases. Ids are shown to practitioners (harm-to-self, harm-from-others, immediate-danger). */
  categories: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, numbers and dashes'), z.array(z.string().trim().min(1)).min(1)),
  /** Ordinary sentences that look like a disclosure but are not ("killing time"). */
  exclusions: z.array(z.string().trim().min(1)).default([]),
  /** Word(s) as typed -> as the phrases spell them: Scots and common misspellings ("cannae": "can not"). */
  spellings: z.record(z.string().regex(/^[a-z0-9' ]+$/, 'must be lower-case words'), z.string().regex(/^[a-z0-9 ]+$/, 'must be lower-case words')).default({}),
});
export type PhraseLists = z.infer<typeof PhraseLists>;

export class PhraseError extends Error {
  override name = 'PhraseError';
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/\b(do|does|did|is|are|was|were|have|has|had|could|should|would|must|need|ai)n'?t\b/g, '$1 not'],
  [/\bi'?m\b/g, 'i am'],
  [/\bi'?ve\b/g, 'i have'],
  // "'s" before a past participle is "has", before "-ing" or a place word "is"; otherwise it stays a possessive " s".
  [
    /'s (been|got|gone|had|taken|took|fallen|done|left|started|stopped|just|never|always|lost|given|made|broken|hit|kicked|hurt|collapsed|wandered|swallowed|overdosed|cut|emptied|stolen)\b/g,
    ' has $1',
  ],
  [/'s ([a-z]+ing|not|no|on|in|outside|here|there|still|very|so|really|a|an|the|always|never|getting|going)\b/g, ' is $1'],
  [/\b(he|she|it|that|there|who|what|where)'s\b/g, '$1 is'],
  [/\b(he|she)s\b/g, '$1 is'],
  [/\bits\b/g, 'it is'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/'s\b/g, ' s'],
  [/\bgonna\b/g, 'going to'],
  [/\bwanna\b/g, 'want to'],
  [/\bgotta\b/g, 'got to'],
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
  [/\bany more\b/g, 'anymore'],
];

/**
 * Lower case, accents and emoji gone, contractions written out ("can't" and "cant" -> "can not"),
 * sentences kept apart by " . ", padded with one space at each end: " i am not safe . "
 */
export function normaliseForSafeguarding(text: string, spell?: Speller): string {
  let t = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'");
  for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  t = t
    .replace(/[.!?;:\n\r]+/g, ' . ')
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/(\d)\s\.\s(\d)/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
  // A sentence that starts "am" (Scots and quick typing: "am no coping") is about "i".
  t = ` ${t} `.replace(/(^| \. ) ?am (?=[a-z])/g, '$1 i am ').replace(/\s+/g, ' ');
  return spell ? spell(t) : t;
}

/** Rewrites a normalised text's words into the lists' spelling. */
export type Speller = (normalised: string) => string;

function swapsTwoLetters(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

/** The speller for a set of lists: their spellings first, then dropped final g and swapped letters, against their words. */
function createSpeller(spellings: Record<string, string>, vocabulary: Set<string>): Speller {
  const multi = Object.entries(spellings)
    .map(([from, to]) => [normaliseForSafeguarding(from).trim(), to] as const)
    .filter(([from]) => from.length > 0)
    .sort((a, b) => b[0].length - a[0].length)
    .map(([from, to]) => [` ${from} `, new RegExp(` ${escape(from)}(?= )`, 'g'), ` ${to}`] as const);
  const long = [...vocabulary].filter((w) => w.length >= 5);
  const known = new Map<string, string>();
  const fix = (word: string): string => {
    if (vocabulary.has(word) || word.length < 5 || /\d/.test(word)) return word;
    const cached = known.get(word);
    if (cached !== undefined) return cached;
    let out = word;
    if (word.endsWith('in') && vocabulary.has(`${word}g`)) out = `${word}g`;
    else {
      const near = long.filter((v) => swapsTwoLetters(word, v));
      if (near.length === 1) out = near[0];
    }
    known.set(word, out);
    return out;
  };
  return (normalised: string) => {
    let t = normalised;
    // The pattern matches exactly where its words stand alone in the text: most texts have none of them.
    for (const [words, from, to] of multi) if (t.includes(words)) t = t.replace(from, to);
    return t.replace(/[a-z0-9]+/g, fix).replace(/\s+/g, ' ');
  };
}

const WORD = '[a-z0-9]+';
const GAP_WORDS = 4;
const LONG_GAP_WORDS = 12;

type Token =
  | { kind: 'word'; text: string; prefix: boolean; forms?: string[] }
  | { kind: 'alt'; options: Token[][] }
  | { kind: 'opt'; body: Token[] }
  | { kind: 'gap'; long?: true }
  | { kind: 'end' };

function tokenise(phrase: string): string[] {
  return phrase
    .replace(/([()[\]|])/g, ' $1 ')
    .trim()
    .split(/\s+/);
}

let inflect: Inflector = inflectWithLexicon;

function parseSequence(parts: string[], pos: { i: number }, phrase: string, until: Set<string>): Token[] {
  const out: Token[] = [];
  while (pos.i < parts.length && !until.has(parts[pos.i])) {
    const part = parts[pos.i++];
    if (part === '(') {
      const options: Token[][] = [];
      for (;;) {
        options.push(parseSequence(parts, pos, phrase, new Set(['|', ')'])));
        const closer = parts[pos.i++];
        if (closer === ')') break;
        if (closer !== '|') throw new PhraseError(`"${phrase}": a "(" is not closed`);
      }
      if (options.some((o) => o.length === 0)) throw new PhraseError(`"${phrase}": an empty choice in ( | )`);
      out.push({ kind: 'alt', options });
    } else if (part === '[') {
      const options: Token[][] = [];
      for (;;) {
        options.push(parseSequence(parts, pos, phrase, new Set(['|', ']'])));
        const closer = parts[pos.i++];
        if (closer === ']') break;
        if (closer !== '|') throw new PhraseError(`"${phrase}": a "[" is not closed`);
      }
      if (options.some((o) => o.length === 0)) throw new PhraseError(`"${phrase}": an empty choice in [ | ]`);
      out.push({ kind: 'opt', body: options.length === 1 ? options[0] : [{ kind: 'alt', options }] });
    } else if (part === '...') {
      out.push({ kind: 'gap' });
    } else if (part === '...+') {
      out.push({ kind: 'gap', long: true });
    } else if (part === '$') {
      out.push({ kind: 'end' });
    } else if (part === ')' || part === ']' || part === '|') {
      throw new PhraseError(`"${phrase}": "${part}" without its opening bracket`);
    } else if (part.endsWith('~')) {
      const word = part.slice(0, -1);
      if (!/^[a-z]+$/.test(word)) throw new PhraseError(`"${phrase}": "${part}": ~ goes after one plain word`);
      out.push({ kind: 'word', text: word, prefix: false, forms: inflect(word) });
    } else {
      const prefix = part.endsWith('*');
      const words = normaliseForSafeguarding(prefix ? part.slice(0, -1) : part)
        .trim()
        .split(' ')
        .filter(Boolean);
      if (words.length === 0 || words.includes('.')) throw new PhraseError(`"${phrase}": "${part}" has no letters or numbers`);
      words.forEach((w, i) => out.push({ kind: 'word', text: w, prefix: prefix && i === words.length - 1 }));
    }
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each word token renders with its leading space, so a match always starts and ends on a word boundary. */
function render(tokens: Token[]): string {
  return tokens
    .map((t) => {
      switch (t.kind) {
        case 'word':
          if (t.forms) return ` (?:${t.forms.map(escape).join('|')})`;
          return ` ${escape(t.text)}${t.prefix ? '[a-z0-9]*' : ''}`;
        case 'alt':
          return `(?:${t.options.map(render).join('|')})`;
        case 'opt':
          return `(?:${render(t.body)})?`;
        case 'gap':
          return `(?: ${WORD}){0,${t.long ? LONG_GAP_WORDS : GAP_WORDS}}`;
        case 'end':
          return '(?= \\.| $)';
      }
    })
    .join('');
}

function wordsOf(tokens: Token[], into: Set<string>): Set<string> {
  for (const t of tokens) {
    if (t.kind === 'word') (t.forms ?? [t.text]).forEach((w) => into.add(w));
    else if (t.kind === 'alt') t.options.forEach((o) => wordsOf(o, into));
    else if (t.kind === 'opt') wordsOf(t.body, into);
  }
  return into;
}

function parsePhrase(phrase: string): Token[] {
  const parts = tokenise(phrase);
  const pos = { i: 0 };
  const tokens = parseSequence(parts, pos, phrase, new Set());
  if (tokens.length === 0 || tokens.every((t) => t.kind === 'gap' || t.kind === 'end')) {
    throw new PhraseError(`"${phrase}": needs at least one word`);
  }
  return tokens;
}

/**
 * A word every match of a phrase has, whole ("kill"), or as the start of a word ("suicid" for suicid*).
 * A word token always matches a whole word of the normalised text: every token starts with a space (or looks
 * ahead to one), and so does what follows the last.
 */
interface Needle {
  word: string;
  start: boolean;
}

/** Needles one of which every match of a token contains: the word, any one of its forms, any of a choice's options' own. Undefined: it may match nothing. */
function tokenNeedles(token: Token): Needle[] | undefined {
  if (token.kind === 'word') return token.forms ? token.forms.map((word) => ({ word, start: false })) : [{ word: token.text, start: token.prefix }];
  if (token.kind !== 'alt') return undefined;
  const all: Needle[] = [];
  for (const option of token.options) {
    const found = needlesOf(option);
    if (!found) return undefined;
    all.push(...found);
  }
  return all;
}

/** The fewest needles one of which every match of a phrase contains (from one of the tokens it must match). */
function needlesOf(tokens: Token[]): Needle[] | undefined {
  let best: Needle[] | undefined;
  for (const token of tokens) {
    const found = tokenNeedles(token);
    if (found && (!best || found.length < best.length)) best = found;
  }
  return best;
}

/** A compiled phrase and its needles (undefined: none found, so it is always run). */
interface Compiled {
  pattern: RegExp;
  needles?: Needle[];
}

function compile(phrase: string, vocabulary?: Set<string>): Compiled {
  const tokens = parsePhrase(phrase);
  if (vocabulary) wordsOf(tokens, vocabulary);
  return { pattern: new RegExp(`${render(tokens)}(?= )`, 'g'), needles: needlesOf(tokens) };
}

/**
 * Which phrases a normalised text could match, from the words it has: a phrase none of whose needles is in
 * the text cannot match it, so its pattern is not run. Most texts have the words of a few phrases at most.
 * Exclusions only ever take words out of a text, so what the text could match before them it still covers.
 */
class PhraseIndex {
  readonly #byWord = new Map<string, number[]>();
  readonly #byStart: { start: string; id: number }[] = [];
  readonly #always: number[] = [];
  #size = 0;

  add(compiled: Compiled): number {
    const id = this.#size++;
    if (!compiled.needles) this.#always.push(id);
    for (const needle of compiled.needles ?? []) {
      if (needle.start) this.#byStart.push({ start: ` ${needle.word}`, id });
      else this.#byWord.set(needle.word, [...(this.#byWord.get(needle.word) ?? []), id]);
    }
    return id;
  }

  /** For each phrase id, 1 when the text has one of its needles (or it has none). */
  candidates(text: string): Uint8Array {
    const hit = new Uint8Array(this.#size);
    for (const id of this.#always) hit[id] = 1;
    for (const word of text.split(' ')) {
      const ids = this.#byWord.get(word);
      if (ids) for (const id of ids) hit[id] = 1;
    }
    for (const { start, id } of this.#byStart) if (!hit[id] && text.includes(start)) hit[id] = 1;
    return hit;
  }
}

/** Compiles one phrase; throws PhraseError saying what is wrong with it. */
export function compilePhrase(phrase: string, vocabulary?: Set<string>): RegExp {
  return compile(phrase, vocabulary).pattern;
}

export interface SafeguardingMatcher {
  /** The categories the text matches, in the order the lists give them; empty when none. */
  (text: string): string[];
}

/** Compiles the lists once; throws PhraseError naming the first bad phrase and where it is. */
export function createSafeguardingCheck(given: z.input<typeof PhraseLists>, inflector: Inflector = inflectWithLexicon): SafeguardingMatcher {
  const lists = PhraseLists.parse(given);
  inflect = inflector;
  const expand = (phrase: string): string =>
    phrase.replace(/\{([a-z0-9-]+)\}/g, (_, name: string) => {
      const group = lists.groups[name];
      if (group === undefined) throw new PhraseError(`"${phrase}": unknown group {${name}} (known: ${Object.keys(lists.groups).join(', ') || 'none'})`);
      return ` (${group}) `;
    });
  const vocabulary = new Set<string>();
  const compileAll = (phrases: string[], where: string) =>
    phrases.map((p, i) => {
      try {
        return compile(expand(p), vocabulary);
      } catch (err) {
        throw new PhraseError(`${where}[${i}]: ${(err as Error).message}`);
      }
    });
  const index = new PhraseIndex();
  const indexed = (c: Compiled) => ({ pattern: c.pattern, id: index.add(c) });
  const exclusions = compileAll(lists.exclusions, 'exclusions').map(indexed);
  const categories = Object.entries(lists.categories).map(([id, phrases]) => ({ id, patterns: compileAll(phrases, `categories.${id}`).map(indexed) }));
  for (const to of Object.values(lists.spellings)) to.split(' ').forEach((w) => vocabulary.add(w));
  const spell = createSpeller(lists.spellings, vocabulary);
  return (text: string) => {
    let t = normaliseForSafeguarding(text, spell);
    const could = index.candidates(t);
    // Blank excluded spans with a non-word mark, so no phrase (or gap) can run across them.
    for (const ex of exclusions) if (could[ex.id]) t = t.replace(ex.pattern, ' #');
    return categories.filter((c) => c.patterns.some((p) => could[p.id] === 1 && matches(p.pattern, t))).map((c) => c.id);
  };
}

function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** Merges an organisation's extra lists into the defaults (phrases added per category, exclusions added). */
export function mergePhraseLists(base: PhraseLists, extra: PhraseLists): PhraseLists {
  const categories: Record<string, string[]> = { ...base.categories };
  for (const [id, phrases] of Object.entries(extra.categories)) categories[id] = [...(categories[id] ?? []), ...phrases];
  return {
    groups: { ...base.groups, ...extra.groups },
    categories,
    exclusions: [...base.exclusions, ...extra.exclusions],
    spellings: { ...base.spellings, ...extra.spellings },
  };
}
