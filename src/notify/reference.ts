// Where to reach a practitioner proactively: the parts of a Teams conversation reference the bot needs,
// saved when they install the bot or message it. Names are left out: ids are enough to send.
import { z } from 'zod';

export const StoredReference = z.object({
  /** The practitioner's roster key. */
  key: z.string().min(1),
  channelId: z.literal('msteams'),
  serviceUrl: z.string().url(),
  conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional(), conversationType: z.string().optional() }),
  bot: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1), aadObjectId: z.string().optional() }),
  savedAt: z.string(),
});
export type StoredReference = z.infer<typeof StoredReference>;
