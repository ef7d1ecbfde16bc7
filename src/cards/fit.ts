// Keeps every message small enough for Teams, which refuses one over about 28 KB (the whole activity as
// JSON: text, card, fallback). Long content is split into parts, each a message of its own.

/** What Teams accepts, in bytes of JSON.stringify(activity). */
export const TEAMS_MESSAGE_LIMIT = 28 * 1024;
/** What a message is built to: room is left for what a channel adds on the way (ids, addresses, times). */
export const MESSAGE_BUDGET = 24 * 1024;

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The first line with words, short enough for a notification. */
export function firstLine(text: string, max = 200): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The longest start of `text` (at least one character) that `fits`, broken after a space where one is near. */
function longestFit(text: string, fits: (piece: string) => boolean): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(text.slice(0, mid))) low = mid;
    else high = mid - 1;
  }
  let end = low;
  // Never between the two halves of one character (emoji and other characters outside the BMP).
  const code = text.charCodeAt(end - 1);
  if (end < text.length && end > 1 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  const space = text.lastIndexOf(' ', end);
  if (end < text.length && space > end * 0.8) end = space + 1;
  return end;
}

/** Splits a text into pieces that each fit, in order, none empty; words are kept whole where possible. */
export function splitText(text: string, fits: (piece: string) => boolean): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length) {
    if (fits(rest)) {
      pieces.push(rest);
      break;
    }
    const end = longestFit(rest, fits);
    pieces.push(rest.slice(0, end).trimEnd() || rest.slice(0, end));
    rest = rest.slice(end).trimStart();
  }
  return pieces;
}
