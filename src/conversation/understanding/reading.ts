// What a reply means, once read: the one shape every reader returns and every step acts on. The kernel
// decides first whether a message is a command, a goodbye or a question about the question; only then does
// the step read it as an answer to what it asked.
import type { Choice } from '../prompt.js';
import type { Command } from './read-command.js';
import type { QuickValue } from './read-quick-pass.js';

export type AnswerReading =
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'unsure' }
  /** Nothing to add: never kept as the person's words. */
  | { kind: 'nothing' }
  | { kind: 'rating'; value: number; words?: string; inferred: boolean }
  | { kind: 'between'; values: [number, number]; words?: string }
  | { kind: 'unclear'; words: string }
  | { kind: 'declined'; words?: string }
  | { kind: 'not-applicable'; words?: string }
  | { kind: 'words'; text: string }
  /** `words`: what the person said beyond the choice, kept; `inferred` when read from a sentence (said back lightly). */
  | { kind: 'choice'; choice: Choice; words?: string; inferred?: boolean }
  | { kind: 'areas'; ids: string[] }
  | { kind: 'ambiguous'; ids: string[] }
  /** `wordsFor`: the reply, kept as the person's words for the one area it says more about. */
  | { kind: 'quick'; values: Record<string, QuickValue>; wordsFor?: { id: string; text: string } }
  | { kind: 'contact'; detail: string }
  /** Not understood; `note` says why when there is a better line than "didn't get that". */
  | { kind: 'none'; note?: string };

export type Reading = { kind: 'command'; command: Command } | { kind: 'leaving' } | { kind: 'explain' } | { kind: 'answer'; answer: AnswerReading };
