// A practitioner reply as a Bot Framework activity. Teams shows an activity's text and its card one
// above the other, so the words go once, in the card; the same words as plain text are the card's
// fallbackText (for clients that cannot draw it) and a one-line summary is what notifications show.
// A safety flag also gets the marks Teams uses to raise it (high importance, an alert in the feed).
import { ActivityImportance, ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { PractitionerReply } from '../../practitioner/views.js';

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export function replyActivity(reply: PractitionerReply): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    summary: firstLine(reply.text),
    attachments: [CardFactory.adaptiveCard(reply.card)],
  };
  if (reply.urgent) {
    activity.importance = ActivityImportance.High;
    activity.channelData = { notification: { alert: true } };
  }
  return activity;
}

/** The person's conversation held in Teams: the same, for prompts rendered with text and a card. */
export function cardOnly(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.attachments?.length || !activity.text) return activity;
  const { text, textFormat: _format, ...rest } = activity;
  return { ...rest, summary: firstLine(text) };
}
