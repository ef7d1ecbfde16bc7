// Who gets practitioner commands: only a roster member, only in Teams, and only on a request whose Bot
// Framework token was checked (local mode included: a development setting, DEV_UNSIGNED_TEAMS, is the one
// exception, for this machine only). Anything else, including every web chat, gets the person's conversation.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import type { Me } from '../../practitioner/desk.js';
import { practitionerKey, type Roster } from '../../practitioner/roster.js';

export interface GateOptions {
  roster: Roster;
  /** DEV_UNSIGNED_TEAMS in local mode: the Agents Playground's unsigned msteams requests (from this machine) count as Teams. */
  unsignedTeams: boolean;
  /** When set, only this Microsoft Entra tenant's users. */
  tenantId?: string;
  /** Finds a Teams user's principal name, for roster entries that have only that. */
  principalName?: (context: TurnContext) => Promise<string | undefined>;
}

const TEAMS = 'msteams';

/** True when this turn really came from Teams (signed), or local mode accepts it as such. */
function isTeamsRequest(context: TurnContext, options: Pick<GateOptions, 'unsignedTeams' | 'tenantId'>): boolean {
  const activity = context.activity;
  if (activity.channelId !== TEAMS) return false;
  if (options.unsignedTeams) return true;
  // A checked token leaves an identity with its claims; the anonymous identity has none.
  const identity = context.turnState.get<{ isAuthenticated?: boolean; getClaimValue?: (type: string) => string | null } | undefined>(
    context.adapter.BotIdentityKey,
  );
  if (!identity?.isAuthenticated || !identity.getClaimValue?.('aud')) return false;
  if (options.tenantId) {
    const tenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
    if (tenant !== options.tenantId) return false;
  }
  return true;
}

/** Reads the principal name from Teams (one call to the connector); undefined when it cannot. */
export async function teamsPrincipalName(context: TurnContext): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    return member.userPrincipalName ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remembers each Teams user's principal name for an hour (found or not), so a person chatting in Teams
 * does not cost a call to Teams on every message when the roster lists some practitioners by name only.
 */
export function rememberPrincipalNames(lookup: (context: TurnContext) => Promise<string | undefined>, ttlMs = 60 * 60 * 1000, max = 1000) {
  // Least recently used go first when full (not all at once), each for an hour at most.
  const known = new LRUCache<string, { name?: string }>({ max, ttl: ttlMs });
  return async (context: TurnContext): Promise<string | undefined> => {
    const id = context.activity.from?.aadObjectId ?? context.activity.from?.id;
    if (!id) return undefined;
    const hit = known.get(id);
    if (hit) return hit.name;
    const name = await lookup(context);
    known.set(id, { name });
    return name;
  };
}

export async function identifyPractitioner(context: TurnContext, options: GateOptions): Promise<Me | undefined> {
  if (!isTeamsRequest(context, options)) return undefined;
  const from = context.activity.from;
  let practitioner = options.roster.find({ aadObjectId: from?.aadObjectId });
  if (!practitioner && options.roster.needsPrincipalNames() && options.principalName) {
    const userPrincipalName = await options.principalName(context);
    practitioner = userPrincipalName ? options.roster.find({ userPrincipalName }) : undefined;
  }
  return practitioner ? { key: practitionerKey(practitioner), practitioner } : undefined;
}
