// The subset of Direct Line v3 that Bot Framework Web Chat uses, served by the bot itself (no cloud service).
import type { ActivityHandler } from 'botbuilder';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type restify from 'restify';
import type { Logger } from '../../logger.js';
import type { WebChannelAdapter } from './adapter.js';
import { bearerToken, bodyBytes, clientAddress, sendJson } from './http.js';
import { joinActivity, parsePosted, toBotActivity } from './inbound.js';
import type { WebRateLimits } from './rate-limits.js';
import { corsHeaders, baseHeaders, type SecurityPolicy } from './security.js';
import { acceptBody, type BodyRule } from '../request-body.js';
import type { TokenClaims, TokenSigner } from './tokens.js';
import type { Transcripts } from './transcripts.js';
import type { HeapGuard } from './load-shedding.js';
import { CLIENT_ADDRESS } from '../../privacy/code-guesses.js';

export interface DirectLineOptions {
  bot: ActivityHandler;
  adapter: WebChannelAdapter;
  transcripts: Transcripts;
  signer: TokenSigner;
  limits: WebRateLimits;
  policy: SecurityPolicy;
  log: Logger;
  /** Reverse proxies in front of the bot (TRUST_PROXY). */
  trustProxy: number;
  /** Largest activity a browser may post, in bytes. */
  maxActivityBytes: number;
  /** How long a poll for activities is held open waiting for news. */
  longPollMs: number;
  heap: HeapGuard;
}

type Req = IncomingMessage & { params?: Record<string, string>; rawBody?: unknown; body?: unknown };
type Handler = (req: Req, res: ServerResponse, reply: Reply) => Promise<void>;
type Reply = (status: number, body: unknown) => void;

export const DIRECT_LINE_BASE = '/v3/directline';

