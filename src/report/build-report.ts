// buildReport: records in, report out. The one function the CLI, the Teams command and the benchmark call.
import type { Script } from '../conversation/script.js';
import type { RecordStore } from '../records/store.js';
import { aggregate, type ReportInput, type ReportRowSource } from './aggregate.js';
import { aggregateInWorkers, workersAvailable, type StoreOnDisk } from './aggregate-in-workers.js';
import { isDate } from './period.js';
import { presentReport } from './present.js';
import type { Report } from './report-types.js';
import type { ThemeDefinition } from '../theme-schema.js';
import { compileThemes } from './themes.js';
import { defaultThemes } from './themes-file.js';
import { loadReportText, type ReportText } from './text.js';

export interface ReportOptions {
  /** Inclusive dates, YYYY-MM-DD, days in Scotland. Leave out for no limit. */
  from?: string;
  to?: string;
  /** When the dates were chosen for the reader (no dates given): how many full months they cover. */
  chosenMonths?: number;
  /** Only this script's conversations. */
  script?: string;
  /** Counts from 1 to threshold-1 are shown as "fewer than threshold". Default 5. */
  threshold?: number;
  /** Default: config/themes.default.yaml. */
  themes?: readonly ThemeDefinition[];
  /** The scripts, for outcome order, titles and rating scales (records of other scripts still count). */
  scripts?: ReadonlyMap<string, Script>;
  /** Count only conversations people chose to share. Default false: quotes are from shared ones either way. */
  sharedOnly?: boolean;
  organisation?: string;
  /** Quotes beside each figure, 1 to 3. Default 3. */
  quotes?: number;
  /** Unmatched "what would help" answers listed for a person to read. Default 200. */
  unmatchedLimit?: number;
  /** Changes which quotes are chosen, never any figure. Default 1. */
  seed?: number;
  text?: ReportText;
  now?: Date;
}

/** A store's records, with how worker threads can open the same store (the embedded store only). */
export interface StoreSource extends ReportRowSource {
  onDisk?: StoreOnDisk;
}

/**
 * What to build a report from: the store's report rows where it keeps them (the embedded store), else
 * every record. With `onDisk` (the embedded store's folder and keys), the counting runs on worker threads
 * (aggregate-in-workers.ts), off the calling thread.
 */
export function reportSource(records: RecordStore, onDisk?: StoreOnDisk): ReportInput | StoreSource {
  const batches = records.reportBatches?.bind(records);
  return batches ? { reportBatches: () => batches(), onDisk } : records.all();
}

/** records: records, or what reportSource gives for a store (its report rows, where it keeps them). */
export async function buildReport(records: ReportInput | StoreSource, options: ReportOptions = {}): Promise<Report> {
  for (const [name, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const) {
    if (value !== undefined && !isDate(value)) throw new RangeError(`${name} must be a date like 2026-01-31, not "${value}"`);
  }
  if (options.from && options.to && options.from > options.to) throw new RangeError('from must not be after to');
  const threshold = options.threshold ?? 5;
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError('threshold must be a whole number, 1 or more');
  const quotes = Math.min(3, Math.max(1, options.quotes ?? 3));
  const themes = options.themes ?? defaultThemes();
  const sharedOnly = options.sharedOnly === true;

  const counting = {
    from: options.from,
    to: options.to,
    script: options.script,
    scripts: options.scripts,
    seed: options.seed ?? 1,
    candidates: quotes * 2,
    unmatchedLimit: options.unmatchedLimit ?? 200,
    sharedOnly,
  };
  const onDisk = 'onDisk' in records ? records.onDisk : undefined;
  const tally =
    onDisk && workersAvailable()
      ? await aggregateInWorkers(onDisk, { ...counting, themes })
      : await aggregate(records, { ...counting, themes: compileThemes(themes) });
  return presentReport(tally, {
    organisation: options.organisation ?? '',
    threshold,
    text: options.text ?? loadReportText(),
    themes,
    from: options.from,
    to: options.to,
    chosenMonths: options.chosenMonths,
    script: options.script,
    sharedOnly,
    quotes,
    now: options.now ?? new Date(),
  });
}
