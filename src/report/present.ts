// Raw counts -> the report anyone may read: small numbers hidden, labels in plain words, quotes chosen.
import { MET, type OutcomeTally, type ScriptTally, type Tally } from './aggregate.js';
import { londonDate } from './period.js';
import { finishQuotes, type Quote } from './quotes.js';
import type { Breakdown, OutcomeFigures, Report, Row, ScriptFigures } from './report-types.js';
import { isShown, percentOf, protectOne, protectParts, protectTable, type Count } from './small-numbers.js';
import type { ThemeDefinition } from '../theme-schema.js';
import { labelFor, type ReportText } from './text.js';

export interface PresentOptions {
  organisation: string;
  threshold: number;
  text: ReportText;
  themes: readonly ThemeDefinition[];
  from?: string;
  to?: string;
  chosenMonths?: number;
  script?: string;
  sharedOnly: boolean;
  /** Quotes shown beside each figure (1 to 3). */
  quotes: number;
  now: Date;
}

/** A table of categories whose total is shown: most common first, ties by label. */
function breakdown(map: Map<string, number>, labels: Record<string, string>, threshold: number, order?: readonly string[]): Breakdown {
  const keys = order ? [...order.filter((k) => map.has(k)), ...[...map.keys()].filter((k) => !order.includes(k))] : [...map.keys()];
  if (!order) keys.sort((a, b) => (map.get(b) ?? 0) - (map.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const { total, parts } = protectTable(
    keys.map((k) => map.get(k) ?? 0),
    threshold,
  );
  const rows: Row[] = keys.map((key, i) => ({ key, label: labelFor(labels, key), count: parts[i], percent: percentOf(parts[i], total) }));
  return { total, rows };
}

function outcomeFigures(outcome: OutcomeTally, o: PresentOptions): OutcomeFigures {
  const t = o.threshold;
  const quotes = (q: Quote[]) => finishQuotes(q, o.quotes, o.text.contactRemoved);

  // How each conversation answered: the total (asked) is shown, so the parts are protected together.
  const status = protectTable([outcome.answered, outcome.declined, outcome.notApplicable, outcome.skipped], t);
  const [answered, declined, notApplicable, skipped] = status.parts;

  // The rating distribution: its total is n (answered). When n itself is hidden, the ratings must not
  // add up to it either.
  const values = [...new Set([...outcome.valueLabels.keys(), ...outcome.values.keys()])].sort((a, b) => a - b);
  const counts = values.map((v) => outcome.values.get(v) ?? 0);
  const ratingCounts: Count[] =
    'fewerThan' in answered
      ? counts.map((c) => (c === 0 ? { n: 0 } : { fewerThan: t }))
      : protectParts(counts, t, 'withheld' in answered ? 'withheld' : 'shown');
  const ratingTotal: Count = isShown(answered) ? answered : { withheld: true };

  const asked = status.total;
  const priority = protectOne(outcome.priority, t);
  const change = protectTable([outcome.better, outcome.same, outcome.worse], t);
  const review = protectTable(
    MET.map((m) => outcome.met[m]),
    t,
  );
  const metLabel = (q: Quote): Quote => ({ ...q, context: q.context ? labelFor(o.text.labels.met, q.context) : undefined });

  return {
    id: outcome.id,
    label: outcome.label,
    group: outcome.group,
    groupTitle: outcome.groupTitle,
    asked,
    answered,
    declined,
    notApplicable,
    skipped,
    ratings: values.map((value, i) => ({
      value,
      label: outcome.valueLabels.get(value) ?? String(value),
      count: ratingCounts[i],
      percent: percentOf(ratingCounts[i], ratingTotal),
    })),
    priority,
    priorityPercent: percentOf(priority, asked),
    helpAnswers: protectOne(outcome.helpAnswers, t),
    // Words beside a figure too small to show could point to the few people behind it.
    quotes: isShown(answered) || 'withheld' in answered ? quotes(outcome.ownWords.items()) : [],
    change: {
      better: change.parts[0],
      same: change.parts[1],
      worse: change.parts[2],
      compared: change.total,
      quotes: isShown(change.total) ? quotes(outcome.laterWords.items()) : [],
    },
    review: {
      fully: review.parts[0],
      partly: review.parts[1],
      not: review.parts[2],
      total: review.total,
      quotes: isShown(review.total) ? quotes(outcome.reviewWords.items().map(metLabel)) : [],
    },
  };
}

function scriptFigures(script: ScriptTally, o: PresentOptions): ScriptFigures {
  return {
    id: script.id,
    title: script.title,
    conversations: protectOne(script.conversations, o.threshold),
    groups: script.groups,
    outcomes: script.outcomes.filter((x) => x.asked > 0).map((x) => outcomeFigures(x, o)),
    peopleCompared: protectOne(script.peopleCompared, o.threshold),
  };
}

/** Kinds of flag: most flags have one kind, so they are protected as parts of the flagged total. */
function flagCategories(tally: Tally, o: PresentOptions): Row[] {
  const entries = [...tally.flagCategories.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const counts = protectParts(
    entries.map(([, n]) => n),
    o.threshold,
    tally.flagged >= o.threshold ? 'shown' : 'none',
  );
  return entries.map(([key], i) => ({ key, label: labelFor(o.text.labels.flag, key), count: counts[i] }));
}

export function presentReport(tally: Tally, o: PresentOptions): Report {
  const t = o.threshold;
  const L = o.text.labels;
  const quotes = (q: Quote[]) => finishQuotes(q, o.quotes, o.text.contactRemoved);
  const conversations = protectOne(tally.conversations, t);
  const scriptTitles = Object.fromEntries([...tally.scripts.values()].map((s) => [s.id, s.title]));

  const answers = protectOne(tally.themes.answers, t);
  // An answer usually matches one theme or none, so the themes and "no theme" nearly add up to the
  // total: protected as a table, so one hidden theme cannot be worked out by subtraction.
  const themeCounts = protectParts([...tally.themes.counts, tally.themes.unmatched], t, isShown(answers) ? 'shown' : 'none');
  const themes = o.themes.map((theme, i) => {
    const count = themeCounts[i];
    return {
      id: theme.id,
      label: theme.label,
      keywords: [...theme.keywords],
      count,
      percent: percentOf(count, answers),
      quotes: isShown(count) ? quotes(tally.themes.quotes[i].items()) : [],
    };
  });
  const listed = tally.themes.unmatchedListed;
  // Listed only when the answers they belong to are a figure that is shown; the same words once.
  const unmatchedListed: Report['themes']['unmatchedListed'] = [];
  if (isShown(answers)) {
    const byText = new Map<string, { text: string; about: string[] }>();
    for (const q of listed.items()) {
      const text = finishQuotes([q], 1, o.text.contactRemoved)[0]?.text ?? '';
      let entry = byText.get(text.toLowerCase());
      if (!entry) {
        entry = { text, about: [] };
        byText.set(text.toLowerCase(), entry);
        unmatchedListed.push(entry);
      }
      if (q.context && !entry.about.includes(q.context)) entry.about.push(q.context);
    }
  }

  return {
    kind: 'outcomes-report',
    version: 1,
    organisation: o.organisation,
    generatedAt: o.now.toISOString(),
    period: {
      from: o.from,
      to: o.to,
      chosenMonths: o.chosenMonths,
      firstConversation: tally.conversations > 0 ? londonDate(tally.firstAt) : undefined,
      lastConversation: tally.conversations > 0 ? londonDate(tally.lastAt) : undefined,
    },
    script: o.script,
    threshold: t,
    sharedOnly: o.sharedOnly,
    conversations,
    people: protectOne(tally.people, t),
    byScript: breakdown(tally.byScript, scriptTitles, t),
    byMode: breakdown(tally.byMode, L.mode, t, Object.keys(L.mode)),
    byChannel: breakdown(tally.byChannel, L.channel, t),
    byAnsweredBy: breakdown(tally.byAnsweredBy, L.answeredBy, t, Object.keys(L.answeredBy)),
    bySharing: breakdown(tally.bySharing, L.sharing, t, Object.keys(L.sharing)),
    whatMattersQuotes: isShown(conversations) ? quotes(tally.whatMatters.items()) : [],
    scripts: [...tally.scripts.values()].filter((s) => s.conversations > 0).map((s) => scriptFigures(s, o)),
    themes: {
      answers,
      themes,
      unmatched: themeCounts[themeCounts.length - 1],
      unmatchedListed,
      unmatchedNotListed: isShown(answers) ? Math.max(0, listed.offered - listed.items().length) : 0,
    },
    safety: {
      flagged: protectOne(tally.flagged, t),
      categories: flagCategories(tally, o),
      followUp: breakdown(tally.followUp, L.followUp, t, Object.keys(L.followUp)),
    },
    unreadableDates: tally.unreadableDates,
  };
}
