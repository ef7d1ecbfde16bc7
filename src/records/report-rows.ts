// What the report (and the practitioners' queue) reads of each record, in a compact form: one array per record ("row"), with the
// outcome labels of a batch listed once. The embedded store keeps one such file beside each segment
// (see segmented-records.ts), so a report over 100,000 records reads a fifth of the bytes whole records
// take, and makes a tenth of the objects: each record's answers are one short string of small numbers
// (`answers`, ANSWER_WIDTH characters an answer) and one list of the words written (`words`), not an
// object per answer. Parsing and collecting garbage for those objects was most of a report's time.
// R, P and W below name every position, so code reading a row says what it reads.
import type { OutcomeRecord } from './record.js';

export const MODES = ['self', 'with-practitioner', 'review'] as const;
// New kinds go at the end: rows files hold each record's index into this list.
export const ANSWERED_BY = ['person', 'carer', 'practitioner-on-behalf', 'family-or-friend'] as const;
export const STATUSES = ['answered', 'declined', 'not-applicable', 'skipped'] as const;
export const FOLLOW_UP = ['new', 'claimed', 'in-progress', 'done'] as const;
export const MET = ['fully', 'partly', 'not'] as const;

/** An outcome as a record labels it: [id, label, group, groupTitle]. */
export type OutcomeLabel = [id: string, label: string, group: string, groupTitle: string];

/**
 * The numbers of one answer, at these positions in its ANSWER_WIDTH characters of a row's `answers`.
 * Each is a small whole number n, stored as the character n + CHAR_BASE. Positions marked +1 store 0
 * for "none" and n + 1 for n; a rating value or maximum (shifted by VALUE_SHIFT, as scales may start
 * below 1) that does not fit is stored as none, and given in `words` instead (W.value, W.max).
 */
export const P = { outcome: 0, status: 1, value: 2, max: 3, ratingLabel: 4, priority: 5, met: 6 } as const;
export const ANSWER_WIDTH = 7;
const CHAR_BASE = 48;
const VALUE_SHIFT = 100;
const LARGEST = 0xffff - CHAR_BASE;

/** What an entry of `words` holds: entries are pairs [answer index * 8 + kind, value], in answer order. */
export const W = { ownWords: 0, whatWouldHelp: 1, why: 2, value: 3, max: 4 } as const;

/** A packed number back: n (or undefined for "none" at a +1 position). */
export const packed = (answers: string, at: number): number => answers.charCodeAt(at) - CHAR_BASE;
/** A rating value or maximum back; undefined when none (or given in `words`). */
export function packedValue(answers: string, at: number): number | undefined {
  const n = answers.charCodeAt(at) - CHAR_BASE;
  return n === 0 ? undefined : n - 1 - VALUE_SHIFT;
}

export type ReportRow = [
  id: string,
  script: string,
  /** Milliseconds since 1970; null when the record's date cannot be read. */
  confirmedAt: number | null,
  subjectRef: string,
  mode: number,
  answeredBy: number,
  channel: string,
  shared: 0 | 1,
  /** The safety flag's categories when flagged, else 0. */
  flagged: string[] | 0,
  followUp: number,
  /** 1 when the record follows an earlier one of the same person. */
  later: 0 | 1,
  whatMatters: string | null,
  /** ANSWER_WIDTH characters per answer, in the record's order (see P). */
  answers: string,
  /** [answer index * 8 + kind (W), text or number], ... */
  words: (number | string)[],
  /** Who holds the follow-up (a practitioner's key), for the queue. */
  assignee: string | null,
  /** 1 when flagged but not passed on to the organisation (its policy at the time): practitioners do not see it. */
  heldBack: 0 | 1,
];

/** Positions in a ReportRow. */
export const R = {
  id: 0,
  script: 1,
  confirmedAt: 2,
  subjectRef: 3,
  mode: 4,
  answeredBy: 5,
  channel: 6,
  shared: 7,
  flagged: 8,
  followUp: 9,
  later: 10,
  whatMatters: 11,
  answers: 12,
  words: 13,
  assignee: 14,
  heldBack: 15,
} as const;

