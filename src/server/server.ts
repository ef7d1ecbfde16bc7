// The HTTP server: Bot Framework messages, a health check, and room for the web channel and page.
import restify from 'restify';
import type { Activity, ActivityHandler } from 'botbuilder';
import type { OutcomesAdapter } from './adapter.js';
import { inboundActivityProblem } from './inbound-activity.js';
import { acceptBody, readBodies } from './request-body.js';
import type { Logger } from '../logger.js';
import { isLocalRequest, isLoopbackUrl } from './loopback.js';
import { CLIENT_ADDRESS } from '../privacy/code-guesses.js';

const KEEP_ALIVE_MS = 65_000;
const MAX_BODY_BYTES = 256 * 1024;

/** How /api/messages treats requests no token vouches for (local mode: no app id, not production). */
export interface UnsignedPolicy {
  localMode: boolean;
  /** Local mode: take unsigned requests from other machines too (default: this machine only). */
  fromAnywhere: boolean;
  /** Development: replies to an unsigned request may go to its serviceUrl when that is on this machine. */
  devUnsignedTeams: boolean;
}

export function createServer(
  adapter: OutcomesAdapter,
  bot: ActivityHandler,
  log: Logger,
  unsigned: UnsignedPolicy = { localMode: false, fromAnywhere: false, devUnsignedTeams: false },
): restify.Server {
  // noWriteContinue: a client is told to send its body only once readBodies has accepted the request.
  const server = restify.createServer({ name: 'outcomes-bot', handleUncaughtExceptions: false, noWriteContinue: true });
  // Idle connections stay open longer than a proxy or load balancer keeps them (nginx, Azure: 60 s or more), so
  // the server never closes one just as a request is sent on it (a reset, or a 502 at the proxy). Node's 5 s
  // default also raced clients on a busy machine.
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 1000;
  server.use(readBodies(server));
  acceptBody(server, 'post', '/api/messages', { types: ['json'], maxBytes: MAX_BODY_BYTES });

  server.post('/api/messages', async (req, res) => {
    // No token can be checked in local mode: only this machine may talk to the bot, unless opened on purpose.
    if (unsigned.localMode && !unsigned.fromAnywhere && !isLocalRequest(req)) {
      log.warn('http.local-mode-remote-refused', {});
      res.send(403, { error: 'this bot runs in local mode: /api/messages takes requests from this machine only' });
      return;
    }
    const problem = inboundActivityProblem(req.body);
    if (problem) {
      res.send(400, { error: `not a Bot Framework activity: ${problem}` });
      return;
    }
    const activity = req.body as Activity;
    let authenticated;
    try {
      authenticated = await adapter.authenticate(activity, typeof req.headers.authorization === 'string' ? req.headers.authorization : '');
    } catch {
      log.warn('http.unauthenticated', { channel: typeof activity.channelId === 'string' ? activity.channelId.slice(0, 40) : undefined });
      res.send(401, { error: 'missing or invalid Bot Framework token' });
      return;
    }
    // A serviceUrl no token vouches for is never called (it could be any address: SSRF). The replies come
    // back in this response instead; the Agents Playground's own loopback address is the development exception.
    // (An anonymous identity calls itself authenticated; a checked token leaves claims, among them "aud".)
    const signed = Boolean(authenticated.claimsIdentity.getClaimValue('aud'));
    if (!signed && !(unsigned.devUnsignedTeams && isLoopbackUrl(activity.serviceUrl))) {
      activity.deliveryMode = 'expectReplies';
    }
    // Unsigned (local mode): the caller's own address counts for the limits on codes. Signed requests come
    // from the channel's servers, so there the conversation is what counts.
    const address = signed ? undefined : req.socket.remoteAddress;
    const result = await adapter.runAuthenticated(authenticated, activity, (context) => {
      if (address) context.turnState.set(CLIENT_ADDRESS, address);
      return bot.run(context);
    });
    if (result) res.send(result.status, result.body);
    else res.send(200);
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  server.on(
    'restifyError',
    (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
      // Only the status and route: never the body.
      log.warn('http.error', { status: err.statusCode ?? 500, route: String(req.getRoute()?.path ?? '') });
      err.toJSON = () => ({ error: statusMessage(err) });
      return callback();
    },
  );
  return server;
}

function statusMessage(err: Error & { statusCode?: number }): string {
  if (err.statusCode === 413) return 'request body too large';
  if (err.statusCode === 400) return 'request body is not valid JSON';
  if (err.statusCode === 404) return 'not found';
  if (err.statusCode === 405) return 'method not allowed';
  return err.statusCode && err.statusCode < 500 ? 'bad request' : 'something went wrong';
}
