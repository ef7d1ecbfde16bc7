// Which charts the report draws, from the report data: one function per section.
import { barChart, CHANGE_COLOURS, largestSentence, MET_COLOURS, RATING_COLOURS, rowsOf, stackedChart, type BarRow, type Chart } from './charts.js';
import type { Breakdown, Report, ScriptFigures } from './report-types.js';
import { percentOf } from './small-numbers.js';
import { fill, type ReportText } from './text.js';

export const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9-]+/g, '-');

function breakdownChart(id: string, title: string, b: Breakdown, text: ReportText, threshold: number): Chart {
  const rows = rowsOf(b.rows);
  const c = text.columns;
  return barChart(
    id,
    title,
    fill(text.barChart, { title, largest: largestSentence(rows, text) }).trim(),
    rows,
    { label: c.group, number: c.number, percent: c.percent },
    text,
    threshold,
  );
}

export function overviewCharts(report: Report, text: ReportText): Chart[] {
  const o = text.overview;
  const t = report.threshold;
  return [
    breakdownChart('overview-script', o.byScript, report.byScript, text, t),
    breakdownChart('overview-mode', o.byMode, report.byMode, text, t),
    breakdownChart('overview-channel', o.byChannel, report.byChannel, text, t),
  ];
}

export function scriptCharts(script: ScriptFigures, report: Report, text: ReportText): { ratings: Chart; priorities: Chart } {
  const t = report.threshold;
  const id = `script-${slug(script.id)}`;
  const name = script.title;
  // Ratings share one scale per script in practice; the legend follows the first outcome's scale.
  const scale = script.outcomes[0]?.ratings ?? [];
  const colours =
    scale.length === RATING_COLOURS.length
      ? RATING_COLOURS
      : scale.map((_, i) => RATING_COLOURS[Math.round((i * (RATING_COLOURS.length - 1)) / Math.max(1, scale.length - 1))]);
  const ratings = stackedChart(
    `${id}-ratings`,
    fill(text.outcomes.ratingsChart, { script: name }),
    fill(text.outcomes.ratingsChartDescription, { lowest: scale[0]?.label ?? '', highest: scale[scale.length - 1]?.label ?? '' }),
    script.outcomes.map((o) => ({
      label: o.label,
      total: o.answered,
      counts: scale.map((s) => o.ratings.find((r) => r.value === s.value)?.count ?? { n: 0 }),
    })),
    scale.map((s, i) => ({ key: String(s.value), label: s.label, colour: colours[i] })),
    { row: text.columns.outcome, total: text.outcomes.answered, axis: text.columns.percent },
    text,
    t,
  );
  const rows: BarRow[] = script.outcomes.map((o) => ({ label: o.label, count: o.priority, percent: o.priorityPercent }));
  const priorities = barChart(
    `${id}-priorities`,
    fill(text.outcomes.prioritiesChart, { script: name }),
    fill(text.outcomes.prioritiesChartDescription, { largest: largestSentence(rows, text) }).trim(),
    rows,
    { label: text.columns.outcome, number: text.columns.priority, percent: text.columns.percent },
    text,
    t,
  );
  return { ratings, priorities };
}

export function changeCharts(script: ScriptFigures, report: Report, text: ReportText): { change: Chart; review: Chart } {
  const t = report.threshold;
  const id = `script-${slug(script.id)}`;
  const c = text.columns;
  const change = stackedChart(
    `${id}-change`,
    fill(text.change.chart, { script: script.title }),
    text.change.chartDescription,
    script.outcomes.map((o) => ({ label: o.label, total: o.change.compared, counts: [o.change.better, o.change.same, o.change.worse] })),
    [
      { key: 'better', label: c.better, colour: CHANGE_COLOURS[0] },
      { key: 'same', label: c.same, colour: CHANGE_COLOURS[1] },
      { key: 'worse', label: c.worse, colour: CHANGE_COLOURS[2] },
    ],
    { row: c.outcome, total: c.compared, axis: c.percent },
    text,
    t,
  );
  const review = stackedChart(
    `${id}-review`,
    fill(text.change.reviewChart, { script: script.title }),
    text.change.reviewChartDescription,
    script.outcomes.map((o) => ({ label: o.label, total: o.review.total, counts: [o.review.fully, o.review.partly, o.review.not] })),
    [
      { key: 'fully', label: c.fully, colour: MET_COLOURS[0] },
      { key: 'partly', label: c.partly, colour: MET_COLOURS[1] },
      { key: 'not', label: c.not, colour: MET_COLOURS[2] },
    ],
    { row: c.outcome, total: c.total, axis: c.percent },
    text,
    t,
  );
  return { change, review };
}

export function themeChart(report: Report, text: ReportText): Chart {
  const themes: BarRow[] = report.themes.themes.map((th) => ({ label: th.label, count: th.count, percent: th.percent }));
  const rows = [
    ...themes,
    { label: text.themes.unmatched, count: report.themes.unmatched, percent: percentOf(report.themes.unmatched, report.themes.answers) },
  ];
  return barChart(
    'themes-chart',
    text.themes.chart,
    fill(text.themes.chartDescription, { largest: largestSentence(themes, text) }).trim(),
    rows,
    { label: text.columns.theme, number: text.columns.number, percent: text.columns.percent },
    text,
    report.threshold,
  );
}

export function followUpChart(report: Report, text: ReportText): Chart {
  const rows = rowsOf(report.safety.followUp.rows);
  return barChart(
    'follow-up-chart',
    text.safety.followUpChart,
    fill(text.safety.followUpChartDescription, { largest: largestSentence(rows, text) }).trim(),
    rows,
    { label: text.columns.group, number: text.columns.number, percent: text.columns.percent },
    text,
    report.threshold,
  );
}