/** The rows files' format: a file of another version is made again from its segment. */
const VERSION = 2;
export const ROWS_FILE_START = `{"v":${VERSION},"source":`;
const ROWS_KEY = ',"rows":[';

/** Rows and the labels they point into. */
export interface ReportBatch {
  outcomes: OutcomeLabel[];
  ratingLabels: string[];
  rows: ReportRow[];
}

const indexOf = <T extends string>(list: readonly T[], value: T): number => list.indexOf(value);
const fits = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= LARGEST;

/** JSON with every character past ASCII escaped: such a file reads back as latin1, several times faster than UTF-8. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Builds a batch record by record, and writes it as one file's text. */
export class ReportBatchBuilder {
  readonly #outcomes: OutcomeLabel[] = [];
  readonly #outcomeIndex = new Map<string, number>();
  readonly #ratingLabels: string[] = [];
  readonly #ratingIndex = new Map<string, number>();
  /**
   * The rows as JSON joined by commas: the open segment's rows are written again on every add, so an
   * add appends one row's text and nothing already here is stringified again.
   */
  #rowsText = '';
  #count = 0;

  static of(records: Iterable<OutcomeRecord>): ReportBatchBuilder {
    const builder = new ReportBatchBuilder();
    for (const record of records) builder.add(record);
    return builder;
  }

  /** A builder holding a batch read back from its file (`rowsText`: the file's rows, as they are written there). */
  static from(batch: ReportBatch, rowsText: string): ReportBatchBuilder {
    const builder = new ReportBatchBuilder();
    batch.outcomes.forEach((o, i) => {
      builder.#outcomes.push(o);
      builder.#outcomeIndex.set(o.join('\u0000'), i);
    });
    batch.ratingLabels.forEach((label, i) => {
      builder.#ratingLabels.push(label);
      builder.#ratingIndex.set(label, i);
    });
    builder.#rowsText = rowsText;
    builder.#count = batch.rows.length;
    return builder;
  }

  get size(): number {
    return this.#count;
  }

  /** The rows as JSON joined by commas. */
  get rowsText(): string {
    return this.#rowsText;
  }

  /** An independent builder holding the same rows (to add to without changing this one). */
  copy(): ReportBatchBuilder {
    const other = ReportBatchBuilder.from({ outcomes: this.#outcomes, ratingLabels: this.#ratingLabels, rows: [] }, this.#rowsText);
    other.#count = this.#count;
    return other;
  }

  add(record: OutcomeRecord): void {
    this.#rowsText += `${this.#count > 0 ? ',' : ''}${asciiJson(this.#row(record))}`;
    this.#count += 1;
  }

  #outcome(answer: OutcomeRecord['outcomes'][number]): number {
    const key = `${answer.id}\u0000${answer.label}\u0000${answer.group}\u0000${answer.groupTitle}`;
    let index = this.#outcomeIndex.get(key);
    if (index === undefined) {
      index = this.#outcomes.push([answer.id, answer.label, answer.group, answer.groupTitle]) - 1;
      this.#outcomeIndex.set(key, index);
    }
    return index;
  }

  #ratingLabel(label: string): number {
    let index = this.#ratingIndex.get(label);
    if (index === undefined) {
      index = this.#ratingLabels.push(label) - 1;
      this.#ratingIndex.set(label, index);
    }
    return index;
  }

