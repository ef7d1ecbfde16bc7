// Each web chat conversation's activities, in memory: bounded per conversation and as a whole, in activities
// and in bytes; idle ones expire, the least recently used go first when full.
import type { Activity } from 'botbuilder';

export interface TranscriptLimits {
  /** Activities kept per conversation; older ones drop off (a whole conversation is about 150). */
  maxActivities: number;
  /** Conversations kept at once; the least recently used goes first. */
  maxConversations: number;
  /** A conversation nobody has touched for this long is forgotten. */
  idleMs: number;
  /** Bytes (as JSON) kept for all conversations together: a count of activities alone does not bound memory. */
  maxBytes?: number;
  /** Bytes kept for one conversation; its oldest activities drop off past this. */
  maxConversationBytes?: number;
}

const MB = 1024 * 1024;
export const DEFAULT_LIMITS: TranscriptLimits = {
  maxActivities: 400,
  maxConversations: 5000,
  idleMs: 2 * 60 * 60 * 1000,
  maxBytes: 48 * MB,
  maxConversationBytes: 2 * MB,
};

export type ChannelActivity = Partial<Activity> & { id: string };

class Transcript {
  activities: ChannelActivity[] = [];
  /** Size of each activity as JSON, in step with activities. */
  sizes: number[] = [];
  bytes = 0;
  /** Sequence number of activities[0]; watermarks count from 1. */
  firstSeq = 1;
  started = false;
  waiters = new Set<() => void>();
  lastUsed: number;

  constructor(
    readonly id: string,
    now: number,
  ) {
    this.lastUsed = now;
  }

  get lastSeq(): number {
    return this.firstSeq + this.activities.length - 1;
  }

  wake(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}

export class Transcripts {
  // Map order is use order: re-inserted on every touch, so the first entry is the least recently used.
  private byId = new Map<string, Transcript>();
  private sweeper: NodeJS.Timeout;
  private totalBytes = 0;

  constructor(
    private limits: TranscriptLimits = DEFAULT_LIMITS,
    private now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, limits.idleMs)).unref();
  }

  get size(): number {
    return this.byId.size;
  }

  /** Bytes held for all conversations (activities as JSON). */
  get bytes(): number {
    return this.totalBytes;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The conversation, created empty if this server has not seen it (or has forgotten it). */
  open(id: string): { started: boolean; markStarted(): void } {
    const transcript = this.touch(id);
    return {
      started: transcript.started,
      markStarted: () => {
        transcript.started = true;
      },
    };
  }

  /** Adds an activity, giving it the next id; returns that id. */
  append(conversationId: string, activity: Partial<Activity>): string {
    const transcript = this.touch(conversationId);
    const seq = transcript.lastSeq + 1;
    const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
    const added = { ...activity, id };
    const size = Buffer.byteLength(JSON.stringify(added));
    transcript.activities.push(added);
    transcript.sizes.push(size);
    transcript.bytes += size;
    this.totalBytes += size;
    const maxConversationBytes = this.limits.maxConversationBytes ?? Infinity;
    let drop = Math.max(0, transcript.activities.length - this.limits.maxActivities);
    // Always keep the newest activity, however big, so the person sees the latest reply.
    let freed = sum(transcript.sizes, drop);
    while (drop < transcript.activities.length - 1 && transcript.bytes - freed > maxConversationBytes) freed += transcript.sizes[drop++];
    this.dropOldest(transcript, drop);
    // Over the whole budget: the least recently used conversations go first (this one is the most recent).
    const maxBytes = this.limits.maxBytes ?? Infinity;
    for (const [otherId] of this.byId) {
      if (this.totalBytes <= maxBytes || otherId === conversationId) break;
      this.forget(otherId);
    }
    if (this.totalBytes > maxBytes) this.dropOldest(transcript, Math.max(0, transcript.activities.length - 1));
    transcript.wake();
    return id;
  }

  private dropOldest(transcript: Transcript, count: number): void {
    if (count <= 0) return;
    const freed = sum(transcript.sizes, count);
    transcript.activities.splice(0, count);
    transcript.sizes.splice(0, count);
    transcript.bytes -= freed;
    this.totalBytes -= freed;
    transcript.firstSeq += count;
  }

  /** Activities after the watermark, and the new watermark. Cost depends on how many are new, not on history. */
  since(conversationId: string, watermark: number): { activities: ChannelActivity[]; watermark: string } {
    const transcript = this.touch(conversationId);
    const from = Math.max(0, watermark + 1 - transcript.firstSeq);
    return { activities: transcript.activities.slice(from), watermark: String(Math.max(transcript.lastSeq, 0)) };
  }

  /** Resolves when an activity after the watermark arrives, or after `ms`, or when the server closes. */
  waitForNew(conversationId: string, watermark: number, ms: number): Promise<void> {
    const transcript = this.touch(conversationId);
    if (transcript.lastSeq > watermark) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        transcript.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      transcript.waiters.add(done);
    });
  }

  forget(conversationId: string): void {
    const transcript = this.byId.get(conversationId);
    if (!transcript) return;
    transcript.wake();
    this.totalBytes -= transcript.bytes;
    this.byId.delete(conversationId);
  }

  sweep(): void {
    const cutoff = this.now() - this.limits.idleMs;
    for (const [id, transcript] of this.byId) {
      if (transcript.lastUsed > cutoff) break;
      if (transcript.waiters.size === 0) this.forget(id);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const transcript of this.byId.values()) transcript.wake();
  }

  private touch(id: string): Transcript {
    let transcript = this.byId.get(id);
    if (transcript) {
      this.byId.delete(id);
      transcript.lastUsed = this.now();
    } else {
      transcript = new Transcript(id, this.now());
      if (this.byId.size >= this.limits.maxConversations) {
        const oldest = this.byId.keys().next().value;
        if (oldest !== undefined) this.forget(oldest);
      }
    }
    this.byId.set(id, transcript);
    return transcript;
  }
}

function sum(sizes: number[], count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += sizes[i];
  return total;
}
