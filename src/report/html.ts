// The report as one self-contained HTML file: inline styles, charts as inline SVG images, no
// scripts, and a Content-Security-Policy that forbids loading anything, so it opens offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../cards/files.js';
import { formatCount, formatPercent, type Chart } from './charts.js';
import { escapeHtml as esc } from '../html-escape.js';
import { figure, heading, paragraph, quoteList, table } from './html-parts.js';
import { renderSvg } from './render-svg.js';
import { changeCharts, followUpChart, overviewCharts, scriptCharts, slug, themeChart } from './report-charts.js';
import type { Count, OutcomeFigures, Quote, Report, ScriptFigures } from './report-types.js';
import { isShown } from './small-numbers.js';
import { fill, type ReportText } from './text.js';

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

let css: string | undefined;
function styles(): string {
  css ??= readFileSync(join(projectRoot(), 'report', 'style.css'), 'utf8');
  return css;
}

interface Ctx {
  report: Report;
  text: ReportText;
  svgs: Map<string, string | undefined>;
}

const count = (c: Count, x: Ctx) => formatCount(c, x.text, x.report.threshold);

function chartFigure(chart: Chart, level: number, x: Ctx): string {
  return figure(chart, x.svgs.get(chart.id), level, fill(x.text.chartTable, { title: chart.title }), x.text.chartNotShown);
}

function figureList(items: [string, string][]): string {
  return `<ul class="figures">${items.map(([label, value]) => `<li><strong>${esc(value)}</strong>${esc(label)}</li>`).join('')}</ul>`;
}

/** The smaller figures beside each outcome, one line each: "Would rather not say: 12". */
function compactList(items: [string, string][]): string {
  return `<ul class="figures-compact">${items.map(([label, value]) => `<li>${esc(label)}: <strong>${esc(value)}</strong></li>`).join('')}</ul>`;
}

function rated(x: Ctx) {
  return (q: Quote) => (q.context ? fill(x.text.quotes.rated, { label: q.context }) : undefined);
}

function about(x: Ctx) {
  return (q: Quote) => (q.context ? fill(x.text.quotes.about, { label: q.context }) : undefined);
}

function header(x: Ctx): string {
  const { report: r, text: t } = x;
  const to = r.period.to ?? r.period.lastConversation ?? r.generatedAt.slice(0, 10);
  const period = r.period.from
    ? fill(r.period.chosenMonths ? t.periodChosen : t.period, { from: r.period.from, to, months: r.period.chosenMonths ?? '' })
    : fill(t.periodOpen, { to });
  const lines = [period];
  if (r.script) lines.push(fill(t.scriptOnly, { script: r.scripts[0]?.title ?? r.script }));
  if (r.sharedOnly) lines.push(fill(t.sharedOnly, { organisation: r.organisation }));
  lines.push(fill(t.generated, { date: r.generatedAt.slice(0, 10) }));
  return `<header>
<h1>${esc(t.title)}</h1>
${r.organisation ? paragraph(fill(t.subtitle, { organisation: r.organisation })) : ''}
${lines.map((l) => paragraph(l, 'meta')).join('\n')}
</header>`;
}

function aboutSection(x: Ctx): string {
  const { text: t, report: r } = x;
  return `<section aria-labelledby="about">
${heading(2, 'about', t.caveats.heading)}
<ul>${t.caveats.items.map((c) => `<li>${esc(fill(c, { organisation: r.organisation || t.organisationFallback }))}</li>`).join('\n')}</ul>
${heading(3, 'small-numbers', t.smallNumbers.heading)}
${paragraph(fill(t.smallNumbers.text, { threshold: r.threshold, below: r.threshold - 1 }))}
</section>`;
}

function overviewSection(x: Ctx, charts: Chart[]): string {
  const { text: t, report: r } = x;
  const o = t.overview;
  const c = t.columns;
  const asTable = (id: string, caption: string, rows: Report['byMode']['rows']) =>
    table(id, caption, { columns: [c.group, c.number, c.percent], rows: rows.map((row) => [row.label, count(row.count, x), formatPercent(row.percent)]) });
  return `<section aria-labelledby="overview">
${heading(2, 'overview', o.heading)}
${figureList([
  [o.conversations, count(r.conversations, x)],
  [o.people, count(r.people, x)],
])}
${charts.map((ch) => chartFigure(ch, 3, x)).join('\n')}
${asTable('overview-answered-by', o.byAnsweredBy, r.byAnsweredBy.rows)}
${asTable('overview-sharing', o.bySharing, r.bySharing.rows)}
${heading(3, 'what-matters', o.whatMatters)}
${quoteList(r.whatMattersQuotes, t.quotes.heading, () => undefined) || paragraph(t.quotes.none, 'note')}
</section>`;
}