  #row(record: OutcomeRecord): ReportRow {
    const at = Date.parse(record.confirmedAt);
    const flag = record.safeguardingFlag;
    let answers = '';
    const words: (number | string)[] = [];
    record.outcomes.forEach((answer, i) => {
      const word = (kind: number, value: string | number | undefined) => {
        if (value !== undefined) words.push(i * 8 + kind, value);
      };
      const value = answer.rating?.value;
      const max = answer.rating?.max;
      const valueFits = value === undefined || fits(value + VALUE_SHIFT + 1);
      const maxFits = max === undefined || fits(max + VALUE_SHIFT + 1);
      answers += String.fromCharCode(
        CHAR_BASE + this.#outcome(answer),
        CHAR_BASE + indexOf(STATUSES, answer.status),
        CHAR_BASE + (value === undefined || !valueFits ? 0 : value + VALUE_SHIFT + 1),
        CHAR_BASE + (max === undefined || !maxFits ? 0 : max + VALUE_SHIFT + 1),
        CHAR_BASE + (answer.rating ? this.#ratingLabel(answer.rating.label) + 1 : 0),
        CHAR_BASE + (answer.priority ? 1 : 0),
        CHAR_BASE + (answer.review?.met === undefined ? 0 : indexOf(MET, answer.review.met) + 1),
      );
      word(W.ownWords, answer.ownWords);
      word(W.whatWouldHelp, answer.whatWouldHelp);
      word(W.why, answer.review?.why);
      if (!valueFits) word(W.value, value);
      if (!maxFits) word(W.max, max);
    });
    return [
      record.id,
      record.script.id,
      Number.isNaN(at) ? null : at,
      record.subjectRef,
      indexOf(MODES, record.mode),
      indexOf(ANSWERED_BY, record.answeredBy),
      record.channel,
      record.sharing === 'shared' ? 1 : 0,
      flag.flagged ? [...flag.categories] : 0,
      indexOf(FOLLOW_UP, record.followUp.status),
      record.previousRecordId === undefined ? 0 : 1,
      record.whatMatters ?? null,
      answers,
      words,
      record.followUp.assignee ?? null,
      flag.flagged && flag.passedOn === false ? 1 : 0,
    ];
  }

