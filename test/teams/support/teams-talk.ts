// Talks to the real bot as a Teams user through Bot Framework's TestAdapter (channelId msteams, a
// personal chat), reading like a transcript. Text checks look at the activity text and the card's words.
import { expect } from '@jest/globals';
import { TestAdapter, type Activity, type ActivityHandler } from 'botbuilder';
import { findButton } from '../../support/bot-talk.js';

export const MORAG = '11111111-aaaa-4000-8000-000000000001';
export const IAIN = '11111111-aaaa-4000-8000-000000000002';
export const RAVI = '11111111-aaaa-4000-8000-000000000004';
export const STRANGER = '99999999-bbbb-4000-8000-000000000009';

export interface TeamsUserOptions {
  aadObjectId?: string;
  channelId?: string;
  conversationType?: string;
  conversationId?: string;
  serviceUrl?: string;
}

/** The plain words of a reply: its text, or its card's words when the words are only in the card. */
export function plainText(activity: Partial<Activity>): string {
  return activity.text ?? cardWords(activity);
}

/** The words a card shows, one line per block as Teams draws it: a rich text's runs together, a fact as "title: value". */
function cardWords(activity: Partial<Activity>): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Record<string, unknown>;
    if (el.type === 'RichTextBlock' && Array.isArray(el.inlines)) {
      out.push((el.inlines as { text?: string }[]).map((i) => i.text ?? '').join(''));
      return;
    }
    if (el.type === 'FactSet' && Array.isArray(el.facts)) {
      (el.facts as { title: string; value: string }[]).forEach((f) => out.push(`${f.title}: ${f.value}`));
      return;
    }
    for (const key of ['text', 'title', 'label', 'placeholder']) if (typeof el[key] === 'string') out.push(el[key]);
    for (const [key, value] of Object.entries(el)) if (key !== 'data' && typeof value === 'object') walk(value);
  };
  (activity.attachments ?? []).forEach((a) => walk(a.content));
  return out.join('\n');
}

export class TeamsTalk {
  readonly adapter: TestAdapter;
  last: Partial<Activity>[] = [];
  private steps: (() => Promise<void>)[] = [];

  constructor(bot: ActivityHandler, options: TeamsUserOptions = {}) {
    const conversationId = options.conversationId ?? `a:teams-${Math.random().toString(36).slice(2)}`;
    // Every activity the "user" sends carries these, as a Teams personal chat would.
    const template: Partial<Activity> = {
      channelId: options.channelId ?? 'msteams',
      serviceUrl: options.serviceUrl ?? 'https://smba.example.invalid/emea/',
      from: { id: `29:user-${options.aadObjectId ?? 'x'}`, name: 'Test user', aadObjectId: options.aadObjectId },
      recipient: { id: '28:bot-test', name: 'Talking Points helper' },
      conversation: { id: conversationId, conversationType: options.conversationType ?? 'personal', tenantId: 'tenant-test', isGroup: false, name: '' },
    };
    this.adapter = new TestAdapter(async (context) => bot.run(context), template);
  }

  private queue(step: () => Promise<void>): this {
    this.steps.push(step);
    return this;
  }

  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    while (this.adapter.activeQueue.length) this.adapter.getNextReply();
    await this.adapter.processActivity(activity);
    this.last = [];
    while (this.adapter.activeQueue.length) this.last.push(this.adapter.getNextReply());
    return this.last;
  }

  installs(): this {
    return this.queue(async () => {
      await this.send({ type: 'conversationUpdate', membersAdded: [{ id: '28:bot-test', name: 'bot' }] });
    });
  }

  says(text: string): this {
    return this.queue(async () => {
      await this.send({ type: 'message', text });
    });
  }

  /** Presses a card button by its title; `inputs` are what the card's inputs would add. */
  presses(title: string, inputs: Record<string, string> = {}): this {
    return this.queue(async () => {
      const data = findButton(this.last, title);
      expect(data).toBeDefined();
      await this.send({ type: 'message', value: { ...(data as object), ...inputs } });
    });
  }

  submits(value: unknown): this {
    return this.queue(async () => {
      await this.send({ type: 'message', value });
    });
  }

  /** The text and card words of the last replies. */
  shown(): string {
    return this.last.map((a) => `${plainText(a)}\n${cardWords(a)}`).join('\n');
  }

  sees(pattern: RegExp): this {
    return this.queue(async () => {
      expect(this.shown()).toMatch(pattern);
    });
  }

  doesNotSee(pattern: RegExp): this {
    return this.queue(async () => {
      expect(this.shown()).not.toMatch(pattern);
    });
  }

  check(fn: (replies: Partial<Activity>[]) => void | Promise<void>): this {
    return this.queue(async () => fn(this.last));
  }

  then<R1 = Partial<Activity>[], R2 = never>(
    onFulfilled?: ((value: Partial<Activity>[]) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    const run = async () => {
      const steps = this.steps;
      this.steps = [];
      for (const step of steps) await step();
      return this.last;
    };
    return run().then(onFulfilled, onRejected);
  }
}

export function teams(bot: ActivityHandler, options?: TeamsUserOptions): TeamsTalk {
  return new TeamsTalk(bot, options);
}
