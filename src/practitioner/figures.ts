// The headline figures card a manager asks for in Teams: the organisation's report over a period,
// cut down to the headlines (cards/report-headlines.json). Who may see it, and the audit, are the desk's.
import type { RecordStore } from '../records/store.js';
import type { StoreOnDisk } from '../report/aggregate-in-workers.js';
import { buildReport, reportSource, type ReportOptions } from '../report/build-report.js';
import { headlineFigures, renderHeadlineCard } from '../report/headlines.js';
import type { ReportText } from '../report/text.js';
import { showDate } from './dates.js';
import { FIGURES_MONTHS } from './figures-period.js';
import type { PractitionerReply, PractitionerViews } from './views.js';

export interface FiguresDeps {
  records: RecordStore;
  /** What the organisation file sets for every report (organisationReportOptions), so Teams and the CLI agree. */
  report: Pick<ReportOptions, 'organisation' | 'threshold' | 'themes' | 'scripts'>;
  text: ReportText;
  views: PractitionerViews;
  /** The embedded store's folder and keys: the counting then runs on a worker thread, off the bot's event loop. */
  onDisk?: StoreOnDisk;
}

export async function figuresCard(d: FiguresDeps, period: { from: string; to: string; chosen: boolean }, now: Date): Promise<PractitionerReply> {
  const report = await buildReport(reportSource(d.records, d.onDisk), { from: period.from, to: period.to, ...d.report, text: d.text, now });
  const t = d.views.words.text;
  // Dates as practitioners read them (15/12/2026), and saying so when the bot chose the period.
  const named = d.views.fill(period.chosen ? t.figuresPeriodChosen : t.figuresPeriod, {
    from: showDate(period.from),
    to: showDate(period.to),
    months: FIGURES_MONTHS,
  });
  return renderHeadlineCard({ ...headlineFigures(report, d.text), period: named });
}
