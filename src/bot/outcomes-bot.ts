// The Bot Framework face of the product: greets new conversations and hands each message to the engine.
import { ActivityHandler, type TurnContext } from 'botbuilder';
import { submissionToText } from '../cards/submission.js';
import type { Logger } from '../logger.js';
import type { PersonConversations } from './person-turn.js';
import { promptActivities } from './send-prompts.js';
import { CLIENT_ADDRESS } from '../privacy/code-guesses.js';

/** Lets another handler (practitioner commands in Teams) take a message or members-added turn first; returns true when it did. */
export type TurnInterceptor = (context: TurnContext) => Promise<boolean>;

/** Another side of the product (practitioners in Teams) that sees each turn before the person's conversation. */
export interface TurnsFirst {
  interceptor: TurnInterceptor;
  /** The app was installed or removed. */
  installationUpdate(context: TurnContext): Promise<void>;
}

export class OutcomesBot extends ActivityHandler {
  private interceptors: TurnInterceptor[];

  constructor(
    private people: PersonConversations,
    private log: Logger,
    private maxTextLength?: number,
    first?: TurnsFirst,
  ) {
    super();
    this.interceptors = first ? [first.interceptor] : [];
    if (first) {
      this.onInstallationUpdate(async (context, next) => {
        await first.installationUpdate(context);
        await next();
      });
    }

    this.onMembersAdded(async (context, next) => {
      for (const intercept of this.interceptors) {
        if (await intercept(context)) return next();
      }
      const conversationId = context.activity.conversation?.id;
      if (conversationId) {
        const output = await this.people.greet(conversationId, { channel: context.activity.channelId });
        if (output.prompts.length)
          await context.sendActivities(promptActivities(output.prompts, output.stepKey, this.maxTextLength, context.activity.channelId));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      for (const intercept of this.interceptors) {
        if (await intercept(context)) return next();
      }
      const conversationId = context.activity.conversation?.id;
      if (!conversationId) return next();
      const { text, stepKey } = readMessage(context.activity.text, context.activity.value);
      if (text === undefined) this.log.info('message.malformed-submission', { channel: context.activity.channelId });
      const address = context.turnState.get<string | undefined>(CLIENT_ADDRESS);
      const output = await this.people.answer(conversationId, text ?? '', { channel: context.activity.channelId, stepKey, address });
      await context.sendActivities(promptActivities(output.prompts, output.stepKey, this.maxTextLength, context.activity.channelId));
      await next();
    });
  }
}

/** What the person said: typed text, or the words behind the card button they pressed. */
export function readMessage(text: unknown, value: unknown): { text: string | undefined; stepKey?: string } {
  if (value !== undefined && value !== null) {
    const stepKey = typeof value === 'object' && typeof (value as { at?: unknown }).at === 'string' ? (value as { at: string }).at.slice(0, 60) : undefined;
    const parsed = submissionToText(value);
    return parsed.ok ? { text: parsed.text, stepKey } : { text: undefined };
  }
  return { text: typeof text === 'string' ? text.slice(0, 20000) : undefined };
}
