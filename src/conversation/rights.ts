// The person's rights: "forget me ABCD-EFGH-JK" (erase everything under that code) and "my copy
// ABCD-EFGH-JK" (see what was kept), read with the other commands (understanding/read-command.ts). Pure.
import type { Prompt } from './prompt.js';
import type { Script } from './script.js';

export interface RightsRequest {
  kind: 'forget' | 'copy';
  /** The code typed after the words; undefined when only the words were typed. */
  code?: string;
}

/** "Do you want to delete it?" with yes and no, answerable by typing. */
export function forgetConfirmPrompt(script: Script): Prompt {
  const t = script.text;
  return {
    card: 'question',
    body: [t.forgetConfirm],
    choices: [
      { label: t.forgetYes, value: t.forgetYes, means: 'yes' },
      { label: t.forgetNo, value: t.forgetNo, means: 'no' },
    ],
  };
}