  /** The batch as objects (the rows parsed back from their text). */
  batch(): ReportBatch {
    const rows = JSON.parse(`[${this.#rowsText}]`) as ReportRow[];
    return { outcomes: [...this.#outcomes], ratingLabels: [...this.#ratingLabels], rows };
  }

  /** The file's text: the batch and the identity of the segment it was made from. ASCII only. */
  text(source: string): string {
    return `${ROWS_FILE_START}${JSON.stringify(source)},"outcomes":${asciiJson(this.#outcomes)},"ratingLabels":${asciiJson(this.#ratingLabels)},"rows":[${this.#rowsText}]}`;
  }
}

export function toReportBatch(records: Iterable<OutcomeRecord>): ReportBatch {
  return ReportBatchBuilder.of(records).batch();
}

const isText = (v: unknown): boolean => v === null || typeof v === 'string';
const isCount = (v: unknown, below: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;

/** Every answer's numbers in range, and its words in answer order, each of a known kind. */
function answersFit(answers: unknown, words: unknown, outcomes: number, ratingLabels: number): boolean {
  if (typeof answers !== 'string' || answers.length % ANSWER_WIDTH !== 0 || !Array.isArray(words) || words.length % 2 !== 0) return false;
  for (let base = 0; base < answers.length; base += ANSWER_WIDTH) {
    const outcome = packed(answers, base + P.outcome);
    const status = packed(answers, base + P.status);
    const label = packed(answers, base + P.ratingLabel);
    const priority = packed(answers, base + P.priority);
    const met = packed(answers, base + P.met);
    if (!(outcome >= 0 && outcome < outcomes && status >= 0 && status < STATUSES.length && label >= 0 && label <= ratingLabels)) return false;
    if (!(priority === 0 || priority === 1) || !(met >= 0 && met <= MET.length)) return false;
    if (!(packed(answers, base + P.value) >= 0 && packed(answers, base + P.max) >= 0)) return false;
  }
  const count = answers.length / ANSWER_WIDTH;
  let last = -1;
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i] as unknown;
    const value = words[i + 1] as unknown;
    if (typeof key !== 'number' || !Number.isInteger(key) || key <= last || key >> 3 >= count) return false;
    const kind = key & 7;
    if (kind <= W.why ? typeof value !== 'string' : kind > W.max || typeof value !== 'number') return false;
    last = key;
  }
  return true;
}

function isReportRow(r: unknown, outcomes: number, ratingLabels: number): boolean {
  if (!Array.isArray(r) || r.length !== 16) return false;
  const flagged = r[R.flagged] as unknown;
  return (
    typeof r[R.id] === 'string' &&
    typeof r[R.script] === 'string' &&
    (r[R.confirmedAt] === null || typeof r[R.confirmedAt] === 'number') &&
    typeof r[R.subjectRef] === 'string' &&
    isCount(r[R.mode], MODES.length) &&
    isCount(r[R.answeredBy], ANSWERED_BY.length) &&
    typeof r[R.channel] === 'string' &&
    (r[R.shared] === 0 || r[R.shared] === 1) &&
    (flagged === 0 || (Array.isArray(flagged) && flagged.every((c) => typeof c === 'string'))) &&
    isCount(r[R.followUp], FOLLOW_UP.length) &&
    (r[R.later] === 0 || r[R.later] === 1) &&
    isText(r[R.whatMatters]) &&
    answersFit(r[R.answers], r[R.words], outcomes, ratingLabels) &&
    isText(r[R.assignee]) &&
    (r[R.heldBack] === 0 || r[R.heldBack] === 1)
  );
}

/** A batch's labels and rows, checked position by position (see readReportBatchText for why by hand). */
export function isReportBatch(batch: { outcomes: unknown; ratingLabels: unknown; rows: unknown }): batch is ReportBatch {
  const { outcomes, ratingLabels, rows } = batch;
  if (!Array.isArray(outcomes) || !Array.isArray(ratingLabels) || !Array.isArray(rows)) return false;
  if (!outcomes.every((o) => Array.isArray(o) && o.length === 4 && o.every((s) => typeof s === 'string'))) return false;
  if (!ratingLabels.every((l) => typeof l === 'string')) return false;
  return rows.every((r) => isReportRow(r, outcomes.length, ratingLabels.length));
}

/** One row checked against the labels it points into (a catalogue already checked with isReportBatch). */
export function isRowOf(row: unknown, labels: { outcomes: unknown[]; ratingLabels: unknown[] }): row is ReportRow {
  return isReportRow(row, labels.outcomes.length, labels.ratingLabels.length);
}

/** Labels shared by many records' rows: a record's outcomes in its order, and its rating labels sorted. */
export interface ReportCatalogue {
  outcomes: OutcomeLabel[];
  ratingLabels: string[];
}

/**
 * One record's row, pointing into a catalogue made only of the record's own labels, in a fixed
 * order, so the records of one script version share a few catalogues (the PostgreSQL store keeps
 * each once). Returns the row as JSON text and the catalogue.
 */
export function recordRow(record: OutcomeRecord): { row: string; catalogue: ReportCatalogue } {
  const catalogue: ReportCatalogue = {
    outcomes: record.outcomes.map((a): OutcomeLabel => [a.id, a.label, a.group, a.groupTitle]),
    ratingLabels: [...new Set(record.outcomes.flatMap((a) => (a.rating ? [a.rating.label] : [])))].sort(),
  };
  const builder = ReportBatchBuilder.from({ ...catalogue, rows: [] }, '');
  builder.add(record);
  return { row: builder.rowsText, catalogue };
}

/**
 * A batch file's content, checked position by position, or undefined when anything is amiss (the
 * caller then makes it again from the segment, which is the truth). Checked by hand, not with zod:
 * the report checks about 1.5 million answers at 100,000 records, and a zod schema costs seconds
 * there, against tens of milliseconds for these plain checks.
 */
export function readReportBatchText(text: string): { source: string; batch: ReportBatch; rowsText: string } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { v, source, outcomes, ratingLabels, rows } = raw as Record<string, unknown>;
  if (v !== VERSION || typeof source !== 'string' || !isReportBatch({ outcomes, ratingLabels, rows })) return undefined;
  // The rows' own text, for a builder to append to: "rows" is the last key, and its first unescaped
  // occurrence is the key itself (a quote inside any string in the file is escaped).
  const at = text.indexOf(ROWS_KEY);
  if (at < 0 || !text.endsWith(']}')) return undefined;
  const rowsText = text.slice(at + ROWS_KEY.length, -2);
  return { source, batch: { outcomes: outcomes as OutcomeLabel[], ratingLabels: ratingLabels as string[], rows: rows as ReportRow[] }, rowsText };
}
