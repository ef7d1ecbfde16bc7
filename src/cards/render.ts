// Renders an engine Prompt for a channel: an Adaptive Card from cards/KIND.json and the same content as plain text.
import type { Prompt } from '../conversation/prompt.js';
import { cardLabels } from './labels.js';
import { cardTemplate } from './templates.js';
import { promptText } from './text.js';
import { cardView, type CardViewOptions } from './view.js';

export interface RenderedPrompt {
  text: string;
  card: Record<string, unknown>;
}

export function renderPrompt(prompt: Prompt, options: CardViewOptions = {}): RenderedPrompt {
  const labels = cardLabels();
  const text = promptText(prompt, labels);
  const expanded = cardTemplate(prompt.card).expand({ $root: cardView(prompt, labels, options) }) as Record<
    string,
    unknown
  >;
  // Clients that cannot draw the card show this instead.
  return { text, card: { ...expanded, fallbackText: text } };
}
