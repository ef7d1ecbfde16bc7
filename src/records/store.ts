// The Store interface: the only way the bot reads or writes data. lowdb (embedded) implements it; others may.
import type { ConversationState } from '../conversation/state.js';
import type { OutcomeRecord } from './record.js';

/** In-progress conversations, one small entry per conversation id. A turn writes only its own entry. */
export interface ConversationStateStore {
  get(conversationId: string): Promise<ConversationState | undefined>;
  put(conversationId: string, state: ConversationState): Promise<void>;
  delete(conversationId: string): Promise<void>;
}

/** Paused conversations, found again by reference code (stored under a hash of it, never the code). */
export interface PausedStore {
  get(code: string): Promise<ConversationState | undefined>;
  put(code: string, state: ConversationState): Promise<void>;
  delete(code: string): Promise<void>;
}

/** Completed, confirmed records. */
export interface RecordStore {
  /** Adds a record; adding the same id again changes nothing (a replayed confirm is recorded once). */
  add(record: OutcomeRecord): Promise<void>;
  get(id: string): Promise<OutcomeRecord | undefined>;
  /** Applies a change and saves it; returns the new record, or undefined when there is no such record. */
  update(id: string, change: (record: OutcomeRecord) => OutcomeRecord): Promise<OutcomeRecord | undefined>;
  /** Every record of one person (same subjectRef), oldest first. */
  bySubject(subjectRef: string): Promise<OutcomeRecord[]>;
  /** Every record, in no promised order. */
  all(): AsyncIterable<OutcomeRecord>;
  delete(id: string): Promise<boolean>;
}

export interface Store {
  conversations: ConversationStateStore;
  paused: PausedStore;
  records: RecordStore;
  close(): Promise<void>;
}
