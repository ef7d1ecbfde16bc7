// The multi-turn things a practitioner does, as botbuilder-dialogs dialogs so the dialog stack (kept in
// the store) remembers which one is under way: adding a note or an action (waterfalls of prompts), and
// holding a conversation or a review with a person (custom dialogs over the pure engines).
import {
  Dialog,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import { scriptOf } from '../../conversation/prompts.js';
import { promptsFor } from '../../conversation/step-table.js';
import { reviewPrompts } from '../../conversation/review.js';
import type { EngineSetup } from '../../conversation/setup.js';
import { readCommand } from '../../conversation/understanding/read-command.js';
import { parseByWhen } from '../../practitioner/dates.js';
import type { Me, PractitionerDesk } from '../../practitioner/desk.js';
import { shortRef } from '../../practitioner/record-ref.js';
import type { PractitionerReply, PractitionerViews } from '../../practitioner/views.js';
import type { Store } from '../../records/store.js';
import type { PersonConversations } from '../person-turn.js';
import { stepKey } from '../person-turn.js';
import type { ReviewConversations } from '../review-turn.js';
import { promptActivities } from '../send-prompts.js';
import { replyActivities, replyActivity } from './activities.js';

export const DIALOG = { note: 'note', action: 'action', held: 'held', review: 'review' } as const;
/** Dialogs that hold a person's answers: leaving them sets them aside rather than throwing them away. */
export const HOLDS_A_PERSON = new Set<string>([DIALOG.held, DIALOG.review]);

/** Turn state: who the practitioner is, and which step a pressed card belonged to. */
export const ME = Symbol('practitioner');
export const STEP_KEY = Symbol('stepKey');

/** Turn state: what is to run once the turn's dialog state is saved (teams-practitioners.ts). */
export const AFTER_COMMIT = Symbol('afterCommit');

/**
 * Runs `task` once the turn's dialog state is saved: what changes a record (a note, an action) or
 * says it did. A turn that loses the race to save, to a turn on another instance, runs again on the
 * newer dialog state without having done it. With no practitioner turn around it, runs at once.
 */
export async function afterCommit(context: TurnContext, task: () => Promise<void>): Promise<void> {
  const tasks = context.turnState.get<(() => Promise<void>)[] | undefined>(AFTER_COMMIT);
  if (tasks) tasks.push(task);
  else await task();
}

/** Where a practitioner's conversation or review with a person is kept: apart from their own chat's state. */
export const heldKey = (context: TurnContext): string => `practitioner-held:${context.activity.conversation.id}`;
export const reviewKey = (context: TurnContext): string => `practitioner-review:${context.activity.conversation.id}`;

export interface DialogDeps {
  desk: PractitionerDesk;
  views: PractitionerViews;
  people: PersonConversations;
  reviews: ReviewConversations;
  setup: EngineSetup;
  store: Store;
  maxTextLength: number;
}

function me(context: TurnContext): Me {
  const found = context.turnState.get<Me | undefined>(ME);
  if (!found) throw new Error('practitioner dialogs run only for an identified practitioner');
  return found;
}

async function send(context: TurnContext, ...replies: PractitionerReply[]): Promise<void> {
  await context.sendActivities(replies.flatMap(replyActivities));
}

interface ActionValues {
  what?: string;
  who?: string;
}

const TEXT = 'practitioner-text';
const BY_WHEN = 'practitioner-by-when';

export function practitionerDialogs(d: DialogDeps): Dialog[] {
  const t = d.views.words.text;
  const ask = (question: string, values: Record<string, string | number> = {}) =>
    replyActivity(d.views.ask(d.views.fill(question, values), { multiline: true }));

  const textPrompt = new TextPrompt(TEXT, (prompt: PromptValidatorContext<string>) => {
    const value = prompt.recognized.value?.trim() ?? '';
    return Promise.resolve(prompt.recognized.succeeded && value.length > 0 && value.length <= d.maxTextLength);
  });
  const byWhenPrompt = new TextPrompt(BY_WHEN, (prompt: PromptValidatorContext<string>) =>
    Promise.resolve(prompt.recognized.succeeded && parseByWhen(prompt.recognized.value ?? '', t.noDateWords).ok),
  );
  const tooLong = () => replyActivity(d.views.say(t.textTooLong, { max: d.maxTextLength }));

  const note = new WaterfallDialog(DIALOG.note, [
    async (step: WaterfallStepContext<{ ref: string }>) => step.prompt(TEXT, { prompt: ask(t.notePrompt, { ref: step.options.ref }), retryPrompt: tooLong() }),
    async (step: WaterfallStepContext<{ ref: string }>) => {
      const [who, ref, text] = [me(step.context), step.options.ref, String(step.result)];
      await afterCommit(step.context, async () => send(step.context, await d.desk.note(who, ref, text)));
      return step.endDialog();
    },
  ]);

  const action = new WaterfallDialog(DIALOG.action, [
    async (step: WaterfallStepContext<{ ref: string }>) => step.prompt(TEXT, { prompt: ask(t.actionWhat, { ref: step.options.ref }), retryPrompt: tooLong() }),
    async (step: WaterfallStepContext<{ ref: string }>) => {
      (step.values as ActionValues).what = String(step.result).trim();
      return step.prompt(TEXT, { prompt: ask(t.actionWho), retryPrompt: tooLong() });
    },
    async (step: WaterfallStepContext<{ ref: string }>) => {
      (step.values as ActionValues).who = String(step.result).trim();
      return step.prompt(BY_WHEN, { prompt: ask(t.actionByWhen), retryPrompt: ask(t.actionByWhenInvalid) });
    },
    async (step: WaterfallStepContext<{ ref: string }>) => {
      const byWhen = parseByWhen(String(step.result), t.noDateWords);
      const [who, ref] = [me(step.context), step.options.ref];
      const action = {
        what: (step.values as ActionValues).what ?? '',
        who: (step.values as ActionValues).who ?? '',
        byWhen: byWhen.ok ? byWhen.date : undefined,
      };
      await afterCommit(step.context, async () => send(step.context, await d.desk.addAction(who, ref, action)));
      return step.endDialog();
    },
  ]);

  return [textPrompt, byWhenPrompt, note, action, new HeldConversationDialog(d), new HeldReviewDialog(d)];
}

/** A conversation a practitioner holds with a person in Teams, answering on their behalf. */
class HeldConversationDialog extends Dialog<{ scriptId?: string; resume?: boolean }> {
  constructor(private d: DialogDeps) {
    super(DIALOG.held);
  }

  override async beginDialog(dc: DialogContext, options?: { scriptId?: string; resume?: boolean }): Promise<DialogTurnResult> {
    const t = this.d.views.words.text;
    const key = heldKey(dc.context);
    if (options?.resume) {
      const state = await this.d.store.conversations.get(key);
      if (!state) {
        await send(dc.context, this.d.views.say(t.nothingToCarryOn));
        return dc.endDialog();
      }
      await send(dc.context, this.d.views.say(t.carryingOn));
      await dc.context.sendActivities(promptActivities(promptsFor(this.d.setup, state), stepKey(state), this.d.maxTextLength, dc.context.activity.channelId));
      return Dialog.EndOfTurn;
    }
    await this.d.store.conversations.delete(key);
    const out = await this.d.people.greet(key, {
      channel: 'msteams',
      mode: 'with-practitioner',
      answeredBy: 'practitioner-on-behalf',
      scriptId: options?.scriptId,
    });
    await send(dc.context, this.d.views.say(t.startIntro));
    await dc.context.sendActivities(promptActivities(out.prompts, out.stepKey, this.d.maxTextLength, dc.context.activity.channelId));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const t = this.d.views.words.text;
    const key = heldKey(dc.context);
    const text = dc.context.activity.text ?? '';
    const state = await this.d.store.conversations.get(key);
    if (!state) {
      await send(dc.context, this.d.views.say(t.onBehalfStopped));
      return dc.endDialog();
    }
    // "Pause" would give the person's reference code, which practitioners never see: set it aside instead.
    if (readCommand(text, scriptOf(this.d.setup, state).commands) === 'pause') {
      await send(dc.context, this.d.views.say(t.setAsideDone));
      return dc.endDialog();
    }
    const out = await this.d.people.answer(key, text, { channel: 'msteams', stepKey: dc.context.turnState.get<string | undefined>(STEP_KEY) });
    const after = await this.d.store.conversations.get(key);
    if (!after || after.step.kind === 'ended') {
      await this.d.store.conversations.delete(key);
      await send(dc.context, this.d.views.say(t.onBehalfStopped));
      return dc.endDialog();
    }
    if (after.step.kind === 'done' && after.recordId) {
      // The engine's closing words carry the reference code: the practitioner gets the record's reference instead.
      await this.d.store.conversations.delete(key);
      const record = await this.d.desk.adopt(me(dc.context), after.recordId, 'create');
      if (record?.sharing === 'shared') {
        await send(dc.context, this.d.views.say(t.onBehalfSaved, { ref: shortRef(record.id) }), this.d.desk.viewFormFor(record));
      } else {
        await send(dc.context, this.d.views.say(t.onBehalfPrivate, { ref: shortRef(after.recordId) }));
      }
      return dc.endDialog();
    }
    await dc.context.sendActivities(promptActivities(out.prompts, out.stepKey, this.d.maxTextLength, dc.context.activity.channelId));
    return Dialog.EndOfTurn;
  }
}

/** A review a practitioner holds with a person in Teams, of that person's last shared record. */
class HeldReviewDialog extends Dialog<{ recordId?: string; resume?: boolean }> {
  constructor(private d: DialogDeps) {
    super(DIALOG.review);
  }

  override async beginDialog(dc: DialogContext, options?: { recordId?: string; resume?: boolean }): Promise<DialogTurnResult> {
    const t = this.d.views.words.text;
    const key = reviewKey(dc.context);
    if (options?.resume) {
      const state = await this.d.reviews.active(key);
      if (!state) {
        await send(dc.context, this.d.views.say(t.nothingToCarryOn));
        return dc.endDialog();
      }
      await send(dc.context, this.d.views.say(t.carryingOn));
      await dc.context.sendActivities(
        promptActivities(reviewPrompts(this.d.setup, this.d.reviews.words, state), undefined, this.d.maxTextLength, dc.context.activity.channelId),
      );
      return Dialog.EndOfTurn;
    }
    const earlier = options?.recordId ? await this.d.store.records.get(options.recordId) : undefined;
    if (!earlier) {
      await send(dc.context, this.d.views.say(t.reviewNothing));
      return dc.endDialog();
    }
    const out = await this.d.reviews.start(key, earlier, { channel: 'msteams', answeredBy: 'practitioner-on-behalf', askSharing: false });
    if (!out.state) {
      await send(dc.context, this.d.views.say(t.reviewNothing));
      return dc.endDialog();
    }
    await send(dc.context, this.d.views.say(t.reviewIntro));
    await dc.context.sendActivities(promptActivities(out.prompts, out.stepKey, this.d.maxTextLength, dc.context.activity.channelId));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const t = this.d.views.words.text;
    const key = reviewKey(dc.context);
    if (!(await this.d.reviews.active(key))) {
      await send(dc.context, this.d.views.say(t.reviewStopped));
      return dc.endDialog();
    }
    const out = await this.d.reviews.answer(key, dc.context.activity.text ?? '', { stepKey: dc.context.turnState.get<string | undefined>(STEP_KEY) });
    if (out.record) {
      const record = await this.d.desk.adopt(me(dc.context), out.record.id, 'review');
      await send(dc.context, this.d.views.say(t.reviewSaved, { ref: shortRef(out.record.id), earlier: shortRef(out.record.previousRecordId ?? '') }));
      if (record) await send(dc.context, await this.d.desk.open(me(dc.context), shortRef(record.id)));
      return dc.endDialog();
    }
    if (out.state?.step.kind === 'ended') {
      await send(dc.context, this.d.views.say(t.reviewStopped));
      return dc.endDialog();
    }
    await dc.context.sendActivities(promptActivities(out.prompts, out.stepKey, this.d.maxTextLength, dc.context.activity.channelId));
    return Dialog.EndOfTurn;
  }
}
