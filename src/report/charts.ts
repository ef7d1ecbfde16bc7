// The report's charts as data: a Vega-Lite spec, a title, a sentence saying what it shows, and the
// table of every number in it, so a chart is never the only way to read a figure.
import type { TopLevelSpec } from 'vega-lite';
import type { Count, Row } from './report-types.js';
import { isShown } from './small-numbers.js';
import { fill, type ReportText } from './text.js';

export interface ChartTable {
  columns: string[];
  /** The first cell of each row names the row. */
  rows: string[][];
}

export interface Chart {
  id: string;
  title: string;
  description: string;
  /** Undefined when every number is too small to draw. */
  spec: TopLevelSpec | undefined;
  table: ChartTable;
}

export interface BarRow {
  label: string;
  count: Count;
  percent?: number;
}

export interface StackPart {
  key: string;
  label: string;
  colour: string;
}

export interface StackBar {
  label: string;
  total: Count;
  counts: Count[];
}

const FONT = 'Arial, Helvetica, sans-serif';
const TEXT_COLOUR = '#1f1f1f';
const BAR_COLOUR = '#1d4f91';
/** The grey part of a stacked bar: small numbers not shown, drawn as one block (their total is in the table anyway). */
const HIDDEN_COLOUR = '#d4d4d4';
export const RATING_COLOURS = ['#a50f15', '#ef8a62', '#8c8c8c', '#67a9cf', '#08519c'];
export const CHANGE_COLOURS = ['#08519c', '#8c8c8c', '#a50f15'];
export const MET_COLOURS = ['#08519c', '#67a9cf', '#a50f15'];

const config = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelColor: TEXT_COLOUR, titleColor: TEXT_COLOUR, labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  legend: { labelColor: TEXT_COLOUR, titleColor: TEXT_COLOUR, labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  title: { color: TEXT_COLOUR, fontSize: 14, anchor: 'start' as const },
};

export function formatCount(count: Count, text: ReportText, threshold: number): string {
  if ('n' in count) return count.n.toLocaleString('en-GB');
  if ('fewerThan' in count) return fill(text.fewerThan, { threshold: count.fewerThan || threshold });
  return text.withheld;
}

export function formatPercent(percent: number | undefined): string {
  return percent === undefined ? '' : `${percent}%`;
}

/** "The largest is “X” with N." for the descriptions; empty when nothing is shown. */
export function largestSentence(rows: BarRow[], text: ReportText): string {
  let best: BarRow | undefined;
  for (const row of rows) if (isShown(row.count) && row.count.n > 0 && (!best || row.count.n > (best.count as { n: number }).n)) best = row;
  return best ? fill(text.largest, { label: best.label, count: (best.count as { n: number }).n.toLocaleString('en-GB') }) : text.largestNone;
}

/** Horizontal bars, one per row, each labelled with its number (or "fewer than 5" and no bar). */
export function barChart(
  id: string,
  title: string,
  description: string,
  rows: BarRow[],
  header: { label: string; number: string; percent: string },
  text: ReportText,
  threshold: number,
): Chart {
  const values = rows.map((r) => ({ label: r.label, value: isShown(r.count) ? r.count.n : 0, shown: formatCount(r.count, text, threshold) }));
  const drawable = rows.some((r) => isShown(r.count) && r.count.n > 0);
  const spec: TopLevelSpec | undefined = drawable
    ? {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        config,
        width: 420,
        height: { step: 26 },
        data: { values },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: null },
          x: { field: 'value', type: 'quantitative', title: header.number, axis: { format: ',d', tickMinStep: 1 } },
        },
        layer: [
          { mark: { type: 'bar', color: BAR_COLOUR } },
          { mark: { type: 'text', align: 'left', dx: 4, color: TEXT_COLOUR, fontSize: 12 }, encoding: { text: { field: 'shown' } } },
        ],
      }
    : undefined;
  const withPercent = rows.some((r) => r.percent !== undefined);
  return {
    id,
    title,
    description,
    spec,
    table: {
      columns: withPercent ? [header.label, header.number, header.percent] : [header.label, header.number],
      rows: rows.map((r) => {
        const cells = [r.label, formatCount(r.count, text, threshold)];
        if (withPercent) cells.push(formatPercent(r.percent));
        return cells;
      }),
    },
  };
}

/**
 * One 100% bar per row, split into parts. Parts too small to show go into a single grey block; a
 * row whose total is hidden is left out of the drawing (its row in the table says why).
 */
export function stackedChart(
  id: string,
  title: string,
  description: string,
  bars: StackBar[],
  parts: StackPart[],
  header: { row: string; total: string; axis: string },
  text: ReportText,
  threshold: number,
): Chart {
  const hiddenLabel = text.withheld.charAt(0).toUpperCase() + text.withheld.slice(1);
  const values: { bar: string; part: string; value: number; order: number }[] = [];
  for (const bar of bars) {
    if (!isShown(bar.total) || bar.total.n === 0) continue;
    let shown = 0;
    bar.counts.forEach((count, i) => {
      if (isShown(count) && count.n > 0) {
        values.push({ bar: bar.label, part: parts[i].label, value: count.n, order: i });
        shown += count.n;
      }
    });
    const hidden = bar.total.n - shown;
    if (hidden > 0) values.push({ bar: bar.label, part: hiddenLabel, value: hidden, order: parts.length });
  }
  const anyHidden = values.some((v) => v.part === hiddenLabel);
  const spec: TopLevelSpec | undefined = values.length
    ? {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        config,
        width: 420,
        height: { step: 26 },
        data: { values },
        mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
        encoding: {
          y: { field: 'bar', type: 'nominal', sort: bars.map((b) => b.label), title: null },
          x: { field: 'value', type: 'quantitative', stack: 'normalize', title: header.axis, axis: { format: '.0%' } },
          color: {
            field: 'part',
            type: 'nominal',
            title: null,
            scale: {
              domain: [...parts.map((p) => p.label), ...(anyHidden ? [hiddenLabel] : [])],
              range: [...parts.map((p) => p.colour), ...(anyHidden ? [HIDDEN_COLOUR] : [])],
            },
            legend: { orient: 'bottom', direction: 'horizontal', columns: 3 },
          },
          order: { field: 'order', type: 'quantitative' },
        },
      }
    : undefined;
  return {
    id,
    title,
    description,
    spec,
    table: {
      columns: [header.row, ...parts.map((p) => p.label), header.total],
      rows: bars.map((bar) => [bar.label, ...bar.counts.map((c) => formatCount(c, text, threshold)), formatCount(bar.total, text, threshold)]),
    },
  };
}

export function rowsOf(rows: Row[]): BarRow[] {
  return rows.map((r) => ({ label: r.label, count: r.count, percent: r.percent }));
}
