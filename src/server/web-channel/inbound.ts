// What a browser may post to a web chat conversation, checked with zod, and the activity the bot sees instead of it.
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { formatZodIssue } from '../../conversation/zod-message.js';
import { WEB_CHANNEL_ID } from './adapter.js';

/** Anything else a client sends (from, recipient, attachments, entities...) is ignored, never passed on. */
export const PostedActivity = z.object({
  type: z.enum(['message', 'typing']),
  text: z.string().max(20000).optional(),
  value: z.unknown().optional(),
  locale: z.string().max(20).optional(),
  attachments: z.array(z.unknown()).max(0, 'files cannot be sent in this chat').optional(),
  channelData: z
    .object({
      clientActivityID: z.string().max(100).optional(),
      clientTimestamp: z.string().max(40).optional(),
      postBack: z.boolean().optional(),
    })
    .optional(),
});
export type PostedActivity = z.infer<typeof PostedActivity>;

export function parsePosted(body: unknown): { ok: true; activity: PostedActivity } | { ok: false; problem: string } {
  const parsed = PostedActivity.safeParse(body);
  if (parsed.success) return { ok: true, activity: parsed.data };
  return { ok: false, problem: formatZodIssue('activity', parsed.error).replace(/^activity: /, '') };
}

/** The activity the bot and the transcript see: ids, sender and channel come from the token, never from the client. */
export function toBotActivity(
  posted: PostedActivity,
  ids: { conversationId: string; userId: string; bot: { id: string; name: string } },
  timestamp: string,
): Partial<Activity> {
  const channelData = posted.channelData ? Object.fromEntries(Object.entries(posted.channelData).filter(([, v]) => v !== undefined)) : undefined;
  return {
    type: posted.type,
    channelId: WEB_CHANNEL_ID,
    serviceUrl: 'urn:outcomes-bot:web-channel',
    conversation: { id: ids.conversationId } as Activity['conversation'],
    from: { id: ids.userId, role: 'user' } as Activity['from'],
    recipient: { id: ids.bot.id, name: ids.bot.name, role: 'bot' },
    ...(posted.text !== undefined ? { text: posted.text, textFormat: 'plain' } : {}),
    ...(posted.value !== undefined ? { value: posted.value } : {}),
    ...(posted.locale ? { locale: posted.locale } : {}),
    ...(channelData ? { channelData } : {}),
    timestamp: timestamp as unknown as Date,
  };
}

/** The conversationUpdate that makes the bot greet a new conversation without the person typing first. */
export function joinActivity(ids: { conversationId: string; userId: string; bot: { id: string; name: string } }, timestamp: string): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    channelId: WEB_CHANNEL_ID,
    serviceUrl: 'urn:outcomes-bot:web-channel',
    conversation: { id: ids.conversationId } as Activity['conversation'],
    from: { id: ids.userId, role: 'user' } as Activity['from'],
    recipient: { id: ids.bot.id, name: ids.bot.name, role: 'bot' },
    membersAdded: [{ id: ids.userId, role: 'user' } as Activity['from']],
    timestamp: timestamp as unknown as Date,
  };
}
