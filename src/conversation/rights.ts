// The person's rights, as typed: "forget me ABCD-EFGH-JK" (erase everything under that code) and
// "my copy ABCD-EFGH-JK" (see what was kept). Pure: the words come from the scripts.
import type { Prompt } from './prompt.js';
import { normaliseReferenceCode } from './reference-code.js';
import type { Script } from './script.js';
import { normalise } from './understand.js';

export interface RightsRequest {
  kind: 'forget' | 'copy';
  /** The code typed after the words; undefined when only the words were typed. */
  code?: string;
}

/**
 * A rights request is the whole message: the words alone, or the words and a reference code.
 * Anything else ("copy of my care plan would help") is an ordinary answer.
 */
export function matchRights(text: string, scripts: Script[]): RightsRequest | undefined {
  const said = normalise(text);
  if (!said) return undefined;
  for (const kind of ['forget', 'copy'] as const) {
    const words = [...new Set(scripts.flatMap((s) => s.rights[kind]).map(normalise))].sort((a, b) => b.length - a.length);
    for (const w of words) {
      if (said === w) return { kind };
      if (said.startsWith(`${w} `)) {
        const code = normaliseReferenceCode(said.slice(w.length + 1));
        if (code) return { kind, code };
      }
    }
  }
  return undefined;
}

/** "Do you want to delete it?" with yes and no, answerable by typing. */
export function forgetConfirmPrompt(script: Script): Prompt {
  const t = script.text;
  return {
    card: 'question',
    body: [t.forgetConfirm],
    choices: [
      { label: t.forgetYes, value: t.forgetYes },
      { label: t.forgetNo, value: t.forgetNo },
    ],
  };
}
