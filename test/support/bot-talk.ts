// Talks to the real bot through Bot Framework's TestAdapter, reading like a transcript:
//   await talk(bot).joins().botSays(/what matters/i).user('Sleep').botSays(/Step 1/)
import { expect } from '@jest/globals';
import { TestAdapter, type Activity, type ActivityHandler } from 'botbuilder';

export interface Said {
  text: string;
  activities: Partial<Activity>[];
}

export class BotTalk implements PromiseLike<Said> {
  private steps: (() => Promise<void>)[] = [];
  private last: Partial<Activity>[] = [];
  readonly adapter: TestAdapter;
  readonly conversationId: string;

  constructor(
    private bot: ActivityHandler,
    options: { channelId?: string; conversationId?: string; from?: { id: string; name?: string; aadObjectId?: string } } = {},
  ) {
    this.adapter = new TestAdapter(async (context) => bot.run(context));
    const ref = this.adapter.conversation;
    ref.channelId = options.channelId ?? 'test';
    this.conversationId = options.conversationId ?? `conv-${Math.random().toString(36).slice(2)}`;
    ref.conversation = { ...ref.conversation, id: this.conversationId };
    if (options.from) ref.user = { ...ref.user, ...options.from } as never;
  }

  private queue(step: () => Promise<void>): this {
    this.steps.push(step);
    return this;
  }

  private async send(activity: Partial<Activity>): Promise<void> {
    while (this.adapter.activeQueue.length) this.adapter.getNextReply();
    await this.adapter.processActivity(activity);
    this.last = [];
    while (this.adapter.activeQueue.length) this.last.push(this.adapter.getNextReply());
  }

  /** The person opens the chat: the bot should greet without being spoken to. */
  joins(): this {
    return this.queue(() => this.send({ type: 'conversationUpdate', membersAdded: [{ id: this.adapter.conversation.user?.id ?? 'person', name: 'Person' }] }));
  }

  user(text: string): this {
    return this.queue(() => this.send({ type: 'message', text }));
  }

  /** Presses a card button: the submission carries the button's data. */
  presses(label: string): this {
    return this.queue(async () => {
      const data = findButton(this.last, label);
      expect(data).toBeDefined();
      await this.send({ type: 'message', value: data });
    });
  }

  /** Sends a raw card submission value. */
  submits(value: unknown): this {
    return this.queue(() => this.send({ type: 'message', value }));
  }

  botSays(pattern: RegExp): this {
    return this.queue(async () => {
      expect(this.last.map((a) => a.text ?? '').join('\n')).toMatch(pattern);
    });
  }

  botDoesNotSay(pattern: RegExp): this {
    return this.queue(async () => {
      expect(this.last.map((a) => a.text ?? '').join('\n')).not.toMatch(pattern);
    });
  }

  check(fn: (said: Said) => void | Promise<void>): this {
    return this.queue(async () => fn(this.said()));
  }

  private said(): Said {
    return { text: this.last.map((a) => a.text ?? '').join('\n'), activities: this.last };
  }

  then<R1 = Said, R2 = never>(
    onFulfilled?: ((value: Said) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    const run = async () => {
      const steps = this.steps;
      this.steps = [];
      for (const step of steps) await step();
      return this.said();
    };
    return run().then(onFulfilled, onRejected);
  }
}

export function talk(bot: ActivityHandler, options?: ConstructorParameters<typeof BotTalk>[1]): BotTalk {
  return new BotTalk(bot, options);
}

/** Finds an Action.Submit by its title in the cards of the last replies. */
export function findButton(activities: Partial<Activity>[], title: string): unknown {
  let found: unknown;
  const walk = (node: unknown) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const obj = node as Record<string, unknown>;
    if (obj.type === 'Action.Submit' && typeof obj.title === 'string' && obj.title.toLowerCase() === title.toLowerCase()) found = obj.data;
    Object.values(obj).forEach(walk);
  };
  activities.forEach((a) => (a.attachments ?? []).forEach((att) => walk(att.content)));
  return found;
}
