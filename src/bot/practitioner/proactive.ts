// Sends a notification into a practitioner's stored Teams chat. With no app id (local mode) the
// CloudAdapter's connector client posts without a token to whatever serviceUrl the reference holds
// (checked against a loopback server in the tests); with an app id it gets a token as usual.
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { ProactiveSender } from '../../notify/notifier.js';
import type { StoredReference } from '../../notify/reference.js';
import type { PractitionerReply } from '../../practitioner/views.js';
import { replyActivities } from './activities.js';

export class TeamsProactiveSender implements ProactiveSender {
  constructor(
    private adapter: CloudAdapter,
    private appId: string,
  ) {}

  async send(reference: StoredReference, reply: PractitionerReply): Promise<void> {
    const ref: Partial<ConversationReference> = {
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: {
        id: reference.conversation.id,
        tenantId: reference.conversation.tenantId,
        conversationType: reference.conversation.conversationType ?? 'personal',
        isGroup: false,
        name: '',
      },
      bot: { id: reference.bot.id, name: '' },
      user: { id: reference.user.id, name: '', aadObjectId: reference.user.aadObjectId },
    };
    // An error inside the turn would go to the adapter's onTurnError (which apologises into the same chat
    // and swallows it); keep it here instead, so the notifier sees the status and can retry or forget.
    let failure: Error | undefined;
    await this.adapter.continueConversationAsync(this.appId, ref, async (context) => {
      try {
        await context.sendActivities(replyActivities(reply));
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    });
    if (failure) throw failure;
  }
}
