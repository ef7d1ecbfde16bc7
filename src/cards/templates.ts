// The person's conversation cards: one cards/KIND.json per kind of prompt.
import type * as ACData from 'adaptivecards-templating';
import type { Prompt } from '../conversation/prompt.js';
import { cardFile } from './card-file.js';
import { cardLabels } from './labels.js';

export type CardKind = Prompt['card'];
export const CARD_KINDS: readonly CardKind[] = ['message', 'question', 'multi-choice', 'summary', 'safety', 'quick-pass'];

export function cardTemplate(kind: CardKind): ACData.Template {
  return cardFile(kind);
}

/** Loads every template and the labels now, so a broken card stops start-up rather than a conversation. */
export function loadAllCards(): void {
  cardLabels();
  for (const kind of CARD_KINDS) cardTemplate(kind);
}
