// Tells practitioners when a record is shared, and at once (marked urgent) when something is flagged
// for safety. Sends in the background so a person's turn never waits on Teams; 403/404 (the bot is no
// longer installed for them) forgets the reference, 429 and 5xx are retried with backoff. Logs carry
// outcomes and short ids only, never what anyone wrote.
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { OutcomeRecord } from '../records/record.js';
import type { KeyedStore } from '../records/store.js';
import { visibleToPractitioners } from '../practitioner/follow-up.js';
import { teamOf } from '../practitioner/queue.js';
import { shortRef } from '../practitioner/record-ref.js';
import { practitionerKey, type Roster } from '../practitioner/roster.js';
import { when, type PractitionerReply, type PractitionerViews } from '../practitioner/views.js';
import type { StoredReference } from './reference.js';
import { retry } from '../retry.js';

/** Sends one reply to one stored conversation; throws an error with `statusCode` when the channel refuses. */
export interface ProactiveSender {
  send(reference: StoredReference, reply: PractitionerReply): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface NotifierDeps {
  roster: Roster;
  references: KeyedStore<StoredReference>;
  sender: ProactiveSender;
  views: PractitionerViews;
  scriptTeams: Record<string, string>;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
}

export interface LiveFlag {
  /** The conversation's id: used only to notify once per conversation, never logged or shown. */
  conversationId: string;
  scriptId: string;
  channel: string;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30000 };
const REMEMBERED_FLAGS = 1000;

/** A short, one-way tag for a practitioner in logs. */
function tag(key: string): string {
  return createHash('sha256').update(`log:${key}`).digest('hex').slice(0, 8);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After (seconds) from the connector's error, if it sent one. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } })?.response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  const seconds = value !== undefined ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export type SendOutcome = 'sent' | 'no-reference' | 'not-installed' | 'gave-up' | 'failed';

export class Notifier {
  private pending = new Set<Promise<unknown>>();
  // Least recently used go first when full, so a flood of flags cannot make the bot forget them all at once.
  private flaggedConversations = new LRUCache<string, true>({ max: REMEMBERED_FLAGS });
  private retry: RetryPolicy;
  private sleep: (ms: number) => Promise<void>;

  constructor(private d: NotifierDeps) {
    this.retry = { ...DEFAULT_RETRY, ...d.retry };
    this.sleep = d.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when every notification started so far has been sent or given up. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private background(task: () => Promise<unknown>): void {
    const run = task().catch((error: unknown) => this.d.log.error('notify.failed', { error: error instanceof Error ? error.name : 'unknown' }));
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** A record was stored: tell its team if it is shared or flagged. Records made with a practitioner need no telling. */
  recordStored(record: OutcomeRecord): void {
    if (!visibleToPractitioners(record) || record.answeredBy === 'practitioner-on-behalf') return;
    if (record.safeguardingFlag.flagged) this.remember(`record:${record.id}`);
    this.background(() => this.sendRecord(record));
  }

  /** Something typed after a record was stored was flagged: the record is now flagged; tell its team at once. */
  recordFlagged(record: OutcomeRecord): void {
    if (!visibleToPractitioners(record) || record.answeredBy === 'practitioner-on-behalf') return;
    const key = `record:${record.id}`;
    if (this.flaggedConversations.has(key)) return;
    this.remember(key);
    this.background(() => this.sendRecord(record));
  }

  private remember(key: string): void {
    this.flaggedConversations.set(key, true);
  }

  /** A person's answer was flagged mid-conversation: tell the team at once, once per conversation. */
  flagged(flag: LiveFlag): void {
    if (this.flaggedConversations.has(flag.conversationId)) return;
    this.remember(flag.conversationId);
    const n = this.d.views.words.notify;
    const script = this.d.views.scriptTitle(flag.scriptId);
    const reply = this.d.views.message({
      title: n.liveTitle,
      lines: [this.d.views.fill(n.liveBody, { script, channel: this.d.views.channelName(flag.channel) })],
      buttons: [{ title: this.d.views.words.buttons.queue, data: { pr: 'queue' } }],
      urgent: true,
    });
    const team = this.d.scriptTeams[flag.scriptId];
    this.background(() => this.sendToTeam(team, true, reply, 'live-flag'));
  }

  private async sendRecord(record: OutcomeRecord): Promise<void> {
    const n = this.d.views.words.notify;
    const urgent = record.safeguardingFlag.flagged;
    const ref = shortRef(record.id);
    const values = { ref, script: this.d.views.scriptTitle(record.script.id), date: when(record.confirmedAt) };
    const reply = this.d.views.message({
      title: this.d.views.fill(urgent ? n.urgentTitle : n.newTitle, values),
      lines: [this.d.views.fill(urgent ? n.urgentBody : n.newBody, values)],
      buttons: [
        { title: this.d.views.words.buttons.open, data: { pr: 'open', ref } },
        { title: this.d.views.words.buttons.queue, data: { pr: 'queue' } },
      ],
      urgent,
    });
    await this.sendToTeam(teamOf(record, this.d.scriptTeams), urgent, reply, urgent ? 'urgent' : 'new', ref);
  }

  private async sendToTeam(team: string | undefined, urgent: boolean, reply: PractitionerReply, kind: string, ref?: string): Promise<void> {
    const recipients = this.d.roster.recipients(team, urgent);
    // One after another: Teams throttles a bot that sends in bursts.
    for (const p of recipients) {
      const outcome = await this.sendTo(practitionerKey(p), reply);
      this.d.log.info('notify.sent', { kind, outcome, to: tag(practitionerKey(p)), record: ref });
    }
  }

  async sendTo(key: string, reply: PractitionerReply): Promise<SendOutcome> {
    const reference = await this.d.references.get(key);
    if (!reference) return 'no-reference';
    return retry<SendOutcome>(
      async () => {
        await this.d.sender.send(reference, reply);
        return 'sent';
      },
      async (error, attempt) => {
        const status = statusOf(error);
        if (status === 403 || status === 404) {
          // Not installed for them any more (or the chat is gone): forget it until they come back.
          await this.d.references.delete(key);
          this.d.log.warn('notify.not-installed', { status, to: tag(key) });
          return { stop: 'not-installed' };
        }
        const retryable = status === 429 || (status !== undefined && status >= 500);
        if (!retryable) {
          this.d.log.warn('notify.refused', { status: status ?? 0, to: tag(key) });
          return { stop: 'failed' };
        }
        if (attempt >= this.retry.attempts) {
          this.d.log.warn('notify.gave-up', { status, attempts: attempt, to: tag(key) });
          return { stop: 'gave-up' };
        }
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.min(this.retry.maxDelayMs, Math.max(retryAfterMs(error) ?? 0, backoff + Math.floor(Math.random() * backoff * 0.2)));
        this.d.log.info('notify.retrying', { status, attempt, delayMs: delay, to: tag(key) });
        return { againInMs: delay };
      },
      this.sleep,
    );
  }
}