function outcomeBlock(o: OutcomeFigures, id: string, x: Ctx): string {
  const t = x.text.outcomes;
  const tooFew = 'fewerThan' in o.answered;
  const priority = `${count(o.priority, x)}${o.priorityPercent !== undefined ? ` (${formatPercent(o.priorityPercent)})` : ''}`;
  return `<div class="outcome">
${heading(4, id, o.label)}
${compactList([
  [t.answered, count(o.answered, x)],
  [t.declined, count(o.declined, x)],
  [t.notApplicable, count(o.notApplicable, x)],
  [t.skipped, count(o.skipped, x)],
  [x.text.columns.priority, priority],
  [t.helpAnswers, count(o.helpAnswers, x)],
])}
${tooFew ? paragraph(fill(x.text.tooFew, { threshold: x.report.threshold }), 'note') : quoteList(o.quotes, x.text.quotes.heading, rated(x)) || paragraph(x.text.quotes.none, 'note')}
</div>`;
}

function scriptSection(s: ScriptFigures, x: Ctx, charts: { ratings: Chart; priorities: Chart }): string {
  const id = `script-${slug(s.id)}`;
  const groups = s.groups.length ? s.groups : [{ id: '', title: '' }];
  const blocks = groups
    .map((g) => {
      const members = s.outcomes.filter((o) => o.group === g.id || !s.groups.length);
      if (!members.length) return '';
      return `${g.title ? heading(3, `${id}-group-${slug(g.id)}`, g.title) : ''}
${members.map((o) => outcomeBlock(o, `${id}-outcome-${slug(o.id)}`, x)).join('\n')}`;
    })
    .join('\n');
  return `<section aria-labelledby="${id}">
${heading(2, id, fill(x.text.outcomes.heading, { script: s.title }))}
${paragraph(x.text.outcomes.intro)}
${chartFigure(charts.ratings, 3, x)}
${chartFigure(charts.priorities, 3, x)}
${blocks}
</section>`;
}

function themesSection(x: Ctx, chart: Chart): string {
  const { text: t, report: r } = x;
  const th = t.themes;
  const quotes = r.themes.themes.map((theme) => quoteList(theme.quotes, theme.label, about(x))).join('\n');
  const unmatched = r.themes.unmatchedListed.length
    ? `${paragraph(th.unmatchedIntro)}
<ul class="unmatched">${r.themes.unmatchedListed.map((q) => `<li>${esc(q.text)}${q.about.length ? ` <span class="context">(${esc(fill(t.quotes.about, { label: q.about.join('”, “') }))})</span>` : ''}</li>`).join('\n')}</ul>
${r.themes.unmatchedNotListed > 0 ? paragraph(fill(th.unmatchedMore, { count: r.themes.unmatchedNotListed.toLocaleString('en-GB') }), 'note') : ''}`
    : '';
  return `<section aria-labelledby="themes">
${heading(2, 'themes', th.heading)}
${paragraph(fill(th.intro, { organisation: r.organisation || t.organisationFallback }))}
${paragraph(fill(th.answers, { count: count(r.themes.answers, x) }))}
${chartFigure(chart, 3, x)}
${heading(3, 'themes-words', t.quotes.heading)}
${quotes || paragraph(t.quotes.none, 'note')}
${heading(3, 'themes-unmatched', th.unmatched)}
${paragraph(isShown(r.themes.unmatched) && r.themes.unmatched.n === 0 ? th.unmatchedNone : fill(th.unmatchedCount, { count: count(r.themes.unmatched, x) }))}
${unmatched}
${heading(3, 'themes-keywords', th.keywordsHeading)}
${table('themes-keywords-table', th.keywordsHeading, { columns: [t.columns.theme, t.columns.keywords], rows: r.themes.themes.map((theme) => [theme.label, theme.keywords.join(', ')]) })}
</section>`;
}

function outcomeQuotes(s: ScriptFigures, pick: (o: OutcomeFigures) => Quote[], context: (q: Quote) => string | undefined): string {
  return s.outcomes.map((o) => quoteList(pick(o), o.label, context)).join('\n');
}

