// Which of the organisation's safety contacts fit the kinds of risk a message matched, in the order to show them.
// The organisation file maps each kind to contact ids (safetyContacts.forKinds); without that map, the defaults
// below. A contact without an id is known by its number when it is one of Scotland's well-known ones.
import type { OrganisationView, SafetyContact } from './organisation.js';

/** Kinds where a life may be at risk: emergency services come first. */
export const LIFE_AT_RISK = ['immediate-danger', 'harm-to-self', 'child-at-risk', 'domestic-abuse', 'harm-from-others'];

/** The defaults, from the published routes (docs: shared DOMAIN.md): emergency first where life is at risk. */
const DEFAULT_CONTACTS_FOR_KINDS: Record<string, string[]> = {
  'immediate-danger': ['emergency', 'nhs-24'],
  'harm-to-self': ['emergency', 'samaritans', 'nhs-24', 'breathing-space'],
  'harm-from-others': ['emergency', 'domestic-abuse', 'police'],
  'domestic-abuse': ['emergency', 'domestic-abuse', 'police'],
  'coercive-control': ['domestic-abuse', 'police', 'emergency'],
  'child-at-risk': ['emergency', 'childline', 'police'],
  'harm-by-carer': ['nhs-24', 'samaritans', 'breathing-space'],
  'carer-breakdown': ['samaritans', 'breathing-space', 'nhs-24'],
  'self-neglect': ['nhs-24', 'samaritans', 'breathing-space'],
  neglect: ['police', 'nhs-24', 'emergency'],
  'money-taken': ['police', 'emergency'],
};

const KNOWN_NUMBERS: Record<string, string> = {
  '999': 'emergency',
  '111': 'nhs-24',
  '116123': 'samaritans',
  '0800838587': 'breathing-space',
  '08000271234': 'domestic-abuse',
  '101': 'police',
  '08001111': 'childline',
};

export function contactId(contact: SafetyContact): string | undefined {
  return contact.id ?? KNOWN_NUMBERS[contact.phone.replace(/\D/g, '')];
}

/** The contacts for these kinds; every contact when a kind is the organisation's own and not mapped, never none. */
export function contactsFor(kinds: readonly string[], org: Pick<OrganisationView, 'safetyContacts' | 'safetyContactsForKinds'>): SafetyContact[] {
  const map = org.safetyContactsForKinds ?? DEFAULT_CONTACTS_FOR_KINDS;
  if (kinds.length === 0 || kinds.some((k) => map[k] === undefined)) return org.safetyContacts;
  const ordered = [...kinds].sort((a, b) => Number(LIFE_AT_RISK.includes(b)) - Number(LIFE_AT_RISK.includes(a)));
  const wanted = [...new Set(ordered.flatMap((k) => map[k]))];
  if (ordered.some((k) => LIFE_AT_RISK.includes(k)) && wanted.includes('emergency')) {
    wanted.splice(wanted.indexOf('emergency'), 1);
    wanted.unshift('emergency');
  }
  const chosen = wanted.flatMap((id) => org.safetyContacts.filter((c) => contactId(c) === id));
  return chosen.length > 0 ? chosen : org.safetyContacts;
}
