// Commands that work at every step (back, skip, pause, help, start again, stop), typed plainly or politely:
// "can I go back", "pause please", "I want to stop".
import type { CommandWords } from '../script.js';
import { core, phraseKey } from './words.js';

export type Command = keyof CommandWords;

const BEFORE =
  /^(?:(?:can|could|may) (?:i|we|you)|i (?:want|need|would like|wanna|d like|ll)(?: to)?|id like to|i wanna|let me|lets|let us|please|just|ok|okay|oh|actually|sorry|i think ill|i will|ill|im going to|i am going to|gonna) /;
const AFTER = / (?:please|now|this|this one|that|that one|it|for now|for a bit|for a while|here|thanks|ta|the chat|the conversation|this chat|chat|question)$/;

/** The command a reply is, from a script's command words (the first conversation's, or a review's fewer). */
export function readCommand<C extends string = Command>(text: string, words: Record<C, readonly string[]>): C | undefined {
  const whole = commandIn(text, words);
  if (whole) return whole;
  // "can i go back, i put the wrong one": a command, then why.
  const first = /^([^,.;!?]+)[,.;!?]\s*(.*)$/s.exec(text);
  if (first && first[2].split(/\s+/).length <= 8) return commandIn(first[1], words);
  return undefined;
}

function commandIn<C extends string>(text: string, words: Record<C, readonly string[]>): C | undefined {
  let said = core(text);
  if (!said || said.split(' ').length > 7) return undefined;
  for (let i = 0; i < 3; i++) said = said.replace(BEFORE, '').replace(AFTER, '');
  for (const command of Object.keys(words) as C[]) {
    if (words[command].some((w) => phraseKey(w) === said)) return command;
  }
  return undefined;
}
