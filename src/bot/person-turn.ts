// One turn of a person's conversation: load state, run the pure engine, apply its effects, save state.
import { randomInt } from 'node:crypto';
import { startConversation, step, type StartOptions, type TurnResult } from '../conversation/engine.js';
import type { Prompt } from '../conversation/prompt.js';
import { scriptOf } from '../conversation/prompts.js';
import { promptsFor } from '../conversation/step-table.js';
import { formatReferenceCode } from '../conversation/reference-code.js';
import { readPersonCommand, type PersonCommand, type PersonCommandWords } from '../conversation/understanding/read-command.js';
import type { EngineSetup, TurnContext } from '../conversation/setup.js';
import type { ConversationState } from '../conversation/state.js';
import { fillText } from '../conversation/fill-text.js';
import { buildRecord } from '../records/build-record.js';
import type { OutcomeRecord } from '../records/record.js';
import { confirmRecordId } from '../records/record-id.js';
import { ConflictError, type Store, type VersionedState } from '../records/store.js';
import { subjectRefFor } from '../records/subject.js';
import type { Logger } from '../logger.js';
import type { FlagNotices } from '../privacy/flag-notices.js';
import type { PersonRights } from '../privacy/person-rights.js';
import { KeyedQueue } from '../keyed-queue.js';
import { retry } from '../retry.js';
import { onConflict } from './on-conflict.js';
import { CodeGuesses } from '../privacy/code-guesses.js';

export interface PersonTurnHooks {
  /** Called after a record is stored (notifications hang off this). */
  onRecordStored?: (record: OutcomeRecord) => Promise<void>;
  /** Called when a free-text answer matched the safeguarding phrases. */
  onFlagged?: (conversationId: string, categories: string[]) => Promise<void>;
  /** May take the turn before the engine (a review started with "review CODE"); undefined lets the engine have it. */
  beforeTurn?: (
    conversationId: string,
    text: string,
    info: { channel?: string; stepKey?: string; step?: ConversationState['step']['kind']; address?: string; command?: PersonCommand },
  ) => Promise<TurnOutput | undefined>;
  /** The words that, with a code, start a review ("review CODE"): read with the other commands before the conversation. */
  reviewStartWords?: readonly string[];
}

/** Safeguarding policy and the person's rights, wired in by the app (all optional, so tests can leave them out). */
export interface PersonPrivacy {
  rights?: PersonRights;
  notices?: FlagNotices;
  /** The organisation's policy: a flagged conversation the person did not share is still passed on (default true). */
  passOnUnshared?: boolean;
  /** Who may read the words that were flagged (safeguarding.policy.matchedWords); 'nobody' (the default): not kept. */
  matchedWords?: 'nobody' | 'managers' | 'team';
  /** Limits on commands that take a code, shared with reviews and the person's rights. */
  guesses?: CodeGuesses;
}

/** What a turn knows besides the text: the channel, the card's step, and the caller's address when known. */
export type AnswerOptions = StartOptions & { stepKey?: string; address?: string };

export interface TurnOutput {
  prompts: Prompt[];
  /** The step now waiting for an answer; cards carry it so a stale press is recognised. */
  stepKey?: string;
}

export function newReferenceCode(): string {
  return formatReferenceCode(Array.from({ length: 10 }, () => randomInt(32)));
}

export class PersonConversations {
  private queue = new KeyedQueue();
  private guesses = new CodeGuesses();
  /** Rights, review and resume words in every offered script's words (the script may not be chosen yet). */
  private readonly commandWords: PersonCommandWords;

  constructor(
    private setup: EngineSetup,
    private store: Store,
    private log: Logger,
    private hooks: PersonTurnHooks = {},
    private privacy: PersonPrivacy = {},
  ) {
    this.commandWords = {
      forget: setup.scripts.flatMap((s) => s.rights.forget),
      copy: setup.scripts.flatMap((s) => s.rights.copy),
      review: hooks.reviewStartWords ?? [],
      resume: setup.scripts.flatMap((s) => s.resumeWords),
    };
  }

