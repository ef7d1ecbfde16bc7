// OutcomeRecord: one completed conversation, the person's words beside every rating.
import { z } from 'zod';
import { personalText } from '../conversation/personal-text.js';

export const RECORD_SCHEMA_VERSION = 1;

export const OutcomeAnswer = z.object({
  id: z.string(),
  label: z.string(),
  group: z.string(),
  groupTitle: z.string(),
  /** answered: a rating on the scale; declined: "I'd rather not say"; not-applicable; skipped: moved on without answering. */
  status: z.enum(['answered', 'declined', 'not-applicable', 'skipped']),
  rating: z.object({ value: z.number().int(), label: z.string(), scale: z.string(), max: z.number().int() }).optional(),
  ownWords: personalText('ownWords').optional(),
  whatWouldHelp: personalText('whatWouldHelp').optional(),
  priority: z.boolean().default(false),
  /** Set when a practitioner answered with the person and saw it differently. */
  practitionerRating: z.object({ value: z.number().int(), label: z.string() }).optional(),
  /** Review mode: was the earlier outcome met? */
  review: z
    .object({ met: z.enum(['fully', 'partly', 'not']).optional(), why: personalText('review.why').optional(), next: personalText('review.next').optional() })
    .optional(),
});
export type OutcomeAnswer = z.infer<typeof OutcomeAnswer>;

const FollowUpAction = z.object({
  id: z.string(),
  what: personalText('action'),
  who: z.string(),
  byWhen: z.string().optional(),
  done: z.boolean().default(false),
  createdAt: z.string(),
});

const FollowUp = z.object({
  status: z.enum(['new', 'claimed', 'in-progress', 'done']).default('new'),
  assignee: z.string().optional(),
  actions: z.array(FollowUpAction).default([]),
  notes: z.array(z.object({ by: z.string(), at: z.string(), text: personalText('note') })).default([]),
});
type FollowUp = z.infer<typeof FollowUp>;

export const OutcomeRecord = z.object({
  id: z.string(),
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  script: z.object({ id: z.string(), version: z.number().int(), locale: z.string() }),
  mode: z.enum(['self', 'with-practitioner', 'review']),
  answeredBy: z.enum(['person', 'carer', 'practitioner-on-behalf', 'family-or-friend']),
  /** Filled in by family or a friend: their relationship to the person (an id from dialogs/replies, never a name). */
  answeredFor: z.object({ relationship: z.string().max(40) }).optional(),
  channel: z.string(),
  /** Pseudonymous subject reference: the hash of the person's reference code, never the code itself. */
  subjectRef: z.string(),
  consent: z.object({ agreed: z.literal(true), at: z.string(), noticeVersion: z.string() }),
  createdAt: z.string(),
  confirmedAt: z.string(),
  whatMatters: personalText('whatMatters').optional(),
  outcomes: z.array(OutcomeAnswer),
  sharing: z.enum(['private', 'shared']),
  contact: z.object({ method: z.enum(['none', 'phone', 'email']), detail: personalText('contact.detail').optional() }).default({ method: 'none' }),
  /** passedOn: the organisation is to look at it although it was kept private (its policy at the time, or it was shared). */
  safeguardingFlag: z
    .object({ flagged: z.boolean(), categories: z.array(z.string()).default([]), at: z.string().optional(), passedOn: z.boolean().optional() })
    .default({ flagged: false, categories: [] }),
  followUp: FollowUp.default({ status: 'new', actions: [], notes: [] }),
  previousRecordId: z.string().optional(),
  practitioner: z.string().optional(),
});
export type OutcomeRecord = z.infer<typeof OutcomeRecord>;
