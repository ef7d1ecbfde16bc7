// Export of records: tidy CSV (one row per record and outcome) and JSON lines (one record per line).
// Contact details leave only when asked for ({ includeContact: true }). The person's ref is the export's
// own (`subjectRef`, an HMAC under EXPORT_SUBJECT_KEY: see export-subject-key.ts), never the stored hash.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { OutcomeRecord } from './record.js';

export interface ExportOptions {
  /** The export's `subject_ref` for a record's stored subject hash (ExportSubjectKey.refFor). */
  subjectRef: (storedSubjectRef: string) => string;
  /** Add contact method and detail (CSV columns contact_method, contact_detail; the JSON `contact` field). */
  includeContact?: boolean;
}

export interface CsvOptions extends ExportOptions {
  /**
   * Default true. A text cell that a spreadsheet would run as a formula (starting with = + - @, tab or
   * carriage return, after any leading apostrophes) gets one more leading apostrophe. The free text
   * comes from anonymous web users, so a cell like `=HYPERLINK(...)` must not reach Excel live.
   * csvToRows removes exactly that apostrophe again, so a round trip is exact. Numbers are never changed.
   */
  formulaGuard?: boolean;
}

export const CSV_COLUMNS = [
  'record_id',
  'schema_version',
  'script_id',
  'script_version',
  'locale',
  'mode',
  'answered_by',
  'answered_for',
  'channel',
  'subject_ref',
  'created_at',
  'confirmed_at',
  'sharing',
  'safeguarding_flagged',
  'follow_up_status',
  'what_matters',
  'outcome_id',
  'outcome_label',
  'outcome_group',
  'status',
  'rating_value',
  'rating_label',
  'rating_max',
  'own_words',
  'what_would_help',
  'priority',
  'previous_record_id',
] as const;

export const CONTACT_COLUMNS = ['contact_method', 'contact_detail'] as const;

type Cell = string | number | boolean | undefined;

const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

function cellText(value: Cell, guard: boolean): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return guard && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The CSV rows of one record: one per outcome, or one with empty outcome columns when it has none. */
function recordRows(record: OutcomeRecord, includeContact: boolean, subjectRef: ExportOptions['subjectRef']): Cell[][] {
  const common: Cell[] = [
    record.id,
    record.schemaVersion,
    record.script.id,
    record.script.version,
    record.script.locale,
    record.mode,
    record.answeredBy,
    record.answeredFor?.relationship,
    record.channel,
    subjectRef(record.subjectRef),
    record.createdAt,
    record.confirmedAt,
    record.sharing,
    record.safeguardingFlag.flagged,
    record.followUp.status,
    record.whatMatters,
  ];
  const tail: Cell[] = [record.previousRecordId];
  if (includeContact) tail.push(record.contact.method, record.contact.detail);
  const outcomes = record.outcomes.map((o): Cell[] => [
    o.id,
    o.label,
    o.group,
    o.status,
    o.rating?.value,
    o.rating?.label,
    o.rating?.max,
    o.ownWords,
    o.whatWouldHelp,
    o.priority,
  ]);
  if (outcomes.length === 0) outcomes.push(new Array<Cell>(10).fill(undefined));
  return outcomes.map((o) => [...common, ...o, ...tail]);
}

export function recordsToCsv(records: Iterable<OutcomeRecord>, opts: CsvOptions): string {
  const includeContact = opts.includeContact === true;
  const guard = opts.formulaGuard !== false;
  const header: string[] = [...CSV_COLUMNS, ...(includeContact ? CONTACT_COLUMNS : [])];
  const rows: string[][] = [header];
  for (const record of records) {
    for (const row of recordRows(record, includeContact, opts.subjectRef)) rows.push(row.map((c) => cellText(c, guard)));
  }
  return stringify(rows);
}

/** One JSON object per line, each line ending in "\n"; `contact` is left out unless includeContact. */
export function recordsToJsonLines(records: Iterable<OutcomeRecord>, opts: ExportOptions): string {
  let out = '';
  for (const record of records) {
    const exported: Partial<OutcomeRecord> = { ...record, subjectRef: opts.subjectRef(record.subjectRef) };
    if (opts.includeContact !== true) delete exported.contact;
    out += `${JSON.stringify(exported)}\n`;
  }
  return out;
}

/**
 * After EXPORT_SUBJECT_KEY changes: one row per person in `records`, their ref under the previous key beside
 * their ref under the current one, so earlier exports can be joined with new ones. Sorted by the new ref.
 */
export function subjectRefMapToCsv(records: Iterable<OutcomeRecord>, previous: { refFor(s: string): string }, current: { refFor(s: string): string }): string {
  const subjects = new Set<string>();
  for (const record of records) subjects.add(record.subjectRef);
  const rows = [...subjects].map((s) => [previous.refFor(s), current.refFor(s)]).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return stringify([['previous_subject_ref', 'subject_ref'], ...rows]);
}

/** Parses CSV made by recordsToCsv back into rows keyed by column name (all values strings). */
export function csvToRows(csv: string, opts: { formulaGuard?: boolean } = {}): Record<string, string>[] {
  const rows = parse<Record<string, string>>(csv, { columns: true, skip_empty_lines: false });
  if (opts.formulaGuard === false) return rows;
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (GUARDED.test(row[key])) row[key] = row[key].slice(1);
    }
  }
  return rows;
}