  private context(): TurnContext {
    return { now: new Date().toISOString(), newCode: newReferenceCode };
  }

  /** Greets a new conversation; does nothing if it has already started. */
  greet(conversationId: string, options: StartOptions): Promise<TurnOutput> {
    return this.queue.run(conversationId, () =>
      this.retrying(conversationId, async () => {
        if (await this.store.conversations.getWithVersion(conversationId)) return { prompts: [] };
        const result = startConversation(this.setup, this.context(), options);
        await this.store.conversations.putIfVersion(conversationId, result.state, null);
        this.log.info('conversation.started', { channel: options.channel, script: result.state.scriptId });
        return output(result.state, result.prompts);
      }),
    );
  }

  /** Handles what the person typed (or pressed). `stepKey`, when given, is the step the pressed card belonged to. */
  answer(conversationId: string, text: string, options: AnswerOptions): Promise<TurnOutput> {
    return this.queue.run(conversationId, () => this.retrying(conversationId, () => this.answerOnce(conversationId, text, options)));
  }

  /**
   * The queue serialises turns within this process; across instances the store's version check does:
   * a turn that lost the race (ConflictError) runs again on the fresh state, as if it had arrived second.
   */
  private retrying(conversationId: string, turn: () => Promise<TurnOutput>): Promise<TurnOutput> {
    return retry(
      turn,
      onConflict(this.log, 'turn.conflict', async (error) => {
        // Still losing after several tries: ask the current question again rather than guess.
        const current = await this.store.conversations.get(conversationId);
        if (!current) throw error;
        return output(current, promptsFor(this.setup, current));
      }),
    );
  }

  private async answerOnce(conversationId: string, text: string, options: AnswerOptions): Promise<TurnOutput> {
    const ctx = this.context();
    const loaded = await this.store.conversations.getWithVersion(conversationId);
    const current = loaded?.state;

    // One reading decides, in a stated order (readPersonCommand), whether this is a right, a review or a
    // code to carry on with; a code typed alone counts only at the first questions.
    const early = !current || ['choose-script', 'consent'].includes(current.step.kind);
    const command = readPersonCommand(text, this.commandWords, { bareCode: early });

    const request = command?.kind === 'forget' || command?.kind === 'copy' ? command : undefined;
    const rights = await this.privacy.rights?.take(conversationId, text, loaded, options, request);
    if (rights) return rights.state ? output(rights.state, rights.prompts) : { prompts: rights.prompts };

    const taken = await this.hooks.beforeTurn?.(conversationId, text, {
      channel: options.channel,
      stepKey: options.stepKey,
      step: current?.step.kind,
      address: options.address,
      command,
    });
    if (taken) return taken;

    if (command?.kind === 'resume') return this.resume(conversationId, command.code, loaded, options);

    if (!loaded) {
      const started = startConversation(this.setup, ctx, options);
      await this.store.conversations.putIfVersion(conversationId, started.state, null);
      this.log.info('conversation.started', { channel: options.channel, script: started.state.scriptId });
      return output(started.state, started.prompts);
    }
    // A card pressed twice, or an old card pressed later, belongs to a step that has passed: ask the current question again.
    if (options.stepKey && options.stepKey !== stepKey(loaded.state)) {
      return output(loaded.state, promptsFor(this.setup, loaded.state));
    }
    // A code made in this turn is noted: a confirm keeps it before storing the record (see apply).
    let minted: string | undefined;
    const result = step(this.setup, loaded.state, { kind: 'text', text }, { ...ctx, newCode: () => (minted = ctx.newCode()) });
    await this.apply(conversationId, loaded, result, minted, text);
    return output(result.state, result.prompts);
  }

