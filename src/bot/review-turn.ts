// One turn of a review conversation (a person in their own chat, or a practitioner with them in Teams):
// load the review state, run the pure review engine, store the review record when it is confirmed.
// As a person's own turn (person-turn.ts): the state is saved only if nobody saved it since it was read,
// and a turn that lost that race to a turn on another instance runs again on the newer state.
import type { ReviewScript } from '../conversation/review-script.js';
import { reviewPrompts, reviewStepKey, startReview, stepReview, type ReviewResult, type ReviewStartOptions, type ReviewState } from '../conversation/review.js';
import type { Prompt } from '../conversation/prompt.js';
import type { EngineSetup } from '../conversation/setup.js';
import { fillText } from '../conversation/fill-text.js';
import type { Logger } from '../logger.js';
import type { OutcomeRecord } from '../records/record.js';
import { newRecordId } from '../records/record-id.js';
import { buildReviewRecord, reviewTarget, toReviewSource } from '../records/review-record.js';
import { ConflictError, type KeyedStore, type Store, type Versioned } from '../records/store.js';
import { subjectRefFor } from '../records/subject.js';
import { KeyedQueue } from '../keyed-queue.js';
import { retry } from '../retry.js';
import { onConflict } from './on-conflict.js';
import { CodeGuesses } from '../privacy/code-guesses.js';
import type { FlagNotices } from '../privacy/flag-notices.js';
import { newReferenceCode, type TurnOutput } from './person-turn.js';

export interface ReviewHooks {
  onRecordStored?: (record: OutcomeRecord) => Promise<void>;
  /** A review answer matched the safeguarding phrases. */
  onFlagged?: (info: { key: string; channel: string; scriptId: string; categories: string[] }) => Promise<void>;
}

/** Where flags from a person's own review are kept for practitioners (as the first conversation's are). */
export interface ReviewFlagNotices {
  notices: FlagNotices;
  /** Whether a flag in the review under this key is passed on as a notice (the organisation's policy; not a practitioner's chat). */
  passesOn: (key: string) => boolean;
  /** Who may read the words that were flagged (safeguarding.policy.matchedWords); 'nobody' (the default): not kept. */
  matchedWords?: 'nobody' | 'managers' | 'team';
}

/** Where a review kept for later waits for "review CODE": by the person's subject, never by the code itself. */
const keptKey = (subjectRef: string): string => `kept-review:${subjectRef}`;

export interface ReviewOutput extends TurnOutput {
  state?: ReviewState;
  /** Set on the turn the review record was stored. */
  record?: OutcomeRecord;
}

export class ReviewConversations {
  private queue = new KeyedQueue();

  constructor(
    private setup: EngineSetup,
    readonly words: ReviewScript,
    private store: Store,
    private reviews: KeyedStore<ReviewState>,
    private log: Logger,
    private hooks: ReviewHooks = {},
    private guesses: CodeGuesses = new CodeGuesses(),
    private flagNotices?: ReviewFlagNotices,
  ) {}

  /**
   * A flag in a person's own review is kept as a notice, as in the first conversation: when, which kinds, and
   * as they answer, how and when someone may get in touch and whether they shared it; linked to the record.
   * Keeping the review keeps the contact answer; deleting it takes the contact answer with it (the goodbye then
   * promises no call), as in the first conversation. The words flagged are kept only under the organisation's policy.
   */
  private async noteFlag(
    key: string,
    before: ReviewState,
    after: ReviewState,
    turn: { categories: string[]; text: string; deleted: boolean; recordId?: string },
  ): Promise<void> {
    const f = this.flagNotices;
    if (!f || !after.safeguarding || !f.passesOn(key)) return;
    const { categories, recordId } = turn;
    const words = f.matchedWords && f.matchedWords !== 'nobody' ? { words: turn.text.slice(0, this.setup.organisation.maxTextLength) } : {};
    const conversationId = `review:${key}`;
    const sharing = after.askSharing ? after.sharing : 'shared';
    if (categories?.length) {
      await f.notices.flagged({
        conversationId,
        at: new Date().toISOString(),
        categories,
        channel: after.channel,
        script: after.earlierScriptId,
        consented: Boolean(after.consent),
        step: `review-${before.step.kind}`,
        subjectRef: after.subjectRef,
        sharing,
        ...words,
      });
    }
    const contact = turn.deleted ? undefined : after.safeguarding.contact;
    const changedContact = JSON.stringify(before.safeguarding?.contact) !== JSON.stringify(contact);
    const changedSharing = sharing && (before.askSharing ? before.sharing : 'shared') !== sharing;
    if (changedContact || changedSharing)
      await f.notices.update(conversationId, { ...(changedContact ? { contact: contact ?? null } : {}), ...(changedSharing ? { sharing } : {}) });
    if (recordId) await f.notices.link(conversationId, { recordId, subjectRef: after.subjectRef });
  }