export function registerDirectLine(server: restify.Server, o: DirectLineOptions): void {
  const base = DIRECT_LINE_BASE;

  /** Rate limits and the token, in that order, before the handler runs. */
  const guarded = (route: string, handler: (req: Req, claims: TokenClaims, reply: Reply) => Promise<void>, shed = false): Handler => {
    return async (req, _res, reply) => {
      if (shed && o.heap.overloaded()) return busy(o.log, reply);
      const address = clientAddress(req, o.trustProxy);
      const byAddress = await o.limits.address(address);
      if (!byAddress.ok) return tooMany(reply, byAddress.retryAfterSeconds, byAddress.scope);
      const check = o.signer.check(bearerToken(req));
      if (!check.ok) {
        o.log.warn('webchat.token.rejected', { reason: check.reason, route });
        // Direct Line's own answer to an expired token is 403; Web Chat then knows to stop.
        if (check.reason === 'expired') return reply(403, { error: 'this chat has timed out: please start a new one' });
        return reply(401, { error: check.reason === 'missing' ? 'a token is needed: send "Authorization: Bearer TOKEN"' : 'this token is not valid' });
      }
      const wanted = req.params?.conversationId;
      if (wanted !== undefined && wanted !== check.claims.conv) {
        o.log.warn('webchat.token.wrong-conversation', { route });
        return reply(403, { error: 'this token is for a different conversation' });
      }
      const byToken = await o.limits.conversation(check.claims.conv);
      if (!byToken.ok) return tooMany(reply, byToken.retryAfterSeconds, byToken.scope);
      await handler(req, check.claims, reply);
    };
  };

  const tooMany = (reply: Reply, retryAfterSeconds: number, scope: string) => {
    o.log.warn('webchat.rate-limited', { scope });
    reply(429, { error: 'too many requests: please wait a moment and try again', retryAfterSeconds });
  };

  /** Direct Line's conversation object; the token is the one the client sent, with its time left. */
  const conversationBody = (claims: TokenClaims, token: string | undefined) => ({
    conversationId: claims.conv,
    token,
    expires_in: Math.max(0, claims.exp - Math.floor(Date.now() / 1000)),
  });

  const ids = (claims: TokenClaims) => ({ conversationId: claims.conv, userId: claims.user, bot: o.adapter.botIdentity });

  // Starts the conversation the token was issued for: the bot greets without the person typing.
  const start = guarded(
    'conversations',
    async (req, claims, reply) => {
      const conversation = o.transcripts.open(claims.conv);
      if (!conversation.started) {
        conversation.markStarted();
        o.log.info('webchat.conversation.started', {});
        await o.adapter.run(joinActivity(ids(claims), o.adapter.timestamp()), (context) => o.bot.run(context));
        return reply(201, conversationBody(claims, bearerToken(req)));
      }
      reply(200, conversationBody(claims, bearerToken(req)));
    },
    true,
  );

  const refresh = guarded('tokens/refresh', async (_req, claims, reply) => {
    const { token, expiresIn } = o.signer.issue(claims.conv, claims.user);
    reply(200, { conversationId: claims.conv, token, expires_in: expiresIn });
  });

  // Reconnecting (after a reload): the conversation exists for as long as its token is good.
  const reconnect = guarded('conversation', async (req, claims, reply) => {
    o.transcripts.open(claims.conv);
    reply(200, conversationBody(claims, bearerToken(req)));
  });

  // Long polling: held open until there is something after the watermark, so replies show at once.
  const activities = guarded('activities', async (req, claims, reply) => {
    const raw = new URL(req.url ?? '/', 'http://x').searchParams.get('watermark') ?? '';
    if (raw !== '' && raw !== 'null' && !/^\d{1,12}$/.test(raw)) return reply(400, { error: 'watermark must be a number' });
    const watermark = /^\d+$/.test(raw) ? Number(raw) : 0;
    await o.transcripts.waitForNew(claims.conv, watermark, o.longPollMs);
    reply(200, o.transcripts.since(claims.conv, watermark));
  });

  const post = guarded(
    'post-activity',
    async (req, claims, reply) => {
      if (bodyBytes(req) > o.maxActivityBytes) return reply(413, { error: `a message can be at most ${o.maxActivityBytes} bytes` });
      const parsed = parsePosted(req.body);
      if (!parsed.ok) return reply(400, { error: parsed.problem });
      if (parsed.activity.type === 'typing') return reply(200, { id: '' });
      const activity = toBotActivity(parsed.activity, ids(claims), o.adapter.timestamp());
      activity.id = o.transcripts.append(claims.conv, activity);
      const address = clientAddress(req, o.trustProxy);
      await o.adapter.run(activity, (context) => {
        context.turnState.set(CLIENT_ADDRESS, address);
        return o.bot.run(context);
      });
      reply(200, { id: activity.id });
    },
    true,
  );

  // Starting and refreshing read no body; a posted activity is JSON, read up to its cap (a byte over is 413).
  route(server, o, 'post', `${base}/conversations`, start, SMALL_JSON);
  route(server, o, 'post', `${base}/tokens/refresh`, refresh, SMALL_JSON);
  route(server, o, 'get', `${base}/conversations/:conversationId`, reconnect);
  route(server, o, 'get', `${base}/conversations/:conversationId/activities`, activities);
  route(server, o, 'post', `${base}/conversations/:conversationId/activities`, post, { types: ['json'], maxBytes: o.maxActivityBytes });
}

/** The answer while the heap is near its limit: the page tries again after a pause. */
export function busy(log: Logger, reply: Reply): void {
  log.warn('webchat.shed-load', {});
  reply(429, { error: 'the chat is very busy just now: please wait a moment and try again', retryAfterSeconds: 5 });
}

/** What a route that reads no body still takes (a client may send "{}"). */
export const SMALL_JSON: BodyRule = { types: ['json'], maxBytes: 1024 };

/** Registers a route with CORS (for the allowed sites), security headers and JSON replies; also answers the preflight. */
export function route(server: restify.Server, o: { policy: SecurityPolicy }, method: 'get' | 'post', path: string, handler: Handler, body?: BodyRule): void {
  if (body) acceptBody(server, method, path, body);
  const headersFor = (req: IncomingMessage) => ({ ...baseHeaders(o.policy), ...corsHeaders(o.policy, req.headers.origin) });
  server[method](path, async (req: restify.Request, res: restify.Response) => {
    const headers = headersFor(req);
    await handler(req, res, (status, body) => sendJson(res, status, body, headers));
  });
  const preflights = preflightPaths.get(server) ?? new Set<string>();
  preflightPaths.set(server, preflights);
  if (preflights.has(path)) return;
  preflights.add(path);
  server.opts(path, async (req: restify.Request, res: restify.Response) => {
    res.writeHead(204, headersFor(req));
    res.end();
  });
}

/** One preflight route per path, however many methods share it. */
const preflightPaths = new WeakMap<restify.Server, Set<string>>();
