// Loads each cards/KIND.json once and keeps the prepared adaptivecards-templating Template.
import * as ACData from 'adaptivecards-templating';
import type { Prompt } from '../conversation/prompt.js';
import { readCardJson } from './files.js';
import { cardLabels } from './labels.js';

export type CardKind = Prompt['card'];
export const CARD_KINDS: readonly CardKind[] = ['message', 'question', 'multi-choice', 'summary', 'safety', 'quick-pass'];

/** Teams renders Adaptive Cards up to 1.5. */
const HIGHEST_VERSION = 1.5;

const cache = new Map<CardKind, ACData.Template>();

export function cardTemplate(kind: CardKind): ACData.Template {
  const found = cache.get(kind);
  if (found) return found;
  const { json, shown } = readCardJson(`${kind}.json`);
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'AdaptiveCard') {
    throw new Error(`${shown}: not an Adaptive Card (type must be "AdaptiveCard")`);
  }
  const version = Number((json as { version?: unknown }).version);
  if (!(version > 0 && version <= HIGHEST_VERSION)) {
    throw new Error(`${shown}:version: must be "1.0" to "1.5", the highest Teams renders`);
  }
  const template = new ACData.Template(json);
  cache.set(kind, template);
  return template;
}

/** Loads every template and the labels now, so a broken card stops start-up rather than a conversation. */
export function loadAllCards(): void {
  cardLabels();
  for (const kind of CARD_KINDS) cardTemplate(kind);
}
