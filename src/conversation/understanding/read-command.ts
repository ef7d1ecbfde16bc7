// Commands, read in one place: those that work at every step of a conversation (back, skip, pause, help,
// start again, stop), typed plainly or politely ("can I go back", "pause please", "I want to stop"), and
// those read before the conversation (the person's rights, a review, coming back with a code).
import { isShapedLikeCode, normaliseReferenceCode } from '../reference-code.js';
import type { CommandWords } from '../script.js';
import { core, phraseKey, plain } from './words.js';

export type Command = keyof CommandWords;

const BEFORE =
  /^(?:(?:can|could|may) (?:i|we|you|ah)|(?:i|ah|a) (?:want|need|would like|wanna|d like|ll|wantae)(?: to| tae)?|id like to|i wanna|let me|lets|let us|please|just|ok|okay|oh|actually|sorry|i think ill|i will|ill|im going to|i am going to|gonna) /;
const AFTER = / (?:please|now|this|this one|that|that one|it|for now|for a bit|for a while|here|thanks|ta|the chat|the conversation|this chat|chat|question)$/;

/** The command a reply is, from a script's command words (the first conversation's, or a review's fewer). */
export function readCommand<C extends string = Command>(text: string, words: Record<C, readonly string[]>): C | undefined {
  const whole = commandIn(text, words);
  if (whole) return whole;
  // "can i go back, i put the wrong one": a command, then why.
  const first = /^([^,.;!?]+)[,.;!?]\s*(.*)$/s.exec(text);
  if (first && first[2].split(/\s+/).length <= 8) return commandIn(first[1], words);
  return commandThenWhy(text, words);
}

/** Words that start the reason after a command typed without a comma ("start again i got mixed up"). */
const REASON = new Set(['i', 'im', 'ive', 'ah', 'as', 'cos', 'coz', 'because', 'sorry', 'please', 'my']);

/** "go back i want to change something": a command of two words or more, then why, with no comma between. */
function commandThenWhy<C extends string>(text: string, words: Record<C, readonly string[]>): C | undefined {
  let said = core(text);
  const count = said.split(' ').length;
  if (!said || count > 12) return undefined;
  for (let i = 0; i < 3; i++) said = said.replace(BEFORE, '');
  for (const [phrase, command] of commandsByPhrase(words)) {
    if (!phrase.includes(' ') || !said.startsWith(`${phrase} `)) continue;
    if (REASON.has(said.slice(phrase.length + 1).split(' ')[0])) return command;
  }
  return undefined;
}

function commandIn<C extends string>(text: string, words: Record<C, readonly string[]>): C | undefined {
  let said = core(text);
  if (!said || said.split(' ').length > 7) return undefined;
  for (let i = 0; i < 3; i++) said = said.replace(BEFORE, '').replace(AFTER, '');
  return commandsByPhrase(words).get(said);
}

// Command words come from a script (or a review's words) loaded once: each list's phrases are read once.
const phraseCommands = new WeakMap<object, Map<string, string>>();

/** Each phrase of the command words in the form of core(), and the first command (in the words' order) it is one of. */
function commandsByPhrase<C extends string>(words: Record<C, readonly string[]>): Map<string, C> {
  let found = phraseCommands.get(words) as Map<string, C> | undefined;
  if (!found) {
    found = new Map();
    for (const command of Object.keys(words) as C[]) {
      for (const w of words[command]) {
        const key = phraseKey(w);
        if (!found.has(key)) found.set(key, command);
      }
    }
    phraseCommands.set(words, found);
  }
  return found;
}

/** The words of the commands read before the conversation: the person's rights, a review, coming back. */
export interface PersonCommandWords {
  forget: readonly string[];
  copy: readonly string[];
  /** Followed by a code, starts a review ("review ABCD-EFGH-23"). */
  review: readonly string[];
  /** Followed by a code, carries on a paused conversation ("resume ABCD-EFGH-23"). */
  resume: readonly string[];
}

export type PersonCommand =
  /** "forget me" or "my copy", alone or with a code; the whole message. */
  | { kind: 'forget' | 'copy'; code?: string }
  /** The start words and a code; `null` when what follows is not a code. */
  | { kind: 'review' | 'resume'; code: string | null };

/**
 * What a person's message is before the conversation reads it, in this order: a rights request ("forget me
 * CODE", "my copy"), a review ("review CODE"), coming back ("resume CODE", or a code alone where `bareCode`
 * allows: at the first questions). Anything else is for the conversation, which reads its own commands
 * (readCommand above).
 */
export function readPersonCommand(text: string, words: PersonCommandWords, options: { bareCode?: boolean } = {}): PersonCommand | undefined {
  const said = plain(text);
  if (!said) return undefined;
  for (const kind of ['forget', 'copy'] as const) {
    const after = afterWords(said, words[kind]);
    if (after === '') return { kind };
    const code = after === undefined ? undefined : normaliseReferenceCode(after);
    if (code) return { kind, code };
  }
  const review = afterWords(said, words.review);
  if (review) return { kind: 'review', code: normaliseReferenceCode(review) ?? null };
  // "carry on then" is the conversation's; "carry on abcd efgh 2" is a code mistyped.
  const resume = afterWords(said, words.resume);
  if (resume && (/\d/.test(resume) || resume.replace(/ /g, '').length === 10)) return { kind: 'resume', code: normaliseReferenceCode(resume) ?? null };
  if (options.bareCode && isShapedLikeCode(text)) {
    const code = normaliseReferenceCode(text);
    if (code) return { kind: 'resume', code };
  }
  return undefined;
}

/** What follows the longest of the phrases that starts the text: '' when the text is the phrase; undefined when none does. */
function afterWords(said: string, phrases: readonly string[]): string | undefined {
  const keys = [...new Set(phrases.map(plain))].filter(Boolean).sort((a, b) => b.length - a.length);
  for (const key of keys) {
    if (said === key) return '';
    if (said.startsWith(`${key} `)) return said.slice(key.length + 1);
  }
  return undefined;
}
