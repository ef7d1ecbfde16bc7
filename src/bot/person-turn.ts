// One turn of a person's conversation: load state, run the pure engine, apply its effects, save state.
import { randomInt } from 'node:crypto';
import { startConversation, step, type StartOptions, type TurnResult } from '../conversation/engine.js';
import type { Prompt } from '../conversation/prompt.js';
import { promptsFor, scriptOf } from '../conversation/prompts.js';
import { formatReferenceCode, normaliseReferenceCode } from '../conversation/reference-code.js';
import type { EngineSetup, Input, TurnContext } from '../conversation/setup.js';
import type { ConversationState } from '../conversation/state.js';
import { fillText } from '../conversation/fill-text.js';
import { buildRecord } from '../records/build-record.js';
import type { OutcomeRecord } from '../records/record.js';
import { newRecordId } from '../records/record-id.js';
import type { Store } from '../records/store.js';
import { subjectRefFor } from '../records/subject.js';
import type { Logger } from '../logger.js';
import { KeyedQueue } from './keyed-queue.js';

export interface PersonTurnHooks {
  /** Called after a record is stored (notifications hang off this). */
  onRecordStored?: (record: OutcomeRecord) => Promise<void>;
  /** Called when a free-text answer matched the safeguarding phrases. */
  onFlagged?: (conversationId: string, categories: string[]) => Promise<void>;
}

export interface TurnOutput {
  prompts: Prompt[];
  /** The step now waiting for an answer; cards carry it so a stale press is recognised. */
  stepKey?: string;
}

export function newReferenceCode(): string {
  return formatReferenceCode(Array.from({ length: 10 }, () => randomInt(32)));
}

const RESUME = /^\s*(?:resume|continue|carry on)\s+(.+)$/i;

export class PersonConversations {
  private queue = new KeyedQueue();

  constructor(
    private setup: EngineSetup,
    private store: Store,
    private log: Logger,
    private hooks: PersonTurnHooks = {},
  ) {}

  private context(): TurnContext {
    return { now: new Date().toISOString(), newCode: newReferenceCode };
  }

  /** Greets a new conversation; does nothing if it has already started. */
  greet(conversationId: string, options: StartOptions): Promise<TurnOutput> {
    return this.queue.run(conversationId, async () => {
      if (await this.store.conversations.get(conversationId)) return { prompts: [] };
      const result = startConversation(this.setup, this.context(), options);
      await this.store.conversations.put(conversationId, result.state);
      this.log.info('conversation.started', { channel: options.channel, script: result.state.scriptId });
      return output(result.state, result.prompts);
    });
  }

  /** Handles what the person typed (or pressed). `stepKey`, when given, is the step the pressed card belonged to. */
  answer(conversationId: string, text: string, options: StartOptions & { stepKey?: string }): Promise<TurnOutput> {
    return this.queue.run(conversationId, async () => {
      const ctx = this.context();
      const current = await this.store.conversations.get(conversationId);

      const resumeCode = this.resumeCode(text, current);
      if (resumeCode !== undefined) return this.resume(conversationId, resumeCode, current, options);

      if (!current) {
        const started = startConversation(this.setup, ctx, options);
        await this.store.conversations.put(conversationId, started.state);
        this.log.info('conversation.started', { channel: options.channel, script: started.state.scriptId });
        return output(started.state, started.prompts);
      }
      // A card pressed twice, or an old card pressed later, belongs to a step that has passed: ask the current question again.
      if (options.stepKey && options.stepKey !== stepKey(current)) {
        return output(current, promptsFor(this.setup, current));
      }
      const result = step(this.setup, current, { kind: 'text', text }, ctx);
      await this.apply(conversationId, current, result);
      return output(result.state, result.prompts);
    });
  }

  private resumeCode(text: string, current: ConversationState | undefined): string | null | undefined {
    const typed = RESUME.exec(text);
    const candidate = typed ? typed[1] : current && ['choose-script', 'consent'].includes(current.step.kind) ? text : !current ? text : undefined;
    if (candidate === undefined) return undefined;
    const code = normaliseReferenceCode(candidate);
    if (code) return code;
    return typed ? null : undefined;
  }

  private async resume(conversationId: string, code: string | null, current: ConversationState | undefined, options: StartOptions): Promise<TurnOutput> {
    const paused = code ? await this.store.paused.get(code) : undefined;
    if (!paused) {
      this.log.info('conversation.resume-not-found', { channel: options.channel });
      const base = current ?? startConversation(this.setup, this.context(), options).state;
      if (!current) await this.store.conversations.put(conversationId, base);
      const script = scriptOf(this.setup, base);
      return output(base, [{ card: 'message', body: [fillText(script.text.resumeNotFound, {})] }, ...promptsFor(this.setup, base)]);
    }
    const state: ConversationState = { ...paused, channel: options.channel ?? paused.channel };
    await this.store.conversations.put(conversationId, state);
    await this.store.paused.delete(code!);
    this.log.info('conversation.resumed', { channel: options.channel });
    return output(state, step(this.setup, state, { kind: 'resumed' }, this.context()).prompts);
  }

  private async apply(conversationId: string, before: ConversationState, result: TurnResult): Promise<void> {
    let discard = false;
    for (const effect of result.effects) {
      switch (effect.kind) {
        case 'pause':
          await this.store.paused.put(effect.code, result.state);
          this.log.info('conversation.paused', { step: result.state.step.kind });
          break;
        case 'discard':
          discard = true;
          if (before.code) await this.store.paused.delete(before.code);
          this.log.info('conversation.discarded', { step: before.step.kind });
          break;
        case 'flag':
          this.log.warn('conversation.flagged', { categories: effect.categories.join(',') });
          await this.hooks.onFlagged?.(conversationId, effect.categories);
          break;
        case 'complete': {
          const state = result.state;
          const script = scriptOf(this.setup, state);
          const subjectRef = subjectRefFor(state.code!);
          const record = buildRecord(script, state, { id: newRecordId(subjectRef), subjectRef, now: new Date().toISOString() });
          await this.store.records.add(record);
          await this.store.paused.delete(state.code!);
          result.state.recordId = record.id;
          this.log.info('record.stored', { script: script.id, sharing: record.sharing, flagged: record.safeguardingFlag.flagged });
          await this.hooks.onRecordStored?.(record);
          break;
        }
      }
    }
    if (discard) await this.store.conversations.delete(conversationId);
    else await this.store.conversations.put(conversationId, result.state);
  }
}

/** Identifies a step, so a card can say which question it answered. */
export function stepKey(state: ConversationState): string {
  const s = state.step;
  return 'outcome' in s ? `${s.kind}:${s.outcome}` : s.kind;
}

function output(state: ConversationState, prompts: Prompt[]): TurnOutput {
  return { prompts, stepKey: stepKey(state) };
}
