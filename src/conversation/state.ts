// In-progress conversation state: small, serialisable, kept apart from completed records.
import { z } from 'zod';
import { personalText } from './personal-text.js';

/**
 * After something that sounds like someone may not be safe, the next question waits here (steps/safety.ts):
 * check (are you safe now?), contact (may someone get in touch?), details, when (safe times), carry-on.
 * Reviews hold their next question in the same step (review.ts).
 */
export const SafetyStep = z.object({
  kind: z.literal('safety'),
  stage: z.enum(['check', 'contact', 'details', 'when', 'carry-on']),
  method: z.enum(['phone', 'email']).optional(),
});

/** A flag on a conversation: which kinds, when first, and whether, how and when someone may get in touch. */
export const SafeguardingFlag = z.object({
  categories: z.array(z.string()),
  at: z.string(),
  /** Whether, how and when someone may get in touch about it (personal: encrypted at rest). */
  contact: z
    .object({
      method: z.enum(['none', 'phone', 'email']),
      detail: personalText('safeguarding.contact.detail').optional(),
      when: personalText('safeguarding.contact.when').optional(),
    })
    .optional(),
});

export const Step = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choose-script') }),
  /** "I'm filling this in for someone": who for. */
  z.object({ kind: z.literal('for-whom') }),
  /** Which script fits the person it is filled in for. */
  z.object({ kind: z.literal('for-whom-script') }),
  z.object({ kind: z.literal('consent') }),
  z.object({ kind: z.literal('what-matters') }),
  /** A quick rating of every area in one group at once (the groups in script order). */
  z.object({ kind: z.literal('quick-pass'), group: z.number().int().min(0) }),
  z.object({ kind: z.literal('rating'), outcome: z.number().int().min(0) }),
  z.object({ kind: z.literal('own-words'), outcome: z.number().int().min(0) }),
  z.object({ kind: z.literal('what-would-help'), outcome: z.number().int().min(0) }),
  z.object({ kind: z.literal('priorities') }),
  z.object({ kind: z.literal('summary') }),
  z.object({ kind: z.literal('change') }),
  /** A description fitted several areas ("the services one"): which one, for changing or as a priority. */
  z.object({ kind: z.literal('which-area'), purpose: z.enum(['change', 'priorities']), ids: z.array(z.string()).min(1).max(20) }),
  z.object({ kind: z.literal('sharing') }),
  z.object({ kind: z.literal('contact') }),
  z.object({ kind: z.literal('contact-details'), method: z.enum(['phone', 'email']) }),
  SafetyStep,
  /** After "stop": keep it for later, delete it, or carry on. */
  z.object({ kind: z.literal('stop-choice') }),
  z.object({ kind: z.literal('done') }),
  z.object({ kind: z.literal('ended') }),
]);
export type Step = z.infer<typeof Step>;

export const AnswerState = z.object({
  status: z.enum(['answered', 'declined', 'not-applicable', 'skipped']),
  value: z.number().int().optional(),
  ownWords: personalText('ownWords').optional(),
  whatWouldHelp: personalText('whatWouldHelp').optional(),
  /** Said to be not fine in the quick pass, with no rating yet: asked about in the deeper questions. */
  needsRating: z.boolean().optional(),
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
  whatMatters: personalText('whatMatters').optional(),
  answers: z.record(z.string(), AnswerState).default({}),
  priorities: z.array(z.string()).default([]),
  /**
   * Areas of a later part of the quick pass already answered at an earlier part ("all ok except money"), each with
   * the part it was said at: left off their own part's card, so they are not asked as if nothing was said.
   */
  toldEarlier: z.record(z.string(), z.number().int().min(0)).optional(),
  /** The areas to go into in depth, in order: those named in "what matters", then those rated low. */
  focus: z.array(z.string()).optional(),
  /** Replies in a row not understood at this step: the second miss offers the numbered options plainly. */
  misses: z.number().int().min(0).optional(),
  /** The line listing back, skip, pause, help and stop has been shown (it is shown once, then in help). */
  hintShown: z.boolean().optional(),
  sharing: z.enum(['private', 'shared']).optional(),
  contact: z.object({ method: z.enum(['none', 'phone', 'email']), detail: personalText('contact.detail').optional() }).optional(),
  safeguarding: SafeguardingFlag.optional(),
  /** The gentle "are you safe right now?" question has been asked (once per conversation). */
  safetyChecked: z.boolean().optional(),
  /** Reference code, given on pause or at the end; stays the same for this conversation. */
  code: personalText('code').optional(),
  mode: z.enum(['self', 'with-practitioner', 'review']).default('self'),
  answeredBy: z.enum(['person', 'carer', 'practitioner-on-behalf', 'family-or-friend']).optional(),
  /** Filled in by family or a friend: who the answers are about (a relationship from the replies file, never a name). */
  answeredFor: z.object({ relationship: z.string().max(40), whom: z.string().max(60) }).optional(),
  channel: z.string().default('unknown'),
  startedAt: z.string(),
  recordId: z.string().optional(),
  /** When the state was last saved; retention counts from here (older states: from startedAt). */
  updatedAt: z.string().optional(),
  /** A request waiting for the person to say yes: erase everything kept under this code. */
  pending: z.object({ kind: z.literal('forget'), code: personalText('code') }).optional(),
});
export type ConversationState = z.infer<typeof ConversationState>;
