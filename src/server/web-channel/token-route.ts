// POST /api/directline/token: the page's one way to start a chat. Built-in channel locally; Azure's Direct Line when a secret is set.
import type restify from 'restify';
import type { Logger } from '../../logger.js';
import { generateDirectLineToken, TokenExchangeError } from './azure-token.js';
import { busy, DIRECT_LINE_BASE, route, SMALL_JSON } from './direct-line.js';
import type { HeapGuard } from './load-shedding.js';
import { clientAddress } from './http.js';
import type { WebRateLimits } from './rate-limits.js';
import type { SecurityPolicy } from './security.js';
import { newConversationId, newUserId, type TokenSigner } from './tokens.js';

export const TOKEN_ROUTE = '/api/directline/token';

export interface TokenRouteOptions {
  signer: TokenSigner;
  limits: WebRateLimits;
  policy: SecurityPolicy;
  log: Logger;
  /** Reverse proxies in front of the bot (TRUST_PROXY). */
  trustProxy: number;
  heap: HeapGuard;
  /** Set in production: the secret stays here, the browser gets a token for one conversation. */
  directLine?: { secret: string; endpoint: string };
}

export function registerTokenRoute(server: restify.Server, o: TokenRouteOptions): void {
  route(
    server,
    o,
    'post',
    TOKEN_ROUTE,
    async (req, _res, reply) => {
      if (o.heap.overloaded()) return busy(o.log, reply);
      const address = clientAddress(req, o.trustProxy);
      for (const verdict of [await o.limits.address(address), await o.limits.newChat(address)]) {
        if (!verdict.ok) {
          o.log.warn('webchat.rate-limited', { scope: verdict.scope });
          return reply(429, { error: 'too many new chats from here: please wait a while and try again', retryAfterSeconds: verdict.retryAfterSeconds });
        }
      }
      // The server chooses the user id; nothing the browser says about who it is is used.
      const userId = newUserId();
      if (!o.directLine) {
        const conversationId = newConversationId();
        const { token, expiresIn } = o.signer.issue(conversationId, userId);
        return reply(200, { token, conversationId, expires_in: expiresIn, userId, domain: DIRECT_LINE_BASE, webSocket: false });
      }
      try {
        const generated = await generateDirectLineToken(o.directLine.endpoint, o.directLine.secret, userId);
        reply(200, { ...generated, userId, domain: `${o.directLine.endpoint.replace(/\/+$/, '')}${DIRECT_LINE_BASE}`, webSocket: true });
      } catch (err) {
        o.log.error('webchat.token.exchange-failed', { status: err instanceof TokenExchangeError ? err.status : undefined });
        reply(502, { error: 'the chat service did not answer: please try again in a minute' });
      }
    },
    SMALL_JSON,
  );
}
