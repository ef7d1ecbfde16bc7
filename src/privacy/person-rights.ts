// "Forget me CODE" and "my copy CODE" in the person's own conversation. Forgetting asks first; the answer
// waits in the conversation state (state.pending). Looks are rate-limited per conversation, since each one
// tests a code.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { startConversation, type StartOptions } from '../conversation/engine.js';
import { fillText } from '../conversation/fill-text.js';
import type { Prompt } from '../conversation/prompt.js';
import { scriptOf } from '../conversation/prompts.js';
import { promptsFor } from '../conversation/step-table.js';
import { forgetConfirmPrompt, type RightsRequest } from '../conversation/rights.js';
import type { Script } from '../conversation/script.js';
import type { EngineSetup } from '../conversation/setup.js';
import type { ConversationState } from '../conversation/state.js';
import { lexiconFor } from '../conversation/understanding/lexicon.js';
import { readChoice } from '../conversation/understanding/read-choice.js';
import type { Logger } from '../logger.js';
import type { Store, VersionedState } from '../records/store.js';
import { subjectRefFor } from '../records/subject.js';
import { eraseByCode, erasedAnything, type EraseDeps } from './erase.js';
import { copyPrompt, recordSection, unfinishedSection, type CopySection } from './my-copy.js';
import type { CodeGuesses } from './code-guesses.js';

export interface RightsTurn {
  prompts: Prompt[];
  /** The conversation's state after the turn; undefined when it was erased. */
  state?: ConversationState;
}

export interface PersonRightsOptions extends Omit<EraseDeps, 'store'> {
  setup: EngineSetup;
  store: Store;
  log: Logger;
  /** Where people reach the bot's pages, for the printable copy; unset: no link is offered. */
  publicUrl?: string;
  /** Code looks per conversation per hour (default 10). */
  looksPerHour?: number;
  /** Limits shared with every other command that takes a code, per conversation and per address. */
  guesses?: CodeGuesses;
}

export class PersonRights {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly o: PersonRightsOptions) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'rights', points: o.looksPerHour ?? 10, duration: 3600 });
  }

  /**
   * Takes the turn when it is a rights request (`request`, read with the other commands by
   * understanding/read-command.ts), or the answer to one; undefined lets the conversation have it.
   */
  async take(
    conversationId: string,
    text: string,
    loaded: VersionedState | undefined,
    options: StartOptions & { address?: string },
    request?: RightsRequest,
  ): Promise<RightsTurn | undefined> {
    if (loaded?.state.pending) return this.confirm(conversationId, text, loaded, options.address);
    if (!request) return undefined;

    const base = loaded?.state ?? startConversation(this.o.setup, { now: new Date().toISOString(), newCode: () => '' }, options).state;
    const script = scriptOf(this.o.setup, base);
    const code = request.code ?? base.code;
    if (!code) {
      if (!loaded) await this.o.store.conversations.putIfVersion(conversationId, base, null);
      const needs = request.kind === 'forget' ? script.text.forgetNeedsCode : script.text.copyNeedsCode;
      return { state: base, prompts: [say(needs), ...this.again(base)] };
    }

    if (request.kind === 'forget') {
      const pending: ConversationState = { ...base, pending: { kind: 'forget', code } };
      await this.o.store.conversations.putIfVersion(conversationId, pending, loaded?.version ?? null);
      this.o.log.info('rights.forget-asked', {});
      return { state: pending, prompts: [forgetConfirmPrompt(script)] };
    }

    if (!loaded) await this.o.store.conversations.putIfVersion(conversationId, base, null);
    if (!(await this.allowed(conversationId, options.address))) return { state: base, prompts: [say(script.text.rightsNotFound), ...this.again(base)] };
    const found = await this.lookup(code, base.code === code && base.step.kind !== 'done' ? base : undefined);
    this.o.log.info('rights.copy', { sections: found.sections.length });
    if (found.sections.length === 0) return { state: base, prompts: [say(script.text.rightsNotFound), ...this.again(base)] };
    const link = this.o.publicUrl ? [say(fillText(found.script.text.copyPrintLink, { myCopyUrl: `${this.o.publicUrl.replace(/\/$/, '')}/my-copy` }))] : [];
    return { state: base, prompts: [...found.sections.map((s) => copyPrompt(s, found.script)), ...link, ...this.again(base)] };
  }

  /** Everything kept under a code: its records, or else the paused (or given) unfinished conversation. */
  async lookup(code: string, current?: ConversationState): Promise<{ script: Script; sections: CopySection[] }> {
    const scriptFor = (id: string | undefined) => this.o.setup.scripts.find((s) => s.id === id) ?? this.o.setup.scripts[0];
    const records = await this.o.store.records.bySubject(subjectRefFor(code));
    if (records.length) {
      const script = scriptFor(records[records.length - 1].script.id);
      return { script, sections: records.map((r) => recordSection(r, scriptFor(r.script.id))) };
    }
    const unfinished = (await this.o.store.paused.get(code)) ?? current;
    if (unfinished && unfinished.consent) {
      const script = scriptOf(this.o.setup, unfinished);
      return { script, sections: [unfinishedSection(unfinished, script)] };
    }
    return { script: this.o.setup.scripts[0], sections: [] };
  }

  private async confirm(conversationId: string, text: string, loaded: VersionedState, address?: string): Promise<RightsTurn> {
    const state = loaded.state;
    const code = state.pending!.code;
    const script = scriptOf(this.o.setup, state);
    const t = script.text;
    const cleared: ConversationState = { ...state, pending: undefined };
    // Saved first, so the erase below sees this conversation without the request in it.
    await this.o.store.conversations.putIfVersion(conversationId, cleared, loaded.version);
    // "aye", "yes delete it", "no wait, keep it": read as every other answer is.
    const choice = readChoice(text, forgetConfirmPrompt(script).choices ?? [], lexiconFor(script));
    if (choice?.value !== t.forgetYes) {
      this.o.log.info('rights.forget-kept', {});
      return { state: cleared, prompts: [say(t.forgetKept), ...this.again(cleared)] };
    }
    if (!(await this.allowed(conversationId, address))) return { state: cleared, prompts: [say(t.rightsNotFound), ...this.again(cleared)] };

    // The VACUUM after it runs on its own: the person's answer does not wait for it.
    const erased = await eraseByCode({ ...this.o, reclaim: 'background' }, code, 'person');
    this.o.log.info('rights.erased', { records: erased.records, paused: erased.paused, conversations: erased.conversations, notices: erased.notices });
    if (cleared.code === code) {
      await this.o.store.conversations.delete(conversationId);
      return { prompts: [say(t.forgetDone)] };
    }
    return { state: cleared, prompts: [say(erasedAnything(erased) ? t.forgetDone : t.rightsNotFound), ...this.again(cleared)] };
  }

  private again(state: ConversationState): Prompt[] {
    return state.step.kind === 'done' || state.step.kind === 'ended' ? [] : promptsFor(this.o.setup, state);
  }

  private async allowed(conversationId: string, address?: string): Promise<boolean> {
    try {
      await this.limiter.consume(conversationId);
      if (this.o.guesses && !(await this.o.guesses.take(conversationId, address))) throw new Error('over the shared limit');
      return true;
    } catch {
      this.o.log.warn('rights.rate-limited', {});
      return false;
    }
  }
}

function say(line: string): Prompt {
  return { card: 'message', body: [line] };
}
