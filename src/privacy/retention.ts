// Retention: records and paused conversations older than the organisation's retentionDays are removed, and
// conversations left unfinished (not paused) after unfinishedRetentionDays. Run by `npm run purge` and daily
// inside the bot. Works on the undecorated store: dates are never encrypted, so no key is needed.
import type { ConversationState } from '../conversation/state.js';
import type { Logger } from '../logger.js';
import { recordSummaries } from '../records/record-summaries.js';
import type { Store } from '../records/store.js';
import { sweeper } from './erase.js';
import type { FlagNotices } from './flag-notices.js';
import type { Tombstones } from './tombstones.js';

export interface RetentionPolicy {
  retentionDays: number;
  unfinishedRetentionDays: number;
}

export interface PurgeResult {
  records: number;
  paused: number;
  conversations: number;
  notices: number;
  /** False when the store cannot list conversation states, so old ones could not be removed. */
  sweptStates: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

function lastTouched(state: ConversationState): number {
  return Date.parse(state.updatedAt ?? state.startedAt);
}

export async function purgeExpired(
  deps: { store: Store; notices?: FlagNotices; tombstones?: Tombstones; onErased?: (recordIds: string[]) => Promise<void> },
  policy: RetentionPolicy,
  now: Date = new Date(),
  options: { dryRun?: boolean } = {},
): Promise<PurgeResult> {
  if (options.dryRun) return countExpired(deps, policy, now);
  const { cutoff, unfinishedCutoff } = cutoffs(policy, now);
  const expired: string[] = [];
  for await (const { id, at } of confirmedTimes(deps.store)) if (at < cutoff) expired.push(id);
  let records = 0;
  for (const id of expired) {
    if (await deps.store.records.delete(id)) {
      records++;
      await deps.tombstones?.append({ who: 'retention', action: 'erase', record: id, detail: 'record' });
    }
  }
  if (expired.length) await deps.onErased?.(expired);
  const pausedSweep = sweeper(deps.store.paused);
  const paused = pausedSweep ? await pausedSweep.sweep((s) => (lastTouched(s) < cutoff ? 'delete' : 'keep')) : 0;
  const conversationSweep = sweeper(deps.store.conversations);
  const conversations = conversationSweep ? await conversationSweep.sweep((s) => (stateExpired(s, cutoff, unfinishedCutoff) ? 'delete' : 'keep')) : 0;
  let notices = (await deps.notices?.deleteOlderThan(new Date(cutoff).toISOString())) ?? 0;
  for (const id of expired) notices += (await deps.notices?.deleteRecord(id)) ?? 0;
  if (paused + conversations + notices > 0) {
    await deps.tombstones?.append({
      who: 'retention',
      action: 'erase',
      record: '-',
      detail: `paused=${paused} conversations=${conversations} notices=${notices}`,
    });
  }
  return { records, paused, conversations, notices, sweptStates: Boolean(pausedSweep && conversationSweep) };
}

/** Each record's id and confirmed time (NaN when unreadable: such a record is kept), without reading whole records. */
async function* confirmedTimes(store: Store): AsyncIterable<{ id: string; at: number }> {
  for await (const s of recordSummaries(store.records)) yield { id: s.id, at: s.confirmedAt };
}

function cutoffs(policy: RetentionPolicy, now: Date): { cutoff: number; unfinishedCutoff: number } {
  const cutoff = now.getTime() - policy.retentionDays * DAY;
  return { cutoff, unfinishedCutoff: now.getTime() - Math.min(policy.unfinishedRetentionDays, policy.retentionDays) * DAY };
}

/** A finished conversation's state is only a pointer to its record, so it goes with the record's retention. */
function stateExpired(s: ConversationState, cutoff: number, unfinishedCutoff: number): boolean {
  return lastTouched(s) < (s.step.kind === 'done' ? cutoff : unfinishedCutoff);
}

/** What a purge would remove, removing nothing. */
async function countExpired(deps: { store: Store; notices?: FlagNotices }, policy: RetentionPolicy, now: Date): Promise<PurgeResult> {
  const { cutoff, unfinishedCutoff } = cutoffs(policy, now);
  let records = 0;
  for await (const { at } of confirmedTimes(deps.store)) if (at < cutoff) records++;
  let paused = 0;
  let conversations = 0;
  const pausedSweep = sweeper(deps.store.paused);
  const conversationSweep = sweeper(deps.store.conversations);
  await pausedSweep?.sweep((s) => {
    if (lastTouched(s) < cutoff) paused++;
    return 'keep';
  });
  await conversationSweep?.sweep((s) => {
    if (stateExpired(s, cutoff, unfinishedCutoff)) conversations++;
    return 'keep';
  });
  const notices = (await deps.notices?.list())?.filter((n) => Date.parse(n.lastAt) < cutoff).length ?? 0;
  return { records, paused, conversations, notices, sweptStates: Boolean(pausedSweep && conversationSweep) };
}

/** Runs `purge` a minute after start and then every `everyHours`; the timer never keeps the process alive. */
export function startRetentionTimer(purge: () => Promise<PurgeResult>, log: Logger, options: { everyHours?: number; firstAfterMs?: number } = {}): () => void {
  const run = () => {
    purge()
      .then((r) =>
        log.info('retention.purged', { records: r.records, paused: r.paused, conversations: r.conversations, notices: r.notices, sweptStates: r.sweptStates }),
      )
      .catch((err: unknown) => log.error('retention.failed', { error: err instanceof Error ? err.name : 'unknown' }));
  };
  const first = setTimeout(run, options.firstAfterMs ?? 60_000);
  const every = setInterval(run, (options.everyHours ?? 24) * 60 * 60 * 1000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
