// Headline figures for a manager in Teams: a handful of numbers, each with the small-number rule
// already applied, and one or two quotes so the numbers never travel without words.
import type * as ACData from 'adaptivecards-templating';
import { cardFile } from '../cards/card-file.js';
import { formatCount, formatPercent } from './charts.js';
import type { Count, Report } from './report-types.js';
import { isShown, protectOne, shownValue } from './small-numbers.js';
import { fill, loadReportText, type ReportText } from './text.js';

interface HeadlineFact {
  key: string;
  label: string;
  count: Count;
  /** The count as words: "1,234", "1,234 (56%)", "fewer than 5" or "not shown". */
  display: string;
}

export interface HeadlineFigures {
  title: string;
  period: string;
  /** Which script or which records, when the report was limited to some. */
  scope?: string;
  facts: HeadlineFact[];
  topPriorities: HeadlineFact[];
  topThemes: HeadlineFact[];
  quotes: { text: string }[];
  caveat: string;
  labels: { topPriorities: string; topThemes: string; quoteHeading: string };
}

/** Follow-up not yet done: the total less "done" (both are in the report, so this gives nothing new away). */
function openFollowUp(report: Report): Count {
  const total = shownValue(report.safety.followUp.total);
  const done = report.safety.followUp.rows.find((r) => r.key === 'done');
  if (total === undefined) return report.safety.followUp.total;
  if (!done) return protectOne(total, report.threshold);
  const doneValue = shownValue(done.count);
  return doneValue === undefined ? { withheld: true } : protectOne(total - doneValue, report.threshold);
}

function sumShown(counts: Count[], threshold: number): Count {
  let sum = 0;
  for (const c of counts) {
    const v = shownValue(c);
    if (v === undefined) return { withheld: true };
    sum += v;
  }
  return protectOne(sum, threshold);
}

/** The top three by count, among counts that are shown. */
function top(items: { key: string; label: string; count: Count; percent?: number }[], text: ReportText, threshold: number): HeadlineFact[] {
  return items
    .filter((i) => isShown(i.count) && i.count.n > 0)
    .sort((a, b) => (shownValue(b.count) ?? 0) - (shownValue(a.count) ?? 0) || (a.label < b.label ? -1 : 1))
    .slice(0, 3)
    .map((i) => ({
      key: i.key,
      label: i.label,
      count: i.count,
      display: `${formatCount(i.count, text, threshold)}${i.percent !== undefined ? ` (${formatPercent(i.percent)})` : ''}`,
    }));
}

export function headlineFigures(report: Report, text: ReportText = loadReportText()): HeadlineFigures {
  const c = text.card;
  const t = report.threshold;
  const fact = (key: string, label: string, count: Count, percent?: number): HeadlineFact => ({
    key,
    label,
    count,
    display: `${formatCount(count, text, t)}${percent !== undefined ? ` (${formatPercent(percent)})` : ''}`,
  });
  const shared = report.bySharing.rows.find((r) => r.key === 'shared');
  const several = report.scripts.length > 1;
  const priorities = report.scripts.flatMap((s) =>
    s.outcomes.map((o) => ({ key: `${s.id}/${o.id}`, label: several ? `${o.label} (${s.title})` : o.label, count: o.priority, percent: o.priorityPercent })),
  );
  const scope = [
    report.script ? fill(text.scriptOnly, { script: report.scripts[0]?.title ?? report.script }) : '',
    report.sharedOnly ? fill(text.sharedOnly, { organisation: report.organisation || text.organisationFallback }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    title: c.title,
    period: fill(c.period, { from: report.period.from ?? report.period.firstConversation ?? '', to: report.period.to ?? report.period.lastConversation ?? '' }),
    scope: scope || undefined,
    facts: [
      fact('conversations', c.conversations, report.conversations),
      fact('people', c.people, report.people),
      fact('shared', c.shared, shared?.count ?? { n: 0 }, shared?.percent),
      fact('flagged', c.flagged, report.safety.flagged),
      fact('open-follow-up', c.openFollowUp, openFollowUp(report)),
      fact(
        'people-compared',
        c.peopleCompared,
        sumShown(
          report.scripts.map((s) => s.peopleCompared),
          t,
        ),
      ),
    ],
    topPriorities: top(priorities, text, t),
    topThemes: top(
      report.themes.themes.map((th) => ({ key: th.id, label: th.label, count: th.count, percent: th.percent })),
      text,
      t,
    ),
    quotes: report.whatMattersQuotes.slice(0, 2).map((q) => ({ text: q.text })),
    caveat: fill(c.caveat, { threshold: t }),
    labels: { topPriorities: c.topPriorities, topThemes: c.topThemes, quoteHeading: c.quoteHeading },
  };
}

/** The same figures as plain text: the card's fallback, and what a channel without cards shows. */
function headlineText(h: HeadlineFigures): string {
  const lines = [h.title, h.period];
  if (h.scope) lines.push(h.scope);
  lines.push(...h.facts.map((f) => `${f.label}: ${f.display}`));
  if (h.topPriorities.length) lines.push('', `${h.labels.topPriorities}:`, ...h.topPriorities.map((f) => `- ${f.label}: ${f.display}`));
  if (h.topThemes.length) lines.push('', `${h.labels.topThemes}:`, ...h.topThemes.map((f) => `- ${f.label}: ${f.display}`));
  if (h.quotes.length) lines.push('', `${h.labels.quoteHeading}:`, ...h.quotes.map((q) => `“${q.text}”`));
  lines.push('', h.caveat);
  return lines.join('\n');
}

/** cards/report-headlines.json; the bot calls it at start-up so a broken card stops start-up, not a manager's turn. */
export function loadHeadlineCard(): ACData.Template {
  return cardFile('report-headlines');
}

/** cards/report-headlines.json filled in: an Adaptive Card 1.5 (what Teams renders), with fallback text. */
export function renderHeadlineCard(h: HeadlineFigures): { text: string; card: Record<string, unknown> } {
  const text = headlineText(h);
  const card = loadHeadlineCard().expand({ $root: h }) as Record<string, unknown>;
  return { text, card: { ...card, fallbackText: text } };
}
