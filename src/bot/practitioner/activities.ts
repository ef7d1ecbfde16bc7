// A practitioner reply as a Bot Framework activity: the card, the same words as text, and for a safety
// flag the marks Teams uses to raise it (high importance, an alert in the activity feed).
import { ActivityImportance, ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { PractitionerReply } from '../../practitioner/views.js';

export function replyActivity(reply: PractitionerReply): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: reply.text,
    textFormat: 'plain',
    attachments: [CardFactory.adaptiveCard(reply.card)],
  };
  if (reply.urgent) {
    activity.importance = ActivityImportance.High;
    activity.channelData = { notification: { alert: true } };
  }
  return activity;
}
