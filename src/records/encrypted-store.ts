// A Store decorator that encrypts personal free text and contact details on the way in and decrypts
// them on the way out, so any Store (the file store, PostgreSQL) holds only ciphertext for them.
// Ids, dates, ratings and flags stay readable: retention, reports and indexes need them and they are not
// what a person typed. Anything on the store this file does not know about is passed through untouched.
import { mapPersonalText, type Code } from '../conversation/personal-text.js';
import { ConversationState } from '../conversation/state.js';
import { isEncrypted, type Keyring } from './keyring.js';
import { OutcomeRecord } from './record.js';
import { R, W, type ReportBatch, type ReportRow } from './report-rows.js';
import type { ConversationStateStore, PausedStore, RecordStore, Store, SweepVerdict, VersionedState } from './store.js';

/** Applies `code` to every personal text field of a record (those declared with personalText in record.ts). */
export function mapRecordText(record: OutcomeRecord, code: Code): OutcomeRecord {
  return mapPersonalText(OutcomeRecord, record, code);
}

/** The text a report row holds: what matters, own words, what would help, review reasons. */
const REPORT_FIELDS = new Set(['whatMatters', 'ownWords', 'whatWouldHelp', 'review.why']);

/** Applies `code` to only the text a report row holds. */
export function mapReportText(record: OutcomeRecord, code: Code): OutcomeRecord {
  return mapPersonalText(OutcomeRecord, record, code, REPORT_FIELDS);
}

/**
 * Opens the sealed text in report rows (what the person wrote; labels are the script's). The embedded
 * store with the keys hands over rows already opened (segmented-records.ts): those pass as they are.
 */
function openBatchText(batch: ReportBatch, keyring: Keyring): ReportBatch {
  // The field each kind of word was sealed as (W.ownWords, W.whatWouldHelp, W.why).
  const fields: Record<number, string> = { [W.ownWords]: 'ownWords', [W.whatWouldHelp]: 'whatWouldHelp', [W.why]: 'review.why' };
  const sealed = (row: ReportRow) => {
    const whatMatters = row[R.whatMatters];
    return (whatMatters !== null && isEncrypted(whatMatters)) || row[R.words].some((w) => typeof w === 'string' && isEncrypted(w));
  };
  if (!batch.rows.some(sealed)) return batch;
  return {
    ...batch,
    rows: batch.rows.map((row) => {
      if (!sealed(row)) return row;
      const copy = [...row] as ReportRow;
      const whatMatters = row[R.whatMatters];
      copy[R.whatMatters] = whatMatters === null ? null : keyring.decrypt(whatMatters, 'whatMatters');
      copy[R.words] = row[R.words].map((value, i, words) =>
        i % 2 === 1 && typeof value === 'string' ? keyring.decrypt(value, fields[(words[i - 1] as number) & 7]) : value,
      );
      return copy;
    }),
  };
}

/** Applies `code` to every personal text field of an in-progress state, and to its reference codes (state.ts). */
export function mapStateText(state: ConversationState, code: Code): ConversationState {
  return mapPersonalText(ConversationState, state, code);
}

/** Drops undefined fields, so a decorated value reads back exactly like an undecorated one. */
function tidy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function encryptedStore(inner: Store, keyring: Keyring): Store {
  const seal =
    <T>(fn: (v: T, c: Code) => T) =>
    (v: T) =>
      tidy(fn(v, keyring.encrypt.bind(keyring)));
  const open =
    <T>(fn: (v: T, c: Code) => T) =>
    (v: T) =>
      tidy(fn(v, keyring.decrypt.bind(keyring)));
  const sealRecord = seal(mapRecordText);
  const openRecord = open(mapRecordText);
  const sealState = seal(mapStateText);
  const openState = open(mapStateText);
  const openVersioned = (v: VersionedState | undefined) => v && { ...v, state: openState(v.state) };
  // The visitor sees plain text; what it hands back is sealed again (under the current key: this is how keys rotate).
  // A state that cannot be decrypted is kept, never deleted by mistake.
  const sweepThrough = (sweep: ((visit: (s: ConversationState) => SweepVerdict) => Promise<number>) | undefined) =>
    sweep &&
    ((visit: (s: ConversationState) => SweepVerdict) =>
      sweep((stored) => {
        let plain: ConversationState;
        try {
          plain = openState(stored);
        } catch {
          return 'keep';
        }
        const verdict = visit(plain);
        return typeof verdict === 'object' ? { replace: sealState(verdict.replace) } : verdict;
      }));

  const conversations: ConversationStateStore = {
    get: async (id) => await inner.conversations.get(id).then((s) => s && openState(s)),
    put: (id, state) => inner.conversations.put(id, sealState(state)),
    delete: (id) => inner.conversations.delete(id),
    getWithVersion: async (id) => openVersioned(await inner.conversations.getWithVersion(id)),
    putIfVersion: (id, state, expected) => inner.conversations.putIfVersion(id, sealState(state), expected),
    deleteIfVersion: (id, expected) => inner.conversations.deleteIfVersion(id, expected),
    sweep: sweepThrough(inner.conversations.sweep?.bind(inner.conversations)),
  };
  const paused: PausedStore = {
    get: async (code) => await inner.paused.get(code).then((s) => s && openState(s)),
    put: (code, state) => inner.paused.put(code, sealState(state)),
    delete: (code) => inner.paused.delete(code),
    sweep: sweepThrough(inner.paused.sweep?.bind(inner.paused)),
  };
  const records: RecordStore = {
    add: (record) => inner.records.add(sealRecord(record)),
    get: async (id) => await inner.records.get(id).then((r) => r && openRecord(r)),
    update: async (id, change) => {
      const updated = await inner.records.update(id, (stored) => sealRecord(change(openRecord(stored))));
      return updated && openRecord(updated);
    },
    bySubject: async (subjectRef) => (await inner.records.bySubject(subjectRef)).map(openRecord),
    all: async function* () {
      for await (const r of inner.records.all()) yield openRecord(r);
    },
    delete: (id) => inner.records.delete(id),
  };
  const innerWithIdPrefix = inner.records.withIdPrefix?.bind(inner.records);
  if (innerWithIdPrefix) records.withIdPrefix = async (prefix) => (await innerWithIdPrefix(prefix)).map(openRecord);
  const innerBatches = inner.records.reportBatches?.bind(inner.records);
  // The rows hold the same ciphertext as the records they were made from: opened here, as records are.
  if (innerBatches) {
    records.reportBatches = async function* (part) {
      for await (const batch of innerBatches(part)) yield openBatchText(batch, keyring);
    };
  }
  const own: Record<string | symbol, unknown> = { conversations, paused, records };
  // Anything else (close, and members added to Store later) goes to the inner store as it is.
  return new Proxy(inner, {
    get(target, prop) {
      if (prop in own) return own[prop];
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
