// What the pure engine needs to know about the deploying organisation (a slice of config/organisation.yaml).
import { z } from 'zod';

export const SafetyContact = z.object({
  /** Names the contact in safetyContacts.forKinds ("emergency", "samaritans"); well-known numbers need none. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, numbers and dashes')
    .optional(),
  name: z.string().min(1),
  phone: z.string().min(1),
  /** When to use it, in plain words ("If you are in danger now"). */
  when: z.string().min(1),
  note: z.string().optional(),
});
export type SafetyContact = z.infer<typeof SafetyContact>;

export const OrganisationView = z.object({
  name: z.string().min(1),
  botName: z.string().min(1),
  privacyNoticeUrl: z.string().url(),
  privacyNoticeVersion: z.string().min(1),
  safetyContacts: z.array(SafetyContact).min(1),
  /** Kind of risk -> contact ids to show for it, in order (unset: the defaults in safety-contacts.ts). */
  safetyContactsForKinds: z.record(z.string(), z.array(z.string())).optional(),
  maxTextLength: z.number().int().positive(),
  retentionDays: z.number().int().positive(),
  /** Working days within which someone reads a shared record (said to the person). */
  followUpDays: z.number().int().positive(),
  /** The organisation's own privacy notice sentences (the script's default is used when unset). */
  privacyNoticeText: z.string().min(1).optional(),
  /** Whether a flagged conversation the person did not share is still passed on for urgent review (default true). */
  safeguardingPassOn: z.boolean().optional(),
  /** The organisation's own words for what happens after a flag (the script's default is used when unset). */
  safeguardingTellPerson: z.string().min(1).optional(),
  /**
   * focus (default): a quick pass over every area, then deeper questions only where it matters to the person.
   * every-area: each area in turn, with its own rating, words and what would help.
   */
  conversationDepth: z.enum(['focus', 'every-area']).optional(),
});
export type OrganisationView = z.infer<typeof OrganisationView>;
