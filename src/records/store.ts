// The Store interface: the only way the bot reads or writes data. the embedded file store (file-store.ts) and PostgreSQL implement it.
import type { ConversationState } from '../conversation/state.js';
import type { z } from 'zod';
import type { OutcomeRecord } from './record.js';
import type { ReportBatch } from './report-rows.js';

/** Thrown by a conditional write when the entry changed since it was read (another turn, maybe on another instance, won). */
export class ConflictError extends Error {
  constructor(message = 'the conversation changed since it was read') {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A state with the version it was read at. Opaque: compare it, never compute with it (a store may give byte-identical states one version). */
export interface VersionedState {
  state: ConversationState;
  version: string;
}

/**
 * In-progress conversations, one small entry per conversation id. A turn writes only its own entry.
 * A turn reads with getWithVersion and writes with putIfVersion / deleteIfVersion, so two turns of one
 * conversation on two instances cannot both write: one wins, the other gets a ConflictError and runs again.
 * (Separate required methods, not an optional argument, so a wrapper cannot silently drop the check.)
 */
export interface ConversationStateStore {
  get(conversationId: string): Promise<ConversationState | undefined>;
  /** Visits every state; removes or rewrites those the visitor says to, returning how many. For retention, "forget me" and key rotation (src/privacy). */
  sweep?(visit: (state: ConversationState) => SweepVerdict): Promise<number>;
  /** Unconditional write. */
  put(conversationId: string, state: ConversationState): Promise<void>;
  delete(conversationId: string): Promise<void>;
  getWithVersion(conversationId: string): Promise<VersionedState | undefined>;
  /** Writes only if the stored version is still `expected` (null: only if there is no entry); else throws ConflictError. */
  putIfVersion(conversationId: string, state: ConversationState, expected: string | null): Promise<void>;
  /** Deletes only if the stored version is still `expected`; else throws ConflictError. */
  deleteIfVersion(conversationId: string, expected: string): Promise<void>;
}

/** What a sweep does with one state: leave it, remove it, or write this instead (same key, same age). */
export type SweepVerdict = 'keep' | 'delete' | { replace: ConversationState };

/** Paused conversations, found again by reference code (stored under a hash of it, never the code). */
export interface PausedStore {
  get(code: string): Promise<ConversationState | undefined>;
  /** Visits every paused state; removes or rewrites those the visitor says to, returning how many. */
  sweep?(visit: (state: ConversationState) => SweepVerdict): Promise<number>;
  put(code: string, state: ConversationState): Promise<void>;
  delete(code: string): Promise<void>;
}

/** One of `of` disjoint parts of the records, for reading them on several threads. */
export interface StorePart {
  index: number;
  of: number;
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
  /**
   * What the report reads of every record (report-rows.ts), for a store that keeps it ready; else the
   * report reads all(). With `part`, only part `index` of `of` disjoint parts, each holding every
   * record of the people in it (so parts can be counted on separate threads and added up).
   */
  reportBatches?(part?: StorePart): AsyncIterable<ReportBatch>;
  /**
   * Records whose id, without its dashes, starts with `prefix` (lowercase hex, 2 characters or more):
   * a practitioner's short reference. For a store that can look this up without reading every record.
   */
  withIdPrefix?(prefix: string): Promise<OutcomeRecord[]>;
  delete(id: string): Promise<boolean>;
}

/** A keyed document with the version it was read at. Opaque, as VersionedState's. */
export interface Versioned<T> {
  value: T;
  version: string;
}

/**
 * Small JSON documents by key, each checked against its schema on the way in and out: review
 * conversations in progress, Teams conversation references, practitioners' dialog state.
 * A turn that changes an entry other turns may change at the same moment (a review or a dialog in
 * progress) reads with getWithVersion and writes with putIfVersion / deleteIfVersion, as conversation
 * states are (see ConversationStateStore); get / put / delete stay for callers that need no check.
 */
export interface KeyedStore<T> {
  get(key: string): Promise<T | undefined>;
  put(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Visits every entry and deletes those `visit` says to (retention of abandoned ones); returns how many. */
  sweep?(visit: (value: T) => 'keep' | 'delete'): Promise<number>;
  getWithVersion(key: string): Promise<Versioned<T> | undefined>;
  /** Writes only if the stored version is still `expected` (null: only if there is no entry); else throws ConflictError. Returns the new version. */
  putIfVersion(key: string, value: T, expected: string | null): Promise<string>;
  /** Deletes only if the stored version is still `expected`; else throws ConflictError. */
  deleteIfVersion(key: string, expected: string): Promise<void>;
}

/** An append-only log of small JSON entries (audit, erasures), read back oldest first. */
export interface AppendLog<T> {
  append(entry: T): Promise<void>;
  entries(): AsyncIterable<T>;
}

/** Small JSON documents by key that several instances change: each change is atomic per key. */
export interface SharedCollection<T> {
  /** Reads the entry, applies `change` and saves its result (undefined: delete, or leave absent), as one step. */
  update(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  /** Every entry, in no promised order. */
  list(): Promise<T[]>;
  /** Deletes the entries the predicate picks; returns how many. */
  deleteWhere(pick: (value: T) => boolean): Promise<number>;
}

/**
 * Where the smaller stores beside this one keep their data when every instance must see it
 * (PostgreSQL). A store kept in files has none: those stores use their own files under DATA_DIR.
 */
export interface SharedPlaces {
  /** Small JSON documents by key, under one name ("reviews", "teams-references"); sealed whole when a sealer is given. */
  keyed<T>(name: string, schema: z.ZodType<T>, sealer?: { seal(plain: string): string; open(sealed: string): string }): KeyedStore<T>;
  /** An append-only log under one name ("audit", "erasures"); entries are checked against the schema both ways. */
  log<T>(name: string, schema: z.ZodType<T>): AppendLog<T>;
  /** Documents by key with atomic changes and a scan (safeguarding notices). */
  collection<T>(name: string, schema: z.ZodType<T>): SharedCollection<T>;
}

export interface Store {
  conversations: ConversationStateStore;
  paused: PausedStore;
  records: RecordStore;
  /** Set by a store several instances share; see SharedPlaces. */
  shared?: SharedPlaces;
  /**
   * After an erasure: removes the dead copies of deleted rows that a database keeps until it is vacuumed
   * (PostgreSQL: VACUUM; `rewrite`: VACUUM FULL, which rewrites the tables' files and locks them while it
   * runs). A store that writes whole files by rename (the file store) keeps no dead copies and has none.
   */
  reclaimDeleted?(options?: { rewrite?: boolean }): Promise<ReclaimReport>;
  close(): Promise<void>;
}

export interface ReclaimReport {
  /** The tables vacuumed. */
  tables: string[];
  rewrite: boolean;
  ms: number;
}
