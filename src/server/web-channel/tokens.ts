// Web chat tokens: HS256 JWTs signed by this server, binding one conversation and one server-chosen user id, with an expiry.
// A JWT because Web Chat reads the `user` claim from the token (as it does from Azure's) to know who the person is.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Direct Line tokens live 30 minutes and are refreshed before then; ours do the same. */
const TOKEN_LIFETIME_SECONDS = 30 * 60;

const Claims = z.object({
  v: z.literal(1),
  /** conversation id */
  conv: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** user id, always `dl_` + random */
  user: z.string().regex(/^dl_[A-Za-z0-9_-]{8,64}$/),
  /** expiry, seconds since 1970 */
  exp: z.number().int(),
});
export type TokenClaims = z.infer<typeof Claims>;

/** Only this exact header is accepted: no "alg": "none", no other algorithms. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'missing' | 'malformed' | 'forged' | 'expired' };

export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

export class TokenSigner {
  private key: Buffer;

  constructor(
    secret: string,
    private now: () => number = Date.now,
  ) {
    // A key of its own, so the configured secret is never used directly for anything else.
    this.key = createHmac('sha256', secret).update('outcomes-bot web chat token v1').digest();
  }

  issue(conversationId: string, userId: string): { token: string; expiresIn: number } {
    const claims: TokenClaims = { v: 1, conv: conversationId, user: userId, exp: Math.floor(this.now() / 1000) + TOKEN_LIFETIME_SECONDS };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { token: `${body}.${this.mac(body)}`, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER || token.length > 1024) return { ok: false, reason: 'malformed' };
    const body = `${parts[0]}.${parts[1]}`;
    const mac = parts[2];
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const claims = Claims.safeParse(json);
    if (!claims.success) return { ok: false, reason: 'malformed' };
    if (claims.data.exp * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: claims.data };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
