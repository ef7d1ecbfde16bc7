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

/**
 * The caller's address. Behind `proxies` trusted reverse proxies that each add the address they were
 * reached from to X-Forwarded-For, the visitor is that many entries from the right; anything to the left
 * of it was written by the visitor and is ignored. (Express's "trust proxy N" reads it the same way.)
 */
export function clientAddress(req: IncomingMessage, proxies: number): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (proxies <= 0) return direct;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return direct;
  return entries[Math.max(0, entries.length - proxies)].slice(0, 64);
}

/** Size of the request body as received (restify keeps the raw text), or the declared length. */
export function bodyBytes(req: IncomingMessage & { rawBody?: unknown }): number {
  if (typeof req.rawBody === 'string') return Buffer.byteLength(req.rawBody);
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody.length;
  return Number(req.headers['content-length'] ?? 0) || 0;
}
