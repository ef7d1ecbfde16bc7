// The HTTP server: Bot Framework messages, a health check, and room for the web channel and page.
import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from '../logger.js';

export const MAX_BODY_BYTES = 256 * 1024;

export function createServer(adapter: CloudAdapter, bot: ActivityHandler, log: Logger): restify.Server {
  const server = restify.createServer({ name: 'outcomes-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body) || typeof (req.body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'body must be a Bot Framework activity with a "type"' });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  server.on('restifyError', (req, res, err, callback) => {
    // Only the status and route: never the body.
    log.warn('http.error', { status: (err as { statusCode?: number }).statusCode ?? 500, route: req.getRoute()?.path?.toString() });
    err.toJSON = () => ({ error: statusMessage(err) });
    return callback();
  });
  return server;
}

function statusMessage(err: Error & { statusCode?: number }): string {
  if (err.statusCode === 413) return 'request body too large';
  if (err.statusCode === 400) return 'request body is not valid JSON';
  if (err.statusCode === 404) return 'not found';
  if (err.statusCode === 405) return 'method not allowed';
  return err.statusCode && err.statusCode < 500 ? 'bad request' : 'something went wrong';
}
