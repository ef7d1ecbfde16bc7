// Text widths for Vega without a canvas: Helvetica/Arial advance widths (thousandths of an em), so
// chart labels are laid out and cut to fit as a browser would draw them, not by a rough guess.
import * as vega from 'vega';

const WIDTHS: Record<string, number> = {
  ' ': 278,
  '!': 278,
  '"': 355,
  '#': 556,
  $: 556,
  '%': 889,
  '&': 667,
  "'": 191,
  '(': 333,
  ')': 333,
  '*': 389,
  '+': 584,
  ',': 278,
  '-': 333,
  '.': 278,
  '/': 278,
  ':': 278,
  ';': 278,
  '<': 584,
  '=': 584,
  '>': 584,
  '?': 556,
  '@': 1015,
  '[': 278,
  ']': 278,
  _: 556,
  '‘': 222,
  '’': 222,
  '“': 333,
  '”': 333,
  '…': 1000,
  '–': 556,
  '—': 1000,
  A: 667,
  B: 667,
  C: 722,
  D: 722,
  E: 667,
  F: 611,
  G: 778,
  H: 722,
  I: 278,
  J: 500,
  K: 667,
  L: 556,
  M: 833,
  N: 722,
  O: 778,
  P: 667,
  Q: 778,
  R: 722,
  S: 667,
  T: 611,
  U: 722,
  V: 667,
  W: 944,
  X: 667,
  Y: 667,
  Z: 611,
  a: 556,
  b: 556,
  c: 500,
  d: 556,
  e: 556,
  f: 278,
  g: 556,
  h: 556,
  i: 222,
  j: 222,
  k: 500,
  l: 222,
  m: 833,
  n: 556,
  o: 556,
  p: 556,
  q: 556,
  r: 333,
  s: 500,
  t: 278,
  u: 556,
  v: 500,
  w: 722,
  x: 500,
  y: 500,
  z: 500,
};
const DIGIT = 556;
const OTHER = 600;

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/** Width in pixels of a line of text at a font size; bold is about 8% wider. */
function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += WIDTHS[ch] ?? (ch >= '0' && ch <= '9' ? DIGIT : OTHER);
  return (units / 1000) * fontSize * (bold ? 1.08 : 1);
}

let installed = false;

/** Makes Vega measure text with the table above (Vega's own fallback guesses 0.8 em a letter). */
export function installTextWidths(): void {
  if (installed) return;
  installed = true;
  // vega exports textMetrics at run time, but its typings leave it out.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const value =
      text === undefined || text === null
        ? ''
        : Array.isArray(text)
          ? text.join(' ')
          : typeof text === 'string' || typeof text === 'number'
            ? String(text)
            : '';
    const weight = item.fontWeight;
    const width = textWidth(value.trim(), item.fontSize ?? 11, weight === 'bold' || (typeof weight === 'number' && weight >= 600));
    // Vega cuts text longer than its limit (with an ellipsis) when it draws it: never wider than that.
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}
