// Which days a manager's headline figures cover: the two dates they typed, or the last full months
// (a month still going would make this month's figures look low). Days are Scotland's, as in the report.
import { lastFullMonths as fullMonths } from '../report/period.js';
import { parseByWhen } from './dates.js';

/** How many full months "figures" on its own covers. */
export const FIGURES_MONTHS = 3;

export type FiguresPeriod =
  | { ok: true; from: string; to: string; /** True when the bot chose the period (nothing typed). */ chosen: boolean }
  | { ok: false; problem: 'format' | 'order' };

/** The last `months` whole calendar months before today in Scotland. */
export function lastFullMonths(now: Date, months = FIGURES_MONTHS): { from: string; to: string } {
  return fullMonths(now, months);
}

/** Reads the words after "figures": none (the last full months) or a first and a last day. */
export function readFiguresPeriod(dates: readonly string[], now: Date, months = FIGURES_MONTHS): FiguresPeriod {
  if (dates.length === 0) return { ok: true, ...lastFullMonths(now, months), chosen: true };
  if (dates.length !== 2) return { ok: false, problem: 'format' };
  const [from, to] = dates.map((d) => parseByWhen(d, []));
  if (!from.ok || !to.ok || !from.date || !to.date) return { ok: false, problem: 'format' };
  if (from.date > to.date) return { ok: false, problem: 'order' };
  return { ok: true, from: from.date, to: to.date, chosen: false };
}