  private async resume(conversationId: string, code: string | null, loaded: VersionedState | undefined, options: AnswerOptions): Promise<TurnOutput> {
    // Over the limit: answered as a code not found, so a guesser learns nothing either way.
    const allowed = code ? await (this.privacy.guesses ?? this.guesses).take(conversationId, options.address) : false;
    if (code && !allowed) this.log.warn('conversation.resume-rate-limited', {});
    const paused = code && allowed ? await this.store.paused.get(code) : undefined;
    if (!paused) {
      this.log.info('conversation.resume-not-found', { channel: options.channel });
      const base = loaded?.state ?? startConversation(this.setup, this.context(), options).state;
      if (!loaded) await this.store.conversations.putIfVersion(conversationId, base, null);
      const script = scriptOf(this.setup, base);
      return output(base, [{ card: 'message', body: [fillText(script.text.resumeNotFound, {})] }, ...promptsFor(this.setup, base)]);
    }
    const state: ConversationState = { ...paused, channel: options.channel ?? paused.channel };
    await this.store.conversations.putIfVersion(conversationId, state, loaded?.version ?? null);
    await this.store.paused.delete(code!);
    this.log.info('conversation.resumed', { channel: options.channel });
    return output(state, step(this.setup, state, { kind: 'resumed' }, this.context()).prompts);
  }

  /**
   * A flag reaches the record if there already is one (a disclosure typed after the end). Under the
   * organisation's policy it is also passed on while the conversation is unfinished or private: a notice
   * without the words is kept, and practitioners are told through onFlagged.
   */
  private async flagged(conversationId: string, state: ConversationState, categories: string[], typedAt: string, text: string): Promise<void> {
    const passOn = this.privacy.passOnUnshared !== false;
    const now = new Date().toISOString();
    if (state.recordId) {
      await this.store.records.update(state.recordId, (r) => ({
        ...r,
        safeguardingFlag: {
          flagged: true,
          categories: [...new Set([...r.safeguardingFlag.categories, ...categories])],
          at: r.safeguardingFlag.at ?? now,
          passedOn: passOn || r.sharing === 'shared',
        },
      }));
    }
    if (!passOn) return;
    await this.privacy.notices?.flagged({
      conversationId,
      at: now,
      categories,
      channel: state.channel,
      script: state.scriptId,
      consented: Boolean(state.consent),
      step: typedAt,
      subjectRef: state.code ? subjectRefFor(state.code) : undefined,
      recordId: state.recordId,
      sharing: state.sharing,
      ...(this.privacy.matchedWords && this.privacy.matchedWords !== 'nobody' ? { words: text.slice(0, this.setup.organisation.maxTextLength) } : {}),
    });
    await this.hooks.onFlagged?.(conversationId, categories);
  }

