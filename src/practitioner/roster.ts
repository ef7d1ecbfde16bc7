// Who is a practitioner: the organisation file's roster, matched on the Teams user's AAD object id or
// user principal name. Nothing here knows about channels or authentication; the Teams gate does.
import type { Practitioner } from '../config.js';

export interface TeamsUser {
  aadObjectId?: string;
  userPrincipalName?: string;
}

const same = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

export class Roster {
  constructor(readonly practitioners: Practitioner[]) {}

  find(user: TeamsUser): Practitioner | undefined {
    return (
      this.practitioners.find((p) => same(p.aadObjectId, user.aadObjectId)) ?? this.practitioners.find((p) => same(p.userPrincipalName, user.userPrincipalName))
    );
  }

  /** True when some entries name only a user principal name, which a Teams message does not carry. */
  needsPrincipalNames(): boolean {
    return this.practitioners.some((p) => !p.aadObjectId && p.userPrincipalName);
  }

  byKey(key: string): Practitioner | undefined {
    return this.practitioners.find((p) => practitionerKey(p) === key);
  }

  /** Who to tell about a record of `team` (undefined: every team); managers hear of every safety flag. */
  recipients(team: string | undefined, urgent: boolean): Practitioner[] {
    return this.practitioners.filter((p) => team === undefined || p.team === team || (urgent && p.role === 'manager'));
  }
}

/** The stable key a practitioner is known by in records, audit and stored references. */
export function practitionerKey(p: Practitioner): string {
  return (p.aadObjectId ?? p.userPrincipalName ?? '').trim().toLowerCase();
}
