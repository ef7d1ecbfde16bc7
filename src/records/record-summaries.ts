// What the queue and retention need of every record, without reading whole records: from the store's
// report rows where it keeps them (at 100,000 records a fraction of a second, against about five to read
// every whole record; on PostgreSQL one query), else from each record. The packed row format stays here,
// in records/, so a figure added to the rows touches no caller.
import type { OutcomeRecord } from './record.js';
import { FOLLOW_UP, R } from './report-rows.js';
import type { RecordStore } from './store.js';

export interface RecordSummary {
  id: string;
  script: string;
  /** Milliseconds; NaN when unreadable. */
  confirmedAt: number;
  shared: boolean;
  flagged: boolean;
  /** Flagged, and the organisation's policy kept the flag from practitioners (a private conversation). */
  heldBack: boolean;
  followUp: OutcomeRecord['followUp']['status'];
  assignee?: string;
}

function summaryOf(record: OutcomeRecord): RecordSummary {
  const flag = record.safeguardingFlag;
  return {
    id: record.id,
    script: record.script.id,
    confirmedAt: Date.parse(record.confirmedAt),
    shared: record.sharing === 'shared',
    flagged: flag.flagged,
    heldBack: flag.flagged && flag.passedOn === false,
    followUp: record.followUp.status,
    assignee: record.followUp.assignee,
  };
}

export async function* recordSummaries(records: RecordStore): AsyncIterable<RecordSummary> {
  const batches = records.reportBatches?.bind(records);
  if (!batches) {
    for await (const record of records.all()) yield summaryOf(record);
    return;
  }
  for await (const batch of batches()) {
    for (const row of batch.rows) {
      yield {
        id: row[R.id],
        script: row[R.script],
        confirmedAt: row[R.confirmedAt] ?? Number.NaN,
        shared: row[R.shared] === 1,
        flagged: row[R.flagged] !== 0,
        heldBack: row[R.heldBack] === 1,
        followUp: FOLLOW_UP[row[R.followUp]],
        assignee: row[R.assignee] ?? undefined,
      };
    }
  }
}
