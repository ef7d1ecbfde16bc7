// Turns engine prompts into Bot Framework activities: an Adaptive Card plus the same words as plain text.
import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { Prompt } from '../conversation/prompt.js';
import { renderPrompt } from '../cards/render.js';

/** Adds the step a card belongs to onto each of its submit buttons, so a stale press can be recognised. */
function stampSubmits(node: unknown, stepKey: string): void {
  if (Array.isArray(node)) {
    node.forEach((n) => stampSubmits(n, stepKey));
  } else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (obj.type === 'Action.Submit' && obj.data && typeof obj.data === 'object') {
      (obj.data as Record<string, unknown>).at = stepKey;
    }
    Object.values(obj).forEach((v) => stampSubmits(v, stepKey));
  }
}

export function promptActivities(prompts: Prompt[], stepKey?: string, maxTextLength?: number): Partial<Activity>[] {
  return prompts.map((prompt) => {
    const { text, card } = renderPrompt(prompt, { maxTextLength });
    if (stepKey) stampSubmits(card, stepKey);
    return {
      type: ActivityTypes.Message,
      text,
      textFormat: 'plain',
      attachments: [CardFactory.adaptiveCard(card)],
    };
  });
}
