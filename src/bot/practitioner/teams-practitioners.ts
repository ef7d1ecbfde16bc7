// Practitioners in Teams: takes a turn before the person's conversation when, and only when, the gate
// says a roster member is writing from Teams; keeps their conversation reference for notifications;
// runs their commands (typed or pressed) and their multi-turn dialogs.
// A turn's dialog state is saved only if nobody saved it since the turn read it (storage.ts); a turn
// that lost that race to a turn on another instance runs again on the newer state. Its replies are held
// until it has saved, and what changes a record runs after (dialogs.ts, afterCommit), so the run that
// lost has said and done nothing.
import { ConversationState, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { Logger } from '../../logger.js';
import type { Command } from '../../practitioner/commands.js';
import { isPractitionerSubmission, parseTypedCommand, readSubmission } from '../../practitioner/commands.js';
import type { Me, PractitionerDesk } from '../../practitioner/desk.js';
import { shortRef } from '../../practitioner/record-ref.js';
import type { Roster } from '../../practitioner/roster.js';
import type { PractitionerReply, PractitionerViews } from '../../practitioner/views.js';
import { StoredReference } from '../../notify/reference.js';
import { ConflictError, type KeyedStore, type Store } from '../../records/store.js';
import type { EngineSetup } from '../../conversation/setup.js';
import { readMessage, type TurnInterceptor, type TurnsFirst } from '../outcomes-bot.js';
import type { PersonConversations } from '../person-turn.js';
import type { ReviewConversations } from '../review-turn.js';
import { replyActivities } from './activities.js';
import { AFTER_COMMIT, DIALOG, HOLDS_A_PERSON, ME, STEP_KEY, afterCommit, heldKey, practitionerDialogs, reviewKey } from './dialogs.js';
import { identifyPractitioner, rememberPrincipalNames, teamsPrincipalName, type GateOptions } from './gate.js';
import { KeyedQueue } from '../../keyed-queue.js';
import { retry } from '../../retry.js';
import { onConflict } from '../on-conflict.js';
import { KeyedStoreStorage } from './storage.js';

export interface TeamsPractitionersDeps {
  roster: Roster;
  desk: PractitionerDesk;
  views: PractitionerViews;
  people: PersonConversations;
  reviews: ReviewConversations;
  setup: EngineSetup;
  store: Store;
  references: KeyedStore<StoredReference>;
  dialogState: KeyedStore<Record<string, unknown>>;
  /** Development only (DEV_UNSIGNED_TEAMS): unsigned msteams requests count as Teams. */
  unsignedTeams: boolean;
  tenantId?: string;
  log: Logger;
  maxTextLength: number;
  principalName?: GateOptions['principalName'];
}

type Input =
  | { kind: 'command'; command: Command }
  | { kind: 'reply'; text: string }
  | { kind: 'text'; text: string; stepKey?: string }
  | { kind: 'invalid'; reason: string };

/** Commands that begin a dialog: they run before the save, the rest (which change records) after it. */
function beginsDialog(command: Command): boolean {
  return (
    command.name === 'action' ||
    command.name === 'start' ||
    command.name === 'review' ||
    command.name === 'carryOn' ||
    (command.name === 'note' && !command.text)
  );
}

function isPersonal(context: TurnContext): boolean {
  return context.activity.conversation?.conversationType === 'personal';
}

export class TeamsPractitioners implements TurnsFirst {
  private state: ConversationState;
  private dialogs: DialogSet;
  private gate: GateOptions;
  /** What was last saved per practitioner, so an unchanged reference is not written on every turn. */
  private saved = new Map<string, string>();
  /** One turn at a time per chat in this process; across instances the dialog state's version check does. */
  private queue = new KeyedQueue();

  constructor(private d: TeamsPractitionersDeps) {
    this.state = new ConversationState(new KeyedStoreStorage(d.dialogState));
    this.dialogs = new DialogSet(this.state.createProperty<DialogState>('practitionerDialogs'));
    for (const dialog of practitionerDialogs(d)) this.dialogs.add(dialog);
    this.gate = {
      roster: d.roster,
      unsignedTeams: d.unsignedTeams,
      tenantId: d.tenantId,
      principalName: rememberPrincipalNames(d.principalName ?? teamsPrincipalName),
    };
  }

  /** Keeps a practitioner's reference when they install the app, and forgets it when they remove it. */
  async installationUpdate(context: TurnContext): Promise<void> {
    const me = await identifyPractitioner(context, this.gate);
    if (me && isPersonal(context)) {
      if (String(context.activity.action ?? '').startsWith('remove')) await this.forget(me);
      else await this.remember(context, me);
    }
  }

  readonly interceptor: TurnInterceptor = async (context) => {
    const type = context.activity.type;
    if (type !== 'message' && type !== 'conversationUpdate') return false;
    const me = await identifyPractitioner(context, this.gate);
    if (!me) return false;
    if (type === 'conversationUpdate') {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      if (botAdded && isPersonal(context)) {
        await this.remember(context, me);
        await this.send(context, this.d.views.welcome(me.practitioner.name));
      }
      return true;
    }
    // Records never go to a group chat or channel, where people who are not on the roster can read them.
    if (!isPersonal(context)) {
      await this.send(context, this.d.views.say(this.d.views.words.text.personalOnly));
      return true;
    }
    await this.remember(context, me);
    context.turnState.set(ME, me);
    await this.queue.run(context.activity.conversation.id, () => this.retrying(context, me));
    return true;
  };

  /** Runs the turn until its dialog state is saved on a version nobody else wrote (see the top of this file). */
  private async retrying(context: TurnContext, me: Me): Promise<void> {
    let held: Partial<Activity>[] | undefined;
    context.onSendActivities(async (_context, activities, next): Promise<ResourceResponse[]> => {
      if (!held) return next();
      held.push(...activities);
      return activities.map(() => ({ id: '' }));
    });
    const release = async (): Promise<void> => {
      const replies = held ?? [];
      held = undefined;
      context.turnState.delete(AFTER_COMMIT);
      if (replies.length) await context.sendActivities(replies);
    };
    const attempt = async (): Promise<void> => {
      held = [];
      const tasks: (() => Promise<void>)[] = [];
      context.turnState.set(AFTER_COMMIT, tasks);
      try {
        // Read afresh each time: a run again starts from what the turn that won saved.
        await this.state.load(context, true);
        await this.message(context, me);
        await this.state.saveChanges(context);
      } catch (error) {
        if (error instanceof ConflictError) {
          // The run that lost says nothing: its held replies go.
          held = undefined;
          context.turnState.delete(AFTER_COMMIT);
        } else await release();
        throw error;
      }
      await release();
      for (const task of tasks) await task();
    };
    await retry(
      attempt,
      onConflict(this.d.log, 'practitioner.conflict', () => this.send(context, this.d.views.say(this.d.views.words.text.crossed))),
    );
  }

  private async send(context: TurnContext, ...replies: PractitionerReply[]): Promise<void> {
    await context.sendActivities(replies.flatMap(replyActivities));
  }

  private read(context: TurnContext): Input {
    const { text } = context.activity;
    const value: unknown = context.activity.value;
    if (value !== undefined && value !== null) {
      if (isPractitionerSubmission(value)) {
        const read = readSubmission(value);
        if (read.kind === 'invalid') this.d.log.info('practitioner.bad-submission');
        return read;
      }
      // A button on a card of the person's conversation (held with them).
      const person = readMessage(text, value);
      return person.text === undefined
        ? { kind: 'invalid', reason: 'the card submission is not valid' }
        : { kind: 'text', text: person.text, stepKey: person.stepKey };
    }
    return { kind: 'text', text: typeof text === 'string' ? text.slice(0, 20000) : '' };
  }

  private async message(context: TurnContext, me: Me): Promise<void> {
    const t = this.d.views.words.text;
    const input = this.read(context);
    if (input.kind === 'invalid') return this.send(context, this.d.views.say(t.badSubmission, { reason: input.reason }));
    const dc = await this.dialogs.createContext(context);
    const active = dc.activeDialog?.id;

    if (active) {
      const typed = input.kind === 'text' ? parseTypedCommand(this.d.views.words.commands, input.text) : undefined;
      const control = input.kind === 'command' ? input.command : typed && (typed.name === 'cancel' || typed.name === 'setAside') ? typed : undefined;
      if (control) {
        await dc.cancelAllDialogs();
        // Leaving a conversation or review keeps it (set aside); leaving a half-entered note or action drops it.
        const leaving = HOLDS_A_PERSON.has(active) ? t.setAsideDone : t.cancelled;
        await this.send(context, this.d.views.say(leaving));
        if (control.name !== 'cancel' && control.name !== 'setAside') {
          if (beginsDialog(control)) await this.run(dc, me, control);
          else await afterCommit(context, () => this.run(dc, me, control));
        }
        return;
      }
      const answer = input.kind === 'command' ? '' : input.text;
      context.activity.text = answer;
      if (input.kind === 'text') context.turnState.set(STEP_KEY, input.stepKey);
      await dc.continueDialog();
      return;
    }

    if (input.kind === 'command') return this.run(dc, me, input.command);
    if (input.kind === 'reply')
      return this.send(context, this.d.views.say(t.notUnderstood, {}, [{ title: this.d.views.words.buttons.help, data: { pr: 'help' } }]));
    const command = parseTypedCommand(this.d.views.words.commands, input.text);
    if (!command) return this.send(context, this.d.views.say(t.notUnderstood, {}, [{ title: this.d.views.words.buttons.help, data: { pr: 'help' } }]));
    return this.run(dc, me, command);
  }

  /** True (after saying so) when a conversation or review with a person is set aside and not finished. */
  private async somethingSetAside(dc: { context: TurnContext }): Promise<boolean> {
    const held = await this.d.store.conversations.get(heldKey(dc.context));
    const review = await this.d.reviews.active(reviewKey(dc.context));
    if (!review && !(held && held.step.kind !== 'done' && held.step.kind !== 'ended')) return false;
    await this.send(
      dc.context,
      this.d.views.say(this.d.views.words.text.setAsideExists, {}, [{ title: this.d.views.words.buttons.carryOn, data: { pr: 'carryOn' } }]),
    );
    return true;
  }

  private async run(dc: Awaited<ReturnType<DialogSet['createContext']>>, me: Me, command: Command): Promise<void> {
    const { desk, views } = this.d;
    const t = views.words.text;
    const context = dc.context;
    switch (command.name) {
      case 'help':
        return this.send(context, views.help());
      case 'queue':
        return this.send(context, await desk.queue(me));
      case 'open':
        return this.send(context, await desk.open(me, command.ref));
      case 'claim':
        return this.send(context, await desk.claim(me, command.ref));
      case 'close':
        return this.send(context, await desk.close(me, command.ref));
      case 'export':
        return this.send(context, await desk.exportCopy(me, command.ref));
      case 'figures':
        return this.send(context, await desk.figures(me, command.dates));
      case 'done':
        return this.send(context, await desk.markDone(me, command.ref, command.n));
      case 'note': {
        if (command.text) return this.send(context, await desk.note(me, command.ref, command.text));
        const found = await desk.find(command.ref);
        if (!found.ok) return this.send(context, found.reply);
        await dc.beginDialog(DIALOG.note, { ref: shortRef(found.record.id) });
        return;
      }
      case 'action': {
        const found = await desk.find(command.ref);
        if (!found.ok) return this.send(context, found.reply);
        await dc.beginDialog(DIALOG.action, { ref: shortRef(found.record.id) });
        return;
      }
      case 'view':
        if (command.ratings === undefined) return this.send(context, await desk.viewForm(me, command.ref));
        return this.send(context, await desk.setView(me, command.ref, command.ratings));
      case 'start': {
        if (await this.somethingSetAside(dc)) return;
        const scripts = this.d.setup.scripts;
        if (!command.script) return this.send(context, views.scriptChooser(scripts));
        const script = scripts.find((s) => s.id === command.script || s.title.toLowerCase() === command.script);
        if (!script) return this.send(context, views.say(t.unknownScript, { name: command.script, options: scripts.map((s) => s.id).join(', ') }));
        await dc.beginDialog(DIALOG.held, { scriptId: script.id });
        return;
      }
      case 'review': {
        if (await this.somethingSetAside(dc)) return;
        const target = await desk.reviewTargetFor(command.ref);
        if (!target.ok) return this.send(context, target.reply);
        await dc.beginDialog(DIALOG.review, { recordId: target.record.id });
        return;
      }
      case 'carryOn': {
        if (await this.d.reviews.active(reviewKey(context))) {
          await dc.beginDialog(DIALOG.review, { resume: true });
          return;
        }
        const held = await this.d.store.conversations.get(heldKey(context));
        if (held && held.step.kind !== 'done' && held.step.kind !== 'ended') {
          await dc.beginDialog(DIALOG.held, { resume: true });
          return;
        }
        return this.send(context, views.say(t.nothingToCarryOn));
      }
      case 'cancel':
      case 'setAside':
        return this.send(context, views.say(t.nothingToCancel));
    }
  }

  /** Keeps where to reach this practitioner (their one-to-one chat), for notifications. */
  private async remember(context: TurnContext, me: Me): Promise<void> {
    const a = context.activity;
    const tenantId = a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    const parsed = StoredReference.safeParse({
      key: me.key,
      channelId: 'msteams',
      serviceUrl: a.serviceUrl,
      conversation: { id: a.conversation?.id, tenantId, conversationType: a.conversation?.conversationType },
      bot: { id: a.recipient?.id },
      user: { id: a.from?.id, aadObjectId: a.from?.aadObjectId },
      savedAt: new Date().toISOString(),
    });
    if (!parsed.success) {
      this.d.log.warn('practitioner.reference-unusable');
      return;
    }
    const ref = parsed.data;
    const fingerprint = [ref.serviceUrl, ref.conversation.id, ref.bot.id, ref.user.id].join('|');
    if (this.saved.get(me.key) === fingerprint) return;
    await this.d.references.put(me.key, ref);
    this.saved.set(me.key, fingerprint);
    this.d.log.info('practitioner.reference-saved');
  }

  private async forget(me: Me): Promise<void> {
    await this.d.references.delete(me.key);
    this.saved.delete(me.key);
    this.d.log.info('practitioner.reference-removed');
  }
}
