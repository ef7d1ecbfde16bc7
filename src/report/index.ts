// The report's public surface: build it, draw it, or take the headlines for a Teams card.
export { buildReport, reportSource, type ReportOptions } from './build-report.js';
export { organisationReportOptions } from './organisation-options.js';
export { renderReportHtml } from './html.js';
export { headlineFigures, headlineText, renderHeadlineCard, type HeadlineFact, type HeadlineFigures } from './headlines.js';
export { loadReportText, type ReportText } from './text.js';
export { defaultThemes, loadThemesFile } from './themes-file.js';
export type { ThemeDefinition } from '../theme-schema.js';
export type { Breakdown, Count, OutcomeFigures, Quote, RatingRow, Report, Row, ScriptFigures, ThemeFigures } from './report-types.js';
