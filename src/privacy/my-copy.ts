// "My copy": what a person told us, as a summary card and plain text in the chat, and as the data for the
// printable page. Built from a stored record, or from a conversation not finished yet.
import { fillText } from '../conversation/fill-text.js';
import type { Prompt, SummaryItem } from '../conversation/prompt.js';
import type { Script } from '../conversation/script.js';
import type { ConversationState } from '../conversation/state.js';
import { summaryEntries } from '../conversation/summary.js';
import type { OutcomeRecord } from '../records/record.js';

export interface CopySection {
  /** The line above the answers: "Here is a copy of what you told us on 26 November 2026." */
  intro: string;
  items: SummaryItem[];
}

/** "26 November 2026", in the script's language. */
function longDate(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(d);
}

/** The person sees an outcome's plain title; the record keeps the published label for staff. */
function titleOf(script: Script, outcome: { id: string; label: string }): string {
  return script.outcomes.find((x) => x.id === outcome.id)?.title ?? outcome.label;
}

function recordItems(record: OutcomeRecord, script: Script): SummaryItem[] {
  const t = script.text;
  const items: SummaryItem[] = [{ number: 1, title: t.summaryWhatMatters, ownWords: record.whatMatters ?? t.summaryNotAnswered }];
  for (const o of record.outcomes) {
    const scale = script.scales[script.outcomes.find((x) => x.id === o.id)?.scale ?? script.defaultScale];
    const rating =
      o.rating?.label ??
      (o.status === 'declined' ? scale?.ratherNotSay.label : o.status === 'not-applicable' ? scale?.notApplicable.label : t.summaryNotAnswered);
    items.push({
      number: items.length + 1,
      title: titleOf(script, o),
      rating,
      ownWords: o.ownWords ?? o.review?.why,
      whatWouldHelp: o.whatWouldHelp ?? o.review?.next,
      priority: o.priority,
    });
  }
  const priorities = record.outcomes.filter((o) => o.priority).map((o) => titleOf(script, o));
  if (priorities.length) items.push({ number: items.length + 1, title: t.summaryPriorities, detail: priorities.join('; ') });
  return items;
}

export function recordSection(record: OutcomeRecord, script: Script): CopySection {
  return { intro: fillText(script.text.copyIntro, { date: longDate(record.confirmedAt, script.locale) }), items: recordItems(record, script) };
}

export function unfinishedSection(state: ConversationState, script: Script): CopySection {
  return { intro: script.text.copyIntroUnfinished, items: summaryEntries(script, state).map((e) => e.item) };
}

/** A section as a summary card (with its plain-text twin), no buttons: it is to keep, not to answer. */
export function copyPrompt(section: CopySection, script: Script): Prompt {
  return { card: 'summary', title: script.text.myCopyTitle, body: [section.intro], summary: section.items };
}
