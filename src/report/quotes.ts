// Choosing quotes cheaply and fairly: each candidate gets a rank from a seeded hash of its record id,
// and the lowest ranks are kept. Same data and seed, same quotes, whatever order the store yields.

/** A person's words beside a figure, with what they were about (their rating, a review result). */
export interface Quote {
  text: string;
  context?: string;
}

interface Entry<T> {
  rank: number;
  item: T;
}

export interface RankedSnapshot<T> {
  offered: number;
  entries: Entry<T>[];
}

/** Keeps the k items with the lowest rank seen so far: a max-heap, so each offer is O(log k). */
export class LowestRanked<T> {
  readonly #heap: Entry<T>[] = [];
  #offered = 0;

  constructor(readonly k: number) {}

  /** How many items were offered in all. */
  get offered(): number {
    return this.#offered;
  }

  /** Counts an offer and says whether an item of this rank would be kept: call insert only then. */
  accepts(rank: number): boolean {
    this.#offered += 1;
    return this.#heap.length < this.k || (this.k > 0 && rank < this.#heap[0].rank);
  }

  insert(rank: number, item: T): void {
    const heap = this.#heap;
    if (heap.length < this.k) {
      heap.push({ rank, item });
      this.#up(heap.length - 1);
    } else {
      heap[0] = { rank, item };
      this.#down(0);
    }
  }

  /** What it holds, as plain data a worker thread can send (see tally-transfer.ts). */
  snapshot(): RankedSnapshot<T> {
    return { offered: this.#offered, entries: this.#heap.map((e) => ({ rank: e.rank, item: e.item })) };
  }

  /** Takes in another's snapshot: its offers count here, and its items compete for the k places. */
  absorb(other: RankedSnapshot<T>): void {
    for (const { rank, item } of other.entries) if (this.accepts(rank)) this.insert(rank, item);
    this.#offered += other.offered - other.entries.length;
  }

  /** The kept items, lowest rank first. */
  items(): T[] {
    return [...this.#heap].sort((a, b) => a.rank - b.rank).map((e) => e.item);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].rank >= heap[i].rank) return;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && heap[l].rank > heap[top].rank) top = l;
      if (r < heap.length && heap[r].rank > heap[top].rank) top = r;
      if (top === i) return;
      [heap[top], heap[i]] = [heap[i], heap[top]];
      i = top;
    }
  }
}

const QUOTE_MIN_LENGTH = 12;
const QUOTE_MAX_LENGTH = 240;

/** Long enough to say something and short enough to read beside a figure. */
export function readable(text: string | undefined): text is string {
  return text !== undefined && text.length >= QUOTE_MIN_LENGTH && text.length <= QUOTE_MAX_LENGTH && text.includes(' ');
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Digits grouped by spaces, dashes, dots or brackets: 07700 900123, 07700-900-123, 07700.900.123.
const PHONE = /(?:\+?\(?\d[\d\s().-]{6,}\d)/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
// A house number and a street: "12 Rose Street", "4a Mill Brae", "flat 2, 7 High St".
const STREET =
  /\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'-]*\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Crescent|Place|Pl|Terrace|Court|Ct|Gardens|Way|Close|Square|Sq|Row|Wynd|Brae|View|Grove|Walk|Loan|Vennel|Park|Green|Hill|Mews|Gate)\b\.?/g;

/** Contact details typed into free text are not for a report: they are replaced before a quote is shown. */
export function redactContactDetails(text: string, replacement: string): string {
  return text.replace(EMAIL, replacement).replace(STREET, replacement).replace(PHONE, replacement).replace(POSTCODE, replacement);
}

/** Up to `max` quotes with different wording, tidied and with contact details removed. */
export function finishQuotes(quotes: Quote[], max: number, replacement: string): Quote[] {
  const seen = new Set<string>();
  const out: Quote[] = [];
  for (const q of quotes) {
    const text = redactContactDetails(q.text.trim().replace(/\s+/g, ' '), replacement);
    const key = text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...q, text });
    if (out.length === max) break;
  }
  return out;
}
