// The plain-text rendering of a prompt, for channels without cards and for screen readers.
import { fillText } from '../conversation/fill-text.js';
import type { Choice, Prompt } from '../conversation/prompt.js';
import type { CardLabels } from './labels.js';

/** "1. Not good at all" when the words to type are a number, "- Good" when they are the label. */
function choiceLine(choice: Choice, labels: CardLabels): string {
  if (/^\d+$/.test(choice.value)) return `${choice.value}. ${choice.label}`;
  if (choice.value.trim().toLowerCase() === choice.label.trim().toLowerCase()) return `- ${choice.label}`;
  return `- ${fillText(labels.choiceWithWords, { label: choice.label, value: choice.value })}`;
}

function summaryLines(item: NonNullable<Prompt['summary']>[number], labels: CardLabels): string {
  const lines = [`${item.number}. ${item.title}`];
  if (item.rating) lines.push(`   ${item.ratingLabel ?? labels.rating}: ${item.rating}`);
  if (item.ownWords) lines.push(`   ${labels.inYourWords}: ${item.ownWords}`);
  if (item.whatWouldHelp) lines.push(`   ${labels.whatWouldHelp}: ${item.whatWouldHelp}`);
  if (item.priority) lines.push(`   ${labels.priority}`);
  if (item.detail) lines.push(`   ${item.detail}`);
  return lines.join('\n');
}

/** Blocks separated by a blank line: heading, contacts, body, summary, link, choices, hint. */
export function promptText(prompt: Prompt, labels: CardLabels): string {
  const blocks: string[] = [];
  const title = prompt.title ?? (prompt.card === 'safety' ? labels.safetyHeading : undefined);
  const heading = [title, prompt.progress].filter((s): s is string => Boolean(s));
  if (heading.length) blocks.push(heading.join('\n'));
  if (prompt.contacts?.length) {
    blocks.push(prompt.contacts.map((c) => [`${c.phone} - ${c.name}: ${c.when}`, c.note].filter(Boolean).join(' ')).join('\n'));
  }
  blocks.push(...prompt.body.filter((p) => p.trim() !== ''));
  if (prompt.summary?.length) blocks.push(...prompt.summary.map((s) => summaryLines(s, labels)));
  if (prompt.areas?.length) blocks.push(prompt.areas.map((a) => `${a.number}. ${a.title}`).join('\n'));
  if (prompt.link) blocks.push(`${prompt.link.label}: ${prompt.link.url}`);
  if (prompt.choices?.length) blocks.push(prompt.choices.map((c) => choiceLine(c, labels)).join('\n'));
  if (prompt.hint) blocks.push(prompt.hint);
  return blocks.join('\n\n');
}
