// An expanded Adaptive Card too big for one message becomes several cards: its body elements in order,
// each card headed "Part 1 of 3", the buttons where they were (so the record's buttons end the last part).
// An element too big alone is split: a container into its items, anything else by cutting its longest
// text into pieces, each shown in a copy of the element.
import { fillText } from '../conversation/fill-text.js';
import { splitText } from './fit.js';

type Card = Record<string, unknown>;
type Element = Record<string, unknown>;

/** The path to the longest string under `text` or `value` in an element, and the string. */
function longestText(node: unknown, path: (string | number)[] = []): { path: (string | number)[]; text: string } | undefined {
  let best: { path: (string | number)[]; text: string } | undefined;
  const consider = (found: { path: (string | number)[]; text: string } | undefined) => {
    if (found && (!best || found.text.length > best.text.length)) best = found;
  };
  if (Array.isArray(node)) node.forEach((n, i) => consider(longestText(n, [...path, i])));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && (key === 'text' || key === 'value')) consider({ path: [...path, key], text: value });
      else if (typeof value === 'object') consider(longestText(value, [...path, key]));
    }
  }
  return best;
}

function withText(element: Element, path: (string | number)[], text: string): Element {
  const copy = structuredClone(element);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = text;
  return copy;
}

/** Smaller elements that show the same, in order; each fits on a part alone if it can be made to. */
function explode(element: Element, fitsAlone: (e: Element) => boolean): Element[] {
  if (fitsAlone(element)) return [element];
  const items = element.type === 'Container' && Array.isArray(element.items) ? (element.items as Element[]) : undefined;
  if (items && items.length > 1) {
    return items.flatMap((item, i) => explode({ ...element, items: [item], separator: i === 0 ? element.separator : false }, fitsAlone));
  }
  const longest = longestText(element);
  if (!longest || longest.text.length < 2) return [element];
  return splitText(longest.text, (piece) => fitsAlone(withText(element, longest.path, piece))).map((piece) => withText(element, longest.path, piece));
}

function partHeading(text: string): Element {
  return { type: 'TextBlock', text, size: 'Small', isSubtle: true, wrap: true };
}

/** The card as one or more cards that each `fits`. `partLabel` is the card layer's "Part {n} of {total}". */
export function splitCard(card: Card, fits: (card: Card) => boolean, partLabel: string): Card[] {
  if (fits(card)) return [card];
  const widest = partHeading(fillText(partLabel, { n: 99, total: 99 }));
  const { actions, body, ...frame } = card;
  const page = (elements: Element[], heading: Element, last: boolean): Card => ({
    ...frame,
    body: [heading, ...elements],
    ...(last && actions ? { actions } : {}),
  });
  const elements = ((body as Element[] | undefined) ?? []).flatMap((e) => explode(e, (x) => fits(page([x], widest, false))));
  const pages: Element[][] = [[]];
  for (const element of elements) {
    const current = pages[pages.length - 1];
    if (current.length === 0 || fits(page([...current, element], widest, false))) current.push(element);
    else pages.push([element]);
  }
  if (!fits(page(pages[pages.length - 1], widest, true))) pages.push([]);
  const total = pages.length;
  return pages.map((elements, i) => page(elements, partHeading(fillText(partLabel, { n: i + 1, total })), i === total - 1));
}