function changeSection(x: Ctx, charts: Map<string, { change: Chart; review: Chart }>): string {
  const { text: t, report: r } = x;
  const c = t.change;
  const parts = r.scripts.map((s) => {
    const id = `change-${slug(s.id)}`;
    const ch = charts.get(s.id);
    if (!ch) return '';
    const compared = isShown(s.peopleCompared) && s.peopleCompared.n === 0;
    const anyReview = s.outcomes.some((o) => !(isShown(o.review.total) && o.review.total.n === 0));
    return `${heading(3, id, s.title)}
${paragraph(fill(c.people, { count: count(s.peopleCompared, x) }))}
${
  compared
    ? paragraph(c.none, 'note')
    : `${chartFigure(ch.change, 4, x)}
${heading(4, `${id}-words`, c.laterWords)}
${outcomeQuotes(s, (o) => o.change.quotes, rated(x)) || paragraph(t.quotes.none, 'note')}`
}
${heading(4, `${id}-review`, c.reviewHeading)}
${
  anyReview
    ? `${paragraph(c.reviewIntro)}
${chartFigure(ch.review, 4, x)}
${outcomeQuotes(
  s,
  (o) => o.review.quotes,
  (q) => q.context,
)}`
    : paragraph(c.reviewNone, 'note')
}`;
  });
  return `<section aria-labelledby="change">
${heading(2, 'change', c.heading)}
${paragraph(c.intro)}
${parts.join('\n')}
</section>`;
}

function safetySection(x: Ctx, chart: Chart): string {
  const { text: t, report: r } = x;
  const s = t.safety;
  return `<section aria-labelledby="safety">
${heading(2, 'safety', s.heading)}
${paragraph(s.intro)}
${paragraph(fill(s.flagged, { count: count(r.safety.flagged, x) }))}
${r.safety.categories.length ? table('safety-categories', s.categories, { columns: [t.columns.group, t.columns.number], rows: r.safety.categories.map((row) => [row.label, count(row.count, x)]) }) : ''}
${chartFigure(chart, 3, x)}
</section>`;
}

function contents(links: [string, string][], title: string): string {
  return `<nav aria-labelledby="contents">
<h2 id="contents">${esc(title)}</h2>
<ol>${links.map(([id, label]) => `<li><a href="#${id}">${esc(label)}</a></li>`).join('')}</ol>
</nav>`;
}

export async function renderReportHtml(report: Report, text: ReportText): Promise<string> {
  const overview = overviewCharts(report, text);
  const perScript = new Map(report.scripts.map((s) => [s.id, scriptCharts(s, report, text)]));
  const perChange = new Map(report.scripts.map((s) => [s.id, changeCharts(s, report, text)]));
  const themes = themeChart(report, text);
  const followUp = followUpChart(report, text);
  const all: Chart[] = [
    ...overview,
    ...[...perScript.values()].flatMap((c) => [c.ratings, c.priorities]),
    ...[...perChange.values()].flatMap((c) => [c.change, c.review]),
    themes,
    followUp,
  ];
  const svgs = new Map<string, string | undefined>();
  for (const chart of all) svgs.set(chart.id, chart.spec ? await renderSvg(chart.spec) : undefined);
  const x: Ctx = { report, text, svgs };

  const empty = !isShown(report.conversations) || report.conversations.n === 0;
  const sections: [string, string, () => string][] = empty
    ? [['about', text.caveats.heading, () => aboutSection(x)]]
    : [
        ['about', text.caveats.heading, () => aboutSection(x)],
        ['overview', text.overview.heading, () => overviewSection(x, overview)],
        ...report.scripts.map((s): [string, string, () => string] => {
          const charts = perScript.get(s.id);
          return [`script-${slug(s.id)}`, fill(text.outcomes.heading, { script: s.title }), () => (charts ? scriptSection(s, x, charts) : '')];
        }),
        ['themes', text.themes.heading, () => themesSection(x, themes)],
        ['change', text.change.heading, () => changeSection(x, perChange)],
        ['safety', text.safety.heading, () => safetySection(x, followUp)],
      ];

  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.organisation ? `${text.title}: ${report.organisation}` : text.title)}</title>
<style>
${styles()}
</style>
</head>
<body>
<a class="skip" href="#main">${esc(text.skipLink)}</a>
${header(x)}
${contents(
  sections.map(([id, label]) => [id, label]),
  text.contents,
)}
<main id="main" tabindex="-1">
${empty ? paragraph(text.noConversations) : ''}
${sections.map(([, , render]) => render()).join('\n')}
</main>
<footer>
${paragraph(fill(text.smallNumbers.text, { threshold: report.threshold, below: report.threshold - 1 }))}
</footer>
</body>
</html>
`;
}