  private ctx() {
    return { now: new Date().toISOString(), newCode: newReferenceCode };
  }

  async active(key: string): Promise<ReviewState | undefined> {
    const state = await this.reviews.get(key);
    return state && state.step.kind !== 'done' && state.step.kind !== 'ended' ? state : undefined;
  }

  /** Starts a review of `earlier` under `key` (a conversation id), replacing any review already there. */
  start(key: string, earlier: OutcomeRecord, options: ReviewStartOptions): Promise<ReviewOutput> {
    return this.queue.run(key, async () => {
      const source = toReviewSource(earlier, this.setup.scripts);
      if (source.items.length === 0) return { prompts: [this.say(this.words.text.nothingToReview)] };
      const result = startReview(this.setup, this.words, source, this.ctx(), options);
      await this.reviews.put(key, result.state);
      this.log.info('review.started', { channel: options.channel, by: options.answeredBy });
      return out(result.state, result.prompts);
    });
  }

  /** Whether a review was kept for later under this code (so "resume CODE" carries it on, as "review CODE" does). */
  async hasKept(code: string): Promise<boolean> {
    return (await this.reviews.get(keptKey(subjectRefFor(code)))) !== undefined;
  }

  /** A person's own review, found by their reference code. */
  async startWithCode(key: string, code: string | null, options: { channel: string; address?: string }): Promise<ReviewOutput> {
    // Every try counts (per conversation and per address, shared with the other commands that take a code).
    if (!(await this.guesses.take(key, options.address))) {
      this.log.warn('review.too-many-tries', { channel: options.channel });
      return { prompts: [this.say(this.words.text.tooManyTries)] };
    }
    // A review kept for later carries on where it was.
    const kept = code ? await this.reviews.get(keptKey(subjectRefFor(code))) : undefined;
    if (kept) return this.carryOn(key, kept, options.channel);
    const earlier = code ? reviewTarget(await this.store.records.bySubject(subjectRefFor(code))) : undefined;
    if (!earlier) {
      this.log.info('review.code-not-found', { channel: options.channel });
      return { prompts: [this.say(this.words.text.notFound)] };
    }
    return this.start(key, earlier, {
      channel: options.channel,
      answeredBy: earlier.answeredBy === 'carer' ? 'carer' : 'person',
      askSharing: true,
      code: code ?? undefined,
    });
  }

  /** A kept review, back in this chat at the question it was kept at. */
  private carryOn(key: string, kept: ReviewState, channel: string): Promise<ReviewOutput> {
    return this.queue.run(key, async () => {
      const state: ReviewState = { ...kept, channel, keptIn: undefined };
      await this.reviews.put(key, state);
      await this.reviews.delete(keptKey(kept.subjectRef));
      // Carried on here, it ends in the chat it was kept in: two chats finishing it would store it twice.
      if (kept.keptIn && kept.keptIn !== key) {
        const left = await this.reviews.get(kept.keptIn);
        if (left?.subjectRef === kept.subjectRef) await this.reviews.delete(kept.keptIn);
      }
      this.log.info('review.resumed', { channel, step: state.step.kind });
      return out(state, [this.say(this.words.text.carryingOn), ...reviewPrompts(this.setup, this.words, state)]);
    });
  }

  answer(key: string, text: string, options: { stepKey?: string } = {}): Promise<ReviewOutput> {
    return this.queue.run(key, () => this.retrying(key, () => this.answerOnce(key, text, options)));
  }

  /**
   * The queue serialises turns within this process; across instances the version check does: an answer
   * that lost the race (ConflictError) runs again on the review as the other turn left it.
   */
  private retrying(key: string, turn: () => Promise<ReviewOutput>): Promise<ReviewOutput> {
    return retry(
      turn,
      onConflict(this.log, 'review.conflict', async () => {
        // Still losing after several tries: ask the current question again rather than guess.
        const current = await this.reviews.get(key);
        return current ? out(current, reviewPrompts(this.setup, this.words, current)) : { prompts: [] };
      }),
    );
  }

