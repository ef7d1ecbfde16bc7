// Small HTML building blocks for the report: escaping, tables, figures and quotes. Everything a
// person typed goes through esc(): the report must never run or load anything from a record.
import { escapeHtml as esc } from '../html-escape.js';
import type { Chart, ChartTable } from './charts.js';
import type { Quote } from './quotes.js';

/** A data table: column headers, and the first cell of each row as the row's header. */
export function table(id: string, caption: string, data: ChartTable): string {
  const head = data.columns.map((c, i) => `<th scope="col"${i ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = data.rows
    .map(([first, ...rest]) => `<tr><th scope="row">${esc(first)}</th>${rest.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  // Wide tables scroll sideways on a phone; the region is focusable so a keyboard can scroll it too.
  return `<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">
<table id="${id}"><caption id="${id}-caption">${esc(caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

/** A chart as an image (its own SVG, so its ids and styles cannot clash with the page), then its numbers. */
export function figure(chart: Chart, svg: string | undefined, headingLevel: number, tableCaption: string, notShown: string): string {
  const h = `h${headingLevel}`;
  const size = svg ? /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg) : null;
  const image = svg
    ? `<img src="data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}" alt="${esc(chart.title)}" aria-describedby="${chart.id}-desc"${size ? ` width="${size[1]}" height="${size[2]}"` : ''}>`
    : `<p class="note">${esc(notShown)}</p>`;
  return `<figure class="chart" aria-labelledby="${chart.id}-title">
<figcaption><${h} id="${chart.id}-title">${esc(chart.title)}</${h}>
<p id="${chart.id}-desc">${esc(chart.description)}</p></figcaption>
${image}
${table(`${chart.id}-data`, tableCaption, chart.table)}
</figure>`;
}

/** Quotes in the person's words, each with what it was about. Nothing when there are none. */
export function quoteList(quotes: Quote[], heading: string, context: (q: Quote) => string | undefined): string {
  if (quotes.length === 0) return '';
  const items = quotes
    .map((q) => {
      const about = context(q);
      return `<li><blockquote><p>${esc(q.text)}</p></blockquote>${about ? `<p class="context">${esc(about)}</p>` : ''}</li>`;
    })
    .join('\n');
  return `<div class="quotes"><p class="quotes-heading">${esc(heading)}</p><ul>
${items}
</ul></div>`;
}

export function paragraph(text: string, className?: string): string {
  return `<p${className ? ` class="${className}"` : ''}>${esc(text)}</p>`;
}

/** A heading with an id a contents list can link to. */
export function heading(level: number, id: string, text: string): string {
  return `<h${level} id="${id}">${esc(text)}</h${level}>`;
}