  /**
   * Saving the new state (only if nobody else saved first) is the turn's commit. The record is stored
   * before it, so a failed write leaves the conversation where it was and the person can confirm again;
   * everything else runs after it, so only the turn that won pauses, notifies or tidies up.
   */
  private async apply(conversationId: string, loaded: VersionedState, result: TurnResult, minted?: string, text = ''): Promise<void> {
    const before = loaded.state;
    let version = loaded.version;
    let discard = false;
    let added: OutcomeRecord | undefined;
    const afterCommit: (() => Promise<void>)[] = [];
    for (const effect of result.effects) {
      switch (effect.kind) {
        case 'pause':
          afterCommit.push(async () => {
            await this.store.paused.put(effect.code, { ...result.state, updatedAt: new Date().toISOString() });
            if (result.state.safeguarding) await this.privacy.notices?.link(conversationId, { subjectRef: subjectRefFor(effect.code) });
            this.log.info('conversation.paused', { step: result.state.step.kind });
          });
          break;
        case 'discard':
          discard = true;
          afterCommit.push(async () => {
            if (before.code) await this.store.paused.delete(before.code);
            this.log.info('conversation.discarded', { step: before.step.kind });
          });
          break;
        case 'flag':
          afterCommit.push(async () => {
            this.log.warn('conversation.flagged', { categories: effect.categories.join(',') });
            await this.flagged(conversationId, result.state, effect.categories, before.step.kind, text);
          });
          break;
        case 'complete': {
          const state = result.state;
          const script = scriptOf(this.setup, state);
          const subjectRef = subjectRefFor(state.code!);
          // Idempotent confirm: a code made now is saved first, so a confirm sent again after a crash gets the
          // same code; the record's id follows from the state it was made from, so it is found, not made twice.
          if (minted && state.code === minted) version = await this.keepCode(conversationId, loaded, minted);
          const id = confirmRecordId(subjectRef, conversationId, state.startedAt, version);
          const record = (await this.store.records.get(id)) ?? buildRecord(script, state, { id, subjectRef, now: new Date().toISOString() });
          if (record.safeguardingFlag.flagged) record.safeguardingFlag.passedOn = this.privacy.passOnUnshared !== false || record.sharing === 'shared';
          await this.store.records.add(record);
          added = record;
          result.state.recordId = record.id;
          afterCommit.push(async () => {
            await this.store.paused.delete(state.code!);
            this.log.info('record.stored', { script: script.id, sharing: record.sharing, flagged: record.safeguardingFlag.flagged });
            if (record.safeguardingFlag.flagged) await this.privacy.notices?.link(conversationId, { subjectRef, recordId: record.id });
            await this.hooks.onRecordStored?.(record);
          });
          break;
        }
      }
    }
    try {
      if (discard) await this.store.conversations.deleteIfVersion(conversationId, loaded.version);
      else
        await this.store.conversations.putIfVersion(
          conversationId,
          { ...(added ? pointerTo(result.state) : result.state), updatedAt: new Date().toISOString() },
          version,
        );
    } catch (error) {
      // Another turn won: take back this attempt's record before running again, unless the winner made the same one.
      if (error instanceof ConflictError && added) {
        const id = added.id;
        const now = await this.store.conversations.get(conversationId);
        if (now?.recordId !== id) await this.store.records.delete(id).catch(() => this.log.error('record.orphaned', { record: id }));
      }
      throw error;
    }
    for (const task of afterCommit) await task();
    if (before.safeguarding || result.state.safeguarding) await this.noteFlagDetails(conversationId, before, discard ? undefined : result.state);
  }

  /**
   * What practitioners need to act on a flag, noted on its notice as the person answers: how and when they may
   * be contacted, and whether they shared the conversation. A conversation deleted takes its contact answer
   * with it (the goodbye then promises no call).
   */
  private async noteFlagDetails(conversationId: string, before: ConversationState, after: ConversationState | undefined): Promise<void> {
    const contact = after?.safeguarding?.contact;
    const changedContact = JSON.stringify(before.safeguarding?.contact) !== JSON.stringify(contact);
    const sharing = after?.sharing !== before.sharing ? after?.sharing : undefined;
    if (!changedContact && !sharing) return;
    await this.privacy.notices?.update(conversationId, { ...(changedContact ? { contact: contact ?? null } : {}), ...(sharing ? { sharing } : {}) });
  }

  /** Saves the state as it was with the new code added; returns the version to commit on. */
  private async keepCode(conversationId: string, loaded: VersionedState, code: string): Promise<string> {
    await this.store.conversations.putIfVersion(conversationId, { ...loaded.state, code, updatedAt: new Date().toISOString() }, loaded.version);
    const kept = await this.store.conversations.getWithVersion(conversationId);
    // Someone else wrote in between: run the turn again on what they left.
    if (!kept || kept.state.code !== code || stepKey(kept.state) !== stepKey(loaded.state)) throw new ConflictError();
    return kept.version;
  }
}

/** Once the record is stored, a finished chat keeps only what points to it, not a second copy of the words. */
function pointerTo(state: ConversationState): ConversationState {
  return { ...state, whatMatters: undefined, answers: {}, priorities: [], contact: undefined, history: [], toldEarlier: undefined };
}

/** Identifies a step, so a card can say which question it answered. */
export function stepKey(state: ConversationState): string {
  const s = state.step;
  return 'outcome' in s ? `${s.kind}:${s.outcome}` : s.kind;
}

function output(state: ConversationState, prompts: Prompt[]): TurnOutput {
  return { prompts, stepKey: stepKey(state) };
}
