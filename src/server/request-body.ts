// Request bodies, read by us and only for routes that take one: each route names the content types it
// takes and its largest body. Anything else (multipart uploads above all) is refused with 415 before a
// byte of it is read, a body over the cap is refused with 413 as soon as it is over, and nothing is ever
// written to disk. (restify's bodyParser wrote multipart uploads to /tmp before any route ran.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type restify from 'restify';

type BodyType = 'json' | 'form';

export interface BodyRule {
  types: BodyType[];
  maxBytes: number;
}

const MEDIA_TYPES: Record<BodyType, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

type Req = IncomingMessage & { body?: unknown; rawBody?: string; getRoute?: () => { path?: unknown; method?: string } | undefined };

/** The rules for one server: method + route path -> rule. Routes without a rule take no body. */
const rulesByServer = new WeakMap<restify.Server, Map<string, BodyRule>>();

/** Says that `method path` (as registered with restify) takes a body of these types, up to maxBytes. */
export function acceptBody(server: restify.Server, method: string, path: string, rule: BodyRule): void {
  const rules = rulesByServer.get(server) ?? new Map<string, BodyRule>();
  rulesByServer.set(server, rules);
  rules.set(`${method.toUpperCase()} ${path}`, rule);
}

/** The media type without parameters, lower case ("" when none was sent). */
function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** True when the request says it carries a body (a length above 0, or chunks). */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  return Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * The restify handler that reads bodies. Must be created with the server (it needs the server's rules) and
 * the server created with `noWriteContinue: true`, so a client waiting on "Expect: 100-continue" is told
 * to send only once its request has passed these checks.
 */
export function readBodies(server: restify.Server): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const r = req as unknown as Req;
    const route = r.getRoute?.();
    const rule = rulesByServer.get(server)?.get(`${(req.method ?? '').toUpperCase()} ${typeof route?.path === 'string' ? route.path : ''}`);
    const type = mediaType(req);
    const refuse = (status: number, error: string) => {
      refuseAndClose(req, res, status, error);
      next(false);
    };
    // Multipart is refused everywhere, even empty: no route takes files.
    if (type.startsWith('multipart/')) return refuse(415, 'this service does not take file uploads');
    if (!hasBody(req)) return next();
    if (!rule) return refuse(415, 'this address does not take a request body');
    const accepted = rule.types.find((t) => MEDIA_TYPES[t] === type);
    if (!accepted) return refuse(415, `send the body as ${rule.types.map((t) => MEDIA_TYPES[t]).join(' or ')}`);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return refuse(415, 'compressed request bodies are not taken');
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = `a request body can be at most ${rule.maxBytes} bytes`;
    if (declared > rule.maxBytes) return refuse(413, tooLarge);
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();

    const chunks: Buffer[] = [];
    let received = 0;
    let finished = false;
    const finish = (outcome: () => void) => {
      if (finished) return;
      finished = true;
      req.removeListener('data', onData);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > rule.maxBytes) return finish(() => refuse(413, tooLarge));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () =>
      finish(() => {
        const raw = Buffer.concat(chunks).toString('utf8');
        r.rawBody = raw;
        const parsed = parse(accepted, raw);
        if (!parsed.ok) return refuse(400, accepted === 'json' ? 'request body is not valid JSON' : 'request body is not a valid form');
        r.body = parsed.value;
        next();
      }),
    );
    req.once('error', () => finish(() => next(false)));
    req.once('aborted', () => finish(() => next(false)));
  };
}

function parse(type: BodyType, raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw === '') return { ok: true, value: undefined };
  if (type === 'form') return { ok: true, value: Object.fromEntries(new URLSearchParams(raw)) };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/**
 * Discarded after a refusal at most, and for at most this long, before the connection is cut. A client on a
 * busy machine or a slow phone can take a few seconds to read the answer; cut sooner, it sees only a reset.
 */
const LINGER_BYTES = 256 * 1024;
const LINGER_MS = 5000;

/**
 * Answers. When the body has not been read to its end, the connection is closed too: what the client has
 * already sent (up to LINGER_BYTES) is thrown away while it reads the answer, then the connection is cut,
 * so the rest of a refused body is never read. Node would reset the connection at once on "close", and a
 * reset can arrive before the client has read the answer: hence the brief linger.
 */
function refuseAndClose(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  const text = JSON.stringify({ error });
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  };
  const socket = res.socket;
  if (!req.complete && socket) {
    headers.connection = 'close';
    socket.destroySoon = () => {
      socket.end();
      let discarded = 0;
      const cut = setTimeout(() => socket.destroy(), LINGER_MS);
      cut.unref();
      socket.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > LINGER_BYTES) socket.pause();
      });
      socket.once('close', () => clearTimeout(cut));
    };
  }
  res.writeHead(status, headers);
  res.end(text);
}
