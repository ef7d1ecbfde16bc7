// Renders an engine Prompt for a channel: an Adaptive Card from cards/KIND.json and the same content as plain text.
import type { Prompt } from '../conversation/prompt.js';
import { cardLabels } from './labels.js';
import { cardTemplate } from './templates.js';
import { promptText } from './text.js';
import { cardView, type CardViewOptions } from './view.js';
import { LRUCache } from 'lru-cache';

export interface RenderedPrompt {
  text: string;
  card: Record<string, unknown>;
}

// Expanding a template is most of the card work, and most prompts (each question, each step) are the
// same for every conversation: keep recent results as JSON and hand out a fresh copy of one on a repeat.
const RECENT = 500;
const recent = new LRUCache<string, string>({ max: RECENT });

export function renderPrompt(prompt: Prompt, options: CardViewOptions = {}): RenderedPrompt {
  // The summary holds the person's own words and is shown about once: not kept.
  const key = prompt.summary ? undefined : JSON.stringify([prompt, options.maxTextLength ?? null]);
  const hit = key === undefined ? undefined : recent.get(key);
  if (hit !== undefined) return JSON.parse(hit) as RenderedPrompt;
  const rendered = expandPrompt(prompt, options);
  if (key !== undefined) {
    recent.set(key, JSON.stringify(rendered));
  }
  return rendered;
}

function expandPrompt(prompt: Prompt, options: CardViewOptions): RenderedPrompt {
  const labels = cardLabels();
  const text = promptText(prompt, labels);
  const expanded = cardTemplate(prompt.card).expand({ $root: cardView(prompt, labels, options) }) as Record<string, unknown>;
  // Clients that cannot draw the card show this instead.
  return { text, card: { ...expanded, fallbackText: text } };
}
