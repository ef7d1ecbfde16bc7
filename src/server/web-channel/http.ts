// Small HTTP helpers for the web channel: JSON replies, the bearer token, the caller's address, the body's size.
import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** The token after "Bearer ", or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : undefined;
}

/** The caller's address; behind a trusted reverse proxy, the left-most X-Forwarded-For entry. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Size of the request body as received (restify keeps the raw text), or the declared length. */
export function bodyBytes(req: IncomingMessage & { rawBody?: unknown }): number {
  if (typeof req.rawBody === 'string') return Buffer.byteLength(req.rawBody);
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody.length;
  return Number(req.headers['content-length'] ?? 0) || 0;
}
