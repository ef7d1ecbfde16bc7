// In-progress conversation state: small, serialisable, kept apart from completed records.
import { z } from 'zod';

export const Step = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choose-script') }),
  z.object({ kind: z.literal('consent') }),
  z.object({ kind: z.literal('what-matters') }),
  z.object({ kind: z.literal('rating'), outcome: z.number().int().min(0) }),
  z.object({ kind: z.literal('own-words'), outcome: z.number().int().min(0) }),
  z.object({ kind: z.literal('what-would-help'), outcome: z.number().int().min(0) }),
  z.object({ kind: z.literal('priorities') }),
  z.object({ kind: z.literal('summary') }),
  z.object({ kind: z.literal('change') }),
  z.object({ kind: z.literal('sharing') }),
  z.object({ kind: z.literal('contact') }),
  z.object({ kind: z.literal('contact-details'), method: z.enum(['phone', 'email']) }),
  z.object({ kind: z.literal('done') }),
  z.object({ kind: z.literal('ended') }),
]);
export type Step = z.infer<typeof Step>;

export const AnswerState = z.object({
  status: z.enum(['answered', 'declined', 'not-applicable', 'skipped']),
  value: z.number().int().optional(),
  ownWords: z.string().optional(),
  whatWouldHelp: z.string().optional(),
});
export type AnswerState = z.infer<typeof AnswerState>;

export const ConversationState = z.object({
  v: z.literal(1),
  scriptId: z.string().optional(),
  step: Step,
  /** Steps already answered, newest last, so "back" can return to them. Bounded by the script's length. */
  history: z.array(Step).default([]),
  /** After changing an answer from the summary, go back to the summary instead of on. */
  returnToSummary: z.boolean().default(false),
  consent: z.object({ at: z.string(), noticeVersion: z.string() }).optional(),
  whatMatters: z.string().optional(),
  answers: z.record(z.string(), AnswerState).default({}),
  priorities: z.array(z.string()).default([]),
  sharing: z.enum(['private', 'shared']).optional(),
  contact: z.object({ method: z.enum(['none', 'phone', 'email']), detail: z.string().optional() }).optional(),
  safeguarding: z.object({ categories: z.array(z.string()), at: z.string() }).optional(),
  /** Reference code, given on pause or at the end; stays the same for this conversation. */
  code: z.string().optional(),
  mode: z.enum(['self', 'with-practitioner', 'review']).default('self'),
  answeredBy: z.enum(['person', 'carer', 'practitioner-on-behalf']).optional(),
  channel: z.string().default('unknown'),
  startedAt: z.string(),
  recordId: z.string().optional(),
  /** When the state was last saved; retention counts from here (older states: from startedAt). */
  updatedAt: z.string().optional(),
  /** A request waiting for the person to say yes: erase everything kept under this code. */
  pending: z.object({ kind: z.literal('forget'), code: z.string() }).optional(),
});
export type ConversationState = z.infer<typeof ConversationState>;
