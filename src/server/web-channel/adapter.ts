// Runs bot turns in process for the built-in web channel: the bot's replies are appended to the conversation's transcript.
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { Logger } from '../../logger.js';
import type { Transcripts } from './transcripts.js';

export const WEB_CHANNEL_ID = 'webchat';

export interface BotIdentity {
  id: string;
  name: string;
}

export class WebChannelAdapter extends BotAdapter {
  private lastTimestamp = 0;

  constructor(
    private transcripts: Transcripts,
    readonly botIdentity: BotIdentity,
    log: Logger,
    apologise: () => string,
  ) {
    super();
    this.onTurnError = async (context, error) => {
      // The error's name only: its message could echo what the person typed.
      log.error('turn.failed', { error: error instanceof Error ? error.name : 'unknown', channel: WEB_CHANNEL_ID });
      try {
        await context.sendActivity(apologise());
      } catch {
        // The transcript may be gone; nothing more to do.
      }
    };
  }

  /** Strictly increasing timestamps, so Web Chat keeps replies in the order they were sent. */
  timestamp(): string {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return new Date(this.lastTimestamp).toISOString();
  }

  /** Runs one turn for an activity that has already been checked and stamped by the channel. */
  run(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const inbound = context.activity;
    const conversationId = inbound.conversation?.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, Math.min(Number(activity.value) || 0, 5000)));
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.InvokeResponse || !conversationId) {
        responses.push({ id: '' });
      } else {
        const id = this.transcripts.append(conversationId, {
          ...activity,
          channelId: WEB_CHANNEL_ID,
          conversation: { id: conversationId } as Activity['conversation'],
          from: { id: this.botIdentity.id, name: this.botIdentity.name, role: 'bot' },
          recipient: inbound.from,
          replyToId: inbound.id,
          timestamp: this.timestamp() as unknown as Date,
        });
        responses.push({ id });
      }
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('the web channel cannot change a message already sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('the web channel cannot delete a message already sent');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
