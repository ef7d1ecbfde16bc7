// The report's wording lives in report/text.en.yaml; this checks it and fills its placeholders.
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../cards/files.js';
import { fillText } from '../conversation/fill-text.js';
import { readYamlFile } from '../conversation/yaml-file.js';

const t = z.string().trim().min(1, 'must not be empty');
const labels = z.record(z.string(), t);

export const ReportText = z.object({
  title: t,
  subtitle: t,
  period: t,
  /** When no dates were given: {months}, {from}, {to}. */
  periodChosen: t,
  periodOpen: t,
  scriptOnly: t,
  sharedOnly: t,
  generated: t,
  skipLink: t,
  contents: t,
  fewerThan: t,
  withheld: t,
  noConversations: t,
  tooFew: t,
  contactRemoved: t,
  organisationFallback: t,
  chartTable: t,
  columns: z.object({
    group: t,
    number: t,
    percent: t,
    rating: t,
    outcome: t,
    theme: t,
    better: t,
    same: t,
    worse: t,
    compared: t,
    fully: t,
    partly: t,
    not: t,
    total: t,
    priority: t,
    asked: t,
    keywords: t,
  }),
  quotes: z.object({ heading: t, none: t, rated: t, about: t }),
  smallNumbers: z.object({ heading: t, text: t }),
  overview: z.object({
    heading: t,
    conversations: t,
    people: t,
    summary: t,
    byScript: t,
    byMode: t,
    byChannel: t,
    byAnsweredBy: t,
    bySharing: t,
    whatMatters: t,
  }),
  outcomes: z.object({
    heading: t,
    intro: t,
    ratingsChart: t,
    ratingsChartDescription: t,
    answered: t,
    declined: t,
    notApplicable: t,
    skipped: t,
    helpAnswers: t,
    prioritySentence: t,
    prioritiesChart: t,
    prioritiesChartDescription: t,
    distributionCaption: t,
  }),
  themes: z.object({
    heading: t,
    intro: t,
    answers: t,
    chart: t,
    chartDescription: t,
    unmatched: t,
    unmatchedCount: t,
    unmatchedIntro: t,
    unmatchedMore: t,
    unmatchedNone: t,
    keywordsHeading: t,
  }),
  change: z.object({
    heading: t,
    intro: t,
    people: t,
    chart: t,
    chartDescription: t,
    none: t,
    laterWords: t,
    reviewHeading: t,
    reviewIntro: t,
    reviewChart: t,
    reviewChartDescription: t,
    reviewNone: t,
  }),
  safety: z.object({
    heading: t,
    intro: t,
    flagged: t,
    categories: t,
    followUp: t,
    followUpChart: t,
    followUpChartDescription: t,
  }),
  caveats: z.object({ heading: t, items: z.array(t).min(1) }),
  barChart: t,
  largest: t,
  largestNone: z.string(),
  chartNotShown: t,
  labels: z.object({
    mode: labels,
    channel: labels,
    answeredBy: labels,
    sharing: labels,
    followUp: labels,
    met: labels,
    flag: labels,
  }),
  card: z.object({
    title: t,
    period: t,
    conversations: t,
    people: t,
    shared: t,
    flagged: t,
    openFollowUp: t,
    peopleCompared: t,
    topPriorities: t,
    topThemes: t,
    quoteHeading: t,
    caveat: t,
  }),
});
export type ReportText = z.infer<typeof ReportText>;

const cache = new Map<string, ReportText>();

/** Reads and checks report/text.LOCALE.yaml once; a broken file fails with `report/text.en.yaml: path: what is wrong`. */
export function loadReportText(locale = 'en'): ReportText {
  const found = cache.get(locale);
  if (found) return found;
  const shown = `report/text.${locale}.yaml`;
  const text = readYamlFile(join(projectRoot(), shown), ReportText, (m) => new Error(m), { where: shown });
  cache.set(locale, text);
  return text;
}

export const fill = fillText;

/** A label from one of the text file's label lists, or the key itself when the file has none for it. */
export function labelFor(list: Record<string, string>, key: string): string {
  return Object.prototype.hasOwnProperty.call(list, key) ? list[key] : key;
}
