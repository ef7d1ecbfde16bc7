// A prompt too big for one message (a long summary, or earlier words shown in a review) becomes several
// parts: the words in order, each part headed "Part 1 of 3", and the buttons (confirm, change, the
// commands) on the last part, so the newest message always holds them.
import { fillText } from '../conversation/fill-text.js';
import type { Prompt, SummaryItem } from '../conversation/prompt.js';
import { splitText } from './fit.js';

type Unit = { body: string } | { item: SummaryItem };

/** Fields that belong on the last part: what the person can press or type. */
function tailOf(prompt: Prompt): Partial<Prompt> {
  const { link, choices, maxChoices, freeText, commands, hint } = prompt;
  return { link, choices, maxChoices, freeText, commands, hint };
}

function pageOf(prompt: Prompt, units: Unit[], part: string, first: boolean, last: boolean): Prompt {
  const body = units.flatMap((u) => ('body' in u ? [u.body] : []));
  const summary = units.flatMap((u) => ('item' in u ? [u.item] : []));
  const kind = last ? prompt.card : prompt.card === 'summary' ? 'summary' : first && prompt.card === 'safety' ? 'safety' : 'message';
  return {
    card: kind,
    title: prompt.title,
    progress: [prompt.progress, part].filter(Boolean).join(' - '),
    body,
    ...(summary.length ? { summary } : {}),
    ...(first && prompt.contacts ? { contacts: prompt.contacts } : {}),
    ...(last ? tailOf(prompt) : {}),
  };
}

/** An item too big alone: its heading and rating first, then its words, each cut to fit. */
function splitItem(item: SummaryItem, fits: (item: SummaryItem) => boolean): SummaryItem[] {
  const { ownWords, whatWouldHelp, ...head } = item;
  const out: SummaryItem[] = [head];
  const heading = { number: item.number, title: item.title };
  if (ownWords) out.push(...splitText(ownWords, (w) => fits({ ...heading, ownWords: w })).map((w) => ({ ...heading, ownWords: w })));
  if (whatWouldHelp) out.push(...splitText(whatWouldHelp, (w) => fits({ ...heading, whatWouldHelp: w })).map((w) => ({ ...heading, whatWouldHelp: w })));
  return out;
}

/**
 * The prompt as one or more prompts that each `fits` (built and measured by the caller, for its channel).
 * `partLabel` is the card layer's "Part {n} of {total}".
 */
export function paginatePrompt(prompt: Prompt, fits: (p: Prompt) => boolean, partLabel: string): Prompt[] {
  if (fits(prompt)) return [prompt];
  // Measured with the longest label a part could carry, so filling in the real one never makes a part too big.
  const widest = fillText(partLabel, { n: 99, total: 99 });
  const fitsAsPart = (units: Unit[], first: boolean, last: boolean) => fits(pageOf(prompt, units, widest, first, last));

  const units: Unit[] = [];
  const add = (unit: Unit) => {
    if (fitsAsPart([unit], false, false)) return units.push(unit);
    if ('body' in unit) {
      for (const piece of splitText(unit.body, (b) => fitsAsPart([{ body: b }], false, false))) units.push({ body: piece });
    } else {
      for (const part of splitItem(unit.item, (i) => fitsAsPart([{ item: i }], false, false))) units.push({ item: part });
    }
    return units.length;
  };
  prompt.body.filter((p) => p.trim() !== '').forEach((b) => add({ body: b }));
  (prompt.summary ?? []).forEach((item) => add({ item }));

  const pages: Unit[][] = [[]];
  for (const unit of units) {
    const current = pages[pages.length - 1];
    if (current.length === 0 || fitsAsPart([...current, unit], pages.length === 1, false)) current.push(unit);
    else pages.push([unit]);
  }
  // The buttons go on the last part; when they do not fit beside its words, on a part of their own.
  if (!fitsAsPart(pages[pages.length - 1], pages.length === 1, true)) pages.push([]);
  const total = pages.length;
  return pages.map((units, i) => pageOf(prompt, units, fillText(partLabel, { n: i + 1, total }), i === 0, i === total - 1));
}
