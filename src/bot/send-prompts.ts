// Turns engine prompts into Bot Framework activities, each small enough for Teams (src/cards/fit.ts).
// In Teams the card goes alone, with a one-line summary for notifications: Teams shows an activity's text
// and its card one above the other. Elsewhere the same words also go as plain text, for channels without
// cards; the web chat page moves that text to Web Chat's screen-reader reading (public/chat.js). The
// card's fallbackText is that one line, so the person's words are never carried a third time.
import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { Prompt } from '../conversation/prompt.js';
import { firstLine, jsonBytes, MESSAGE_BUDGET } from '../cards/fit.js';
import { cardLabels } from '../cards/labels.js';
import { paginatePrompt } from '../cards/paginate-prompt.js';
import { renderPrompt } from '../cards/render.js';

/** Channels that draw every card and show text and card twice: the card goes alone. */
const CARD_ONLY_CHANNELS = new Set(['msteams']);

function cardOnlyChannel(channelId: string | undefined): boolean {
  return channelId !== undefined && CARD_ONLY_CHANNELS.has(channelId);
}

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

function activityFor(prompt: Prompt, stepKey: string | undefined, maxTextLength: number | undefined, cardOnly: boolean): Partial<Activity> {
  const { text, card } = renderPrompt(prompt, { maxTextLength });
  if (stepKey) stampSubmits(card, stepKey);
  const line = firstLine(text);
  const attachments = [CardFactory.adaptiveCard({ ...card, fallbackText: line })];
  // What kind of answer this question waits for, for clients and tests; never the person's words.
  const asked = prompt.ask ? { channelData: { outcomesBot: { ask: prompt.ask, outcomes: prompt.outcomes ?? [] } } } : {};
  if (cardOnly) return { type: ActivityTypes.Message, summary: line, attachments, ...asked };
  return { type: ActivityTypes.Message, text, textFormat: 'plain', attachments, ...asked };
}

export function promptActivities(prompts: Prompt[], stepKey?: string, maxTextLength?: number, channelId?: string): Partial<Activity>[] {
  const cardOnly = cardOnlyChannel(channelId);
  const build = (p: Prompt) => activityFor(p, stepKey, maxTextLength, cardOnly);
  const fits = (p: Prompt) => jsonBytes(build(p)) <= MESSAGE_BUDGET;
  return prompts.flatMap((prompt) => {
    // Nearly every prompt fits whole: built once, measured once.
    const whole = build(prompt);
    return jsonBytes(whole) <= MESSAGE_BUDGET ? [whole] : paginatePrompt(prompt, fits, cardLabels().part).map(build);
  });
}