  private async answerOnce(key: string, text: string, options: { stepKey?: string }): Promise<ReviewOutput> {
    const loaded = await this.reviews.getWithVersion(key);
    if (!loaded) return { prompts: [] };
    const current = loaded.value;
    if (options.stepKey && options.stepKey !== reviewStepKey(current)) return out(current, reviewPrompts(this.setup, this.words, current));
    const result = stepReview(this.setup, this.words, current, text, this.ctx());
    return this.apply(key, loaded, result, text);
  }

  /** Forgets a review in progress (a practitioner set it aside or started something else). */
  async discard(key: string): Promise<void> {
    await this.queue.run(key, () => this.reviews.delete(key));
  }

  /**
   * Saving the new state (only if nobody else saved first) is the turn's commit. The record is stored
   * before it and taken back if the save loses; flags, logs and notifications run after it, so only the
   * turn that won tells anyone.
   */
  private async apply(key: string, loaded: Versioned<ReviewState>, result: ReviewResult, text: string): Promise<ReviewOutput> {
    let record: OutcomeRecord | undefined;
    let finished = false;
    const afterCommit: (() => Promise<void>)[] = [];
    for (const effect of result.effects) {
      if (effect.kind === 'flag') {
        afterCommit.push(async () => {
          this.log.warn('review.flagged', { categories: effect.categories.join(',') });
          await this.hooks.onFlagged?.({ key, channel: result.state.channel, scriptId: result.state.earlierScriptId, categories: effect.categories });
        });
      } else if (effect.kind === 'pause') {
        // Kept for later under the person's subject; the review also stays here, so they can carry on now.
        afterCommit.push(async () => {
          await this.reviews.put(keptKey(result.state.subjectRef), { ...result.state, keptIn: key });
          this.log.info('review.kept', { step: result.state.step.kind });
        });
      } else if (effect.kind === 'discard') {
        finished = true;
        afterCommit.push(async () => {
          if (loaded.value.code) await this.reviews.delete(keptKey(loaded.value.subjectRef));
          this.log.info('review.discarded', { step: loaded.value.step.kind });
        });
      } else if (effect.kind === 'complete') {
        const earlier = await this.store.records.get(result.state.previousRecordId);
        const script = earlier?.script ?? { id: result.state.earlierScriptId, version: 1, locale: this.words.locale };
        const built = buildReviewRecord(result.state, {
          id: newRecordId(result.state.subjectRef),
          now: new Date().toISOString(),
          script,
          passOnUnshared: this.setup.organisation.safeguardingPassOn,
        });
        await this.store.records.add(built);
        record = built;
        result.state.recordId = built.id;
        finished = true;
        afterCommit.push(async () => {
          if (loaded.value.code) await this.reviews.delete(keptKey(loaded.value.subjectRef));
          this.log.info('review.stored', { sharing: built.sharing, flagged: built.safeguardingFlag.flagged, by: built.answeredBy });
        });
      }
    }
    try {
      // A finished review is not kept as state: the record holds it, and the chat goes back to normal.
      if (finished) await this.reviews.deleteIfVersion(key, loaded.version);
      else await this.reviews.putIfVersion(key, result.state, loaded.version);
    } catch (error) {
      // Another turn won: take back this attempt's record (its id is new, so nobody else has it) before running again.
      if (error instanceof ConflictError && record) {
        const id = record.id;
        await this.store.records.delete(id).catch(() => this.log.error('record.orphaned', { record: id }));
      }
      throw error;
    }
    for (const task of afterCommit) await task();
    const flagged = result.effects.flatMap((e) => (e.kind === 'flag' ? e.categories : []));
    await this.noteFlag(key, loaded.value, result.state, {
      categories: flagged,
      text,
      deleted: result.effects.some((e) => e.kind === 'discard'),
      recordId: record?.safeguardingFlag.flagged ? record.id : undefined,
    });
    if (record) await this.hooks.onRecordStored?.(record);
    return { ...out(result.state, result.prompts), record };
  }

  private say(text: string): Prompt {
    return { card: 'message', body: [fillText(text, { organisation: this.setup.organisation.name })] };
  }
}

function out(state: ReviewState, prompts: Prompt[]): ReviewOutput {
  return { prompts, stepKey: reviewStepKey(state), state };
}
