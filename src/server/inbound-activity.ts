// The shape every activity posted to /api/messages must have before the bot sees it.
import { z } from 'zod';
import { formatZodIssue } from '../conversation/zod-message.js';

const InboundActivity = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.string().url().max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }),
  from: z.looseObject({ id: z.string().min(1).max(512) }).optional(),
  text: z.string().max(20000).optional(),
});

/** A reason a client can act on, e.g. `conversation.id: missing (expected string)`, or undefined when it is fine. */
export function inboundActivityProblem(body: unknown): string | undefined {
  const parsed = InboundActivity.safeParse(body);
  if (parsed.success) return undefined;
  // formatZodIssue gives `activity: path: what is wrong`; the client only needs `path: what is wrong`.
  return formatZodIssue('activity', parsed.error).replace(/^activity: /, '');
}
