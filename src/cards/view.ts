// Turns a Prompt into the complete data a card template binds to: every field present, so no
// `${name}` is ever left unexpanded (adaptivecards-templating leaves a missing field as written).
import { fillText } from '../conversation/fill-text.js';
import type { Choice, Prompt } from '../conversation/prompt.js';
import type { CardLabels } from './labels.js';

/** The adaptivecards renderer's default host config allows 5 actions in a set (Teams about 6). */
const MAX_ACTIONS_PER_ROW = 5;

const DEFAULT_MAX_TEXT_LENGTH = 2000;

export interface CardViewOptions {
  /** The longest free-text answer the card's text box accepts (the organisation's maxTextLength). */
  maxTextLength?: number;
}

export interface CardView {
  labels: CardLabels;
  title: string;
  progress: string;
  body: string[];
  link: { label: string; url: string };
  choices: Choice[];
  choiceRows: { items: Choice[] }[];
  commandRows: { items: Choice[] }[];
  commands: Choice[];
  /** quick-pass: the areas, each a list of the scale's answers (`areaChoices`). */
  areas: { number: number; title: string }[];
  areaChoices: { label: string; value: string }[];
  choiceSetLabel: string;
  freeText: boolean;
  maxLength: number;
  summary: {
    number: number;
    title: string;
    rating: string;
    ratingLabel: string;
    ownWords: string;
    whatWouldHelp: string;
    priority: boolean;
    detail: string;
  }[];
  contacts: { name: string; phone: string; tel: string; when: string; note: string }[];
  hint: string;
}

function rows(choices: Choice[]): { items: Choice[] }[] {
  const out: { items: Choice[] }[] = [];
  for (let i = 0; i < choices.length; i += MAX_ACTIONS_PER_ROW) {
    out.push({ items: choices.slice(i, i + MAX_ACTIONS_PER_ROW) });
  }
  return out;
}

/**
 * The quick-pass card's answers: the scale's numbers as they are, "I'd rather not say" and "Doesn't apply" as
 * the short words the quick-pass reader takes ("1: declined", "2: na").
 */
function areaChoices(choices: Choice[]): { label: string; value: string }[] {
  const scale = choices.filter((c) => /^\d+$/.test(c.value));
  const other = choices.filter((c) => !/^\d+$/.test(c.value));
  return [...scale.map((c) => ({ label: c.label, value: c.value })), ...other.map((c, i) => ({ label: c.label, value: i === 0 ? 'declined' : 'na' }))];
}

/** "0800 0141 113" -> "tel:08000141113"; keeps a leading +. */
export function telUrl(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '')}`;
}

export function cardView(prompt: Prompt, labels: CardLabels, options: CardViewOptions = {}): CardView {
  const choices = prompt.choices ?? [];
  return {
    labels,
    title: prompt.title ?? (prompt.card === 'safety' ? labels.safetyHeading : ''),
    progress: prompt.progress ?? '',
    body: prompt.body.filter((p) => p.trim() !== ''),
    link: prompt.link ?? { label: '', url: '' },
    choices,
    choiceRows: rows(choices),
    commandRows: rows(prompt.commands ?? []),
    commands: prompt.commands ?? [],
    areas: prompt.areas ?? [],
    areaChoices: areaChoices(choices),
    choiceSetLabel: prompt.maxChoices !== undefined ? fillText(labels.chooseUpTo, { max: prompt.maxChoices }) : labels.chooseAny,
    freeText: prompt.freeText === true,
    maxLength: options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH,
    summary: (prompt.summary ?? []).map((s) => ({
      number: s.number,
      title: s.title,
      rating: s.rating ?? '',
      ratingLabel: s.ratingLabel ?? labels.rating,
      ownWords: s.ownWords ?? '',
      whatWouldHelp: s.whatWouldHelp ?? '',
      priority: s.priority === true,
      detail: s.detail ?? '',
    })),
    contacts: (prompt.contacts ?? []).map((c) => ({ ...c, tel: telUrl(c.phone), note: c.note ?? '' })),
    hint: prompt.hint ?? '',
  };
}
