// A practitioner reply as Bot Framework activities. Teams shows an activity's text and its card one
// above the other, so the words go once, in the card; its fallbackText and the activity's summary
// (what notifications show) are one line. A card too big for one Teams message (a long record) is sent
// in parts (src/cards/split-card.ts), the buttons on the last.
// A safety flag also gets the marks Teams uses to raise it (high importance, an alert in the feed), once.
import { ActivityImportance, ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import { firstLine, jsonBytes, MESSAGE_BUDGET } from '../../cards/fit.js';
import { cardLabels } from '../../cards/labels.js';
import { splitCard } from '../../cards/split-card.js';
import type { PractitionerReply } from '../../practitioner/views.js';

function activityOf(card: Record<string, unknown>, line: string): Partial<Activity> {
  return { type: ActivityTypes.Message, summary: line, attachments: [CardFactory.adaptiveCard({ ...card, fallbackText: line })] };
}

export function replyActivities(reply: PractitionerReply): Partial<Activity>[] {
  const line = firstLine(reply.text);
  const cards = splitCard(reply.card, (card) => jsonBytes(activityOf(card, line)) <= MESSAGE_BUDGET, cardLabels().part);
  return cards.map((card, i) => {
    const activity = activityOf(card, line);
    if (reply.urgent && i === 0) {
      activity.importance = ActivityImportance.High;
      activity.channelData = { notification: { alert: true } };
    }
    return activity;
  });
}

/** A short reply (a question, a one-line answer) as the one activity a prompt needs. */
export function replyActivity(reply: PractitionerReply): Partial<Activity> {
  return replyActivities(reply)[0];
}
