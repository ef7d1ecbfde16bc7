// What the report reads of each record, in a compact form: one array per record ("row"), with the
// outcome labels of a batch listed once. The embedded store keeps one such file beside each segment
// (see lowdb-records.ts), so a report over 100,000 records reads about a fifth of the bytes and makes
// a fraction of the objects that whole records would cost. Rows are positional arrays for that speed;
// R and A below name every position, so code reading a row says what it reads.
import type { OutcomeRecord } from './record.js';

export const MODES = ['self', 'with-practitioner', 'review'] as const;
export const ANSWERED_BY = ['person', 'carer', 'practitioner-on-behalf'] as const;
export const STATUSES = ['answered', 'declined', 'not-applicable', 'skipped'] as const;
export const FOLLOW_UP = ['new', 'claimed', 'in-progress', 'done'] as const;
export const MET = ['fully', 'partly', 'not'] as const;

/** An outcome as a record labels it: [id, label, group, groupTitle]. */
export type OutcomeLabel = [id: string, label: string, group: string, groupTitle: string];

/** One answer. Trailing empty positions are left off. Text fields are null when the person wrote nothing. */
export type AnswerRow = [
  outcome: number,
  status: number,
  value?: number | null,
  max?: number | null,
  ratingLabel?: number | null,
  priority?: 0 | 1,
  ownWords?: string | null,
  whatWouldHelp?: string | null,
  met?: number | null,
  why?: string | null,
];

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
  answers: AnswerRow[],
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
} as const;

/** Positions in an AnswerRow. */
export const A = {
  outcome: 0,
  status: 1,
  value: 2,
  max: 3,
  ratingLabel: 4,
  priority: 5,
  ownWords: 6,
  whatWouldHelp: 7,
  met: 8,
  why: 9,
} as const;

/** Rows and the labels they point into. */
export interface ReportBatch {
  outcomes: OutcomeLabel[];
  ratingLabels: string[];
  rows: ReportRow[];
}

const indexOf = <T extends string>(list: readonly T[], value: T): number => list.indexOf(value);

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
  /** Each row as JSON already: the open segment's rows are written again on every add. */
  readonly #rowTexts: string[] = [];

  static of(records: Iterable<OutcomeRecord>): ReportBatchBuilder {
    const builder = new ReportBatchBuilder();
    for (const record of records) builder.add(record);
    return builder;
  }

  /** A builder holding a batch read back from its file. */
  static from(batch: ReportBatch): ReportBatchBuilder {
    const builder = new ReportBatchBuilder();
    batch.outcomes.forEach((o, i) => {
      builder.#outcomes.push(o);
      builder.#outcomeIndex.set(o.join('\u0000'), i);
    });
    batch.ratingLabels.forEach((label, i) => {
      builder.#ratingLabels.push(label);
      builder.#ratingIndex.set(label, i);
    });
    for (const row of batch.rows) builder.#rowTexts.push(asciiJson(row));
    return builder;
  }

  get size(): number {
    return this.#rowTexts.length;
  }

  add(record: OutcomeRecord): void {
    this.#rowTexts.push(asciiJson(this.#row(record)));
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
      record.outcomes.map((answer) => {
        const row: AnswerRow = [
          this.#outcome(answer),
          indexOf(STATUSES, answer.status),
          answer.rating?.value ?? null,
          answer.rating?.max ?? null,
          answer.rating ? this.#ratingLabel(answer.rating.label) : null,
          answer.priority ? 1 : 0,
          answer.ownWords ?? null,
          answer.whatWouldHelp ?? null,
          answer.review?.met === undefined ? null : indexOf(MET, answer.review.met),
          answer.review?.why ?? null,
        ];
        while (row.length > 2 && (row[row.length - 1] === null || (row.length - 1 === A.priority && row[A.priority] === 0))) row.pop();
        return row;
      }),
    ];
  }

  /** The batch as objects (the rows parsed back from their text). */
  batch(): ReportBatch {
    return { outcomes: this.#outcomes, ratingLabels: this.#ratingLabels, rows: JSON.parse(`[${this.#rowTexts.join(',')}]`) as ReportRow[] };
  }

  /** The file's text: the batch and the identity of the segment it was made from. ASCII only. */
  text(source: string): string {
    return `{"v":1,"source":${JSON.stringify(source)},"outcomes":${asciiJson(this.#outcomes)},"ratingLabels":${asciiJson(this.#ratingLabels)},"rows":[${this.#rowTexts.join(',')}]}`;
  }
}

export function toReportBatch(records: Iterable<OutcomeRecord>): ReportBatch {
  return ReportBatchBuilder.of(records).batch();
}

const isText = (v: unknown): boolean => v === null || typeof v === 'string';
const isCount = (v: unknown, below: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;
const isOptionalNumber = (v: unknown): boolean => v === undefined || v === null || typeof v === 'number';

function isAnswerRow(a: unknown, outcomes: number, ratingLabels: number): boolean {
  if (!Array.isArray(a) || a.length < 2 || a.length > 10) return false;
  return (
    isCount(a[0], outcomes) &&
    isCount(a[1], STATUSES.length) &&
    isOptionalNumber(a[2]) &&
    isOptionalNumber(a[3]) &&
    (a[4] === undefined || a[4] === null || isCount(a[4], ratingLabels)) &&
    (a[5] === undefined || a[5] === 0 || a[5] === 1) &&
    (a[6] === undefined || isText(a[6])) &&
    (a[7] === undefined || isText(a[7])) &&
    (a[8] === undefined || a[8] === null || isCount(a[8], MET.length)) &&
    (a[9] === undefined || isText(a[9]))
  );
}

function isReportRow(r: unknown, outcomes: number, ratingLabels: number): boolean {
  if (!Array.isArray(r) || r.length !== 13) return false;
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
    Array.isArray(r[R.answers]) &&
    (r[R.answers] as unknown[]).every((a) => isAnswerRow(a, outcomes, ratingLabels))
  );
}

/**
 * A batch file's content, checked position by position, or undefined when anything is amiss (the
 * caller then makes it again from the segment, which is the truth). Checked by hand, not with zod:
 * the report checks about 1.5 million answers at 100,000 records, and a zod schema of tuples costs
 * seconds there, against tens of milliseconds for these plain checks.
 */
export function readReportBatchText(text: string): { source: string; batch: ReportBatch } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { v, source, outcomes, ratingLabels, rows } = raw as Record<string, unknown>;
  if (v !== 1 || typeof source !== 'string' || !Array.isArray(outcomes) || !Array.isArray(ratingLabels) || !Array.isArray(rows)) return undefined;
  if (!outcomes.every((o) => Array.isArray(o) && o.length === 4 && o.every((s) => typeof s === 'string'))) return undefined;
  if (!ratingLabels.every((l) => typeof l === 'string')) return undefined;
  if (!rows.every((r) => isReportRow(r, outcomes.length, ratingLabels.length))) return undefined;
  return { source, batch: { outcomes: outcomes as OutcomeLabel[], ratingLabels: ratingLabels as string[], rows: rows as ReportRow[] } };
}
