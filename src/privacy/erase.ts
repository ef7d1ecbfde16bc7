// "Forget me": erase everything kept under one reference code. Records (with their follow-up notes and
// actions), the paused conversation, any in-progress or finished conversation state holding the code, and
// flag notices linked to it. What remains is a non-personal tombstone per erased record.
import type { ConversationState } from '../conversation/state.js';
import type { Logger } from '../logger.js';
import type { ReclaimReport, Store, SweepVerdict } from '../records/store.js';
import { subjectRefFor } from '../records/subject.js';
import type { FlagNotices } from './flag-notices.js';
import type { Tombstones } from './tombstones.js';

/** A state store that can visit every entry (the file store and PostgreSQL have it; the interface may not yet). */
export interface Sweepable {
  /** Visits every state; the visitor returns 'delete' to remove it, 'keep' to leave it. Returns how many were removed. */
  sweep(visit: (state: ConversationState) => SweepVerdict): Promise<number>;
}

export function sweeper(store: unknown): Sweepable | undefined {
  const s = store as Partial<Sweepable> | undefined;
  return typeof s?.sweep === 'function' ? (s as Sweepable) : undefined;
}

export interface EraseDeps {
  store: Store;
  notices?: FlagNotices;
  tombstones?: Tombstones;
  /** Others holding data about the person (review in progress, Teams copies) erase theirs here. */
  onErased?: (erased: { subjectRef: string; recordIds: string[] }) => Promise<void>;
  /**
   * The dead copies a database keeps of deleted rows (PostgreSQL), removed after the erasure: 'wait' (a
   * tool: the result says how it went), 'background' (a chat turn, which should not wait on a VACUUM; a
   * failure is logged), or 'rewrite' (VACUUM FULL, waited for: the erased bytes leave the tables' files).
   */
  reclaim?: 'wait' | 'background' | 'rewrite';
  log?: Pick<Logger, 'warn'>;
}

export interface EraseResult {
  records: number;
  paused: number;
  conversations: number;
  notices: number;
  /** False when the store cannot list conversation states, so copies in unfinished chats could not be looked for. */
  sweptStates: boolean;
  /** The VACUUM after it: done (how), started in the background, failed (why), or none (a store without dead rows). */
  reclaimed: { done: ReclaimReport } | 'background' | { failed: string } | 'none';
}

export function erasedAnything(r: EraseResult): boolean {
  return r.records + r.paused + r.conversations + r.notices > 0;
}

export async function eraseByCode(deps: EraseDeps, code: string, who: 'person' | 'operator'): Promise<EraseResult> {
  const { store } = deps;
  const subjectRef = subjectRefFor(code);
  const recordIds = (await store.records.bySubject(subjectRef)).map((r) => r.id);
  let records = 0;
  for (const id of recordIds) if (await store.records.delete(id)) records++;
  const paused = (await store.paused.get(code)) ? 1 : 0;
  await store.paused.delete(code);
  const sweep = sweeper(store.conversations);
  const conversations = sweep ? await sweep.sweep((s) => (s.code === code ? 'delete' : 'keep')) : 0;
  let notices = (await deps.notices?.deleteBySubject(subjectRef)) ?? 0;
  for (const id of recordIds) notices += (await deps.notices?.deleteRecord(id)) ?? 0;
  await deps.onErased?.({ subjectRef, recordIds });
  for (const id of recordIds) await deps.tombstones?.append({ who, action: 'erase', record: id, detail: 'record' });
  if (paused + conversations + notices > 0) {
    await deps.tombstones?.append({ who, action: 'erase', record: '-', detail: `paused=${paused} conversations=${conversations} notices=${notices}` });
  }
  return { records, paused, conversations, notices, sweptStates: Boolean(sweep), reclaimed: await reclaim(deps) };
}

/** After the deletes: never fails the erasure itself, which is done; says what happened instead. */
async function reclaim(deps: EraseDeps): Promise<EraseResult['reclaimed']> {
  const reclaimDeleted = deps.store.reclaimDeleted?.bind(deps.store);
  if (!reclaimDeleted) return 'none';
  const why = (error: unknown) => (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'unknown error');
  if (deps.reclaim === 'background') {
    reclaimDeleted().catch((error: unknown) => deps.log?.warn('erase.vacuum-failed', { reason: why(error) }));
    return 'background';
  }
  try {
    return { done: await reclaimDeleted({ rewrite: deps.reclaim === 'rewrite' }) };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}
