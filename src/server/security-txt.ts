// /.well-known/security.txt (RFC 9116): where to report a weakness in this deployment, from the
// organisation file's `security` block. Without that block the path is 404: there is no one to name.
import type restify from 'restify';
import type { Logger } from '../logger.js';

export interface SecurityContact {
  /** mailto: or https: addresses, most preferred first. */
  contact: string[];
  /** After this date the file says it is stale (RFC 9116 asks for less than a year ahead). */
  expires: string;
  policy?: string;
  /** Languages reports may be written in (default: en). */
  languages?: string[];
}

function securityTxt(c: SecurityContact, publicUrl?: string): string {
  const lines = c.contact.map((address) => `Contact: ${address}`);
  lines.push(`Expires: ${c.expires}T23:59:59.000Z`);
  if (c.policy) lines.push(`Policy: ${c.policy}`);
  lines.push(`Preferred-Languages: ${(c.languages ?? ['en']).join(', ')}`);
  if (publicUrl) lines.push(`Canonical: ${publicUrl.replace(/\/+$/, '')}/.well-known/security.txt`);
  return `${lines.join('\n')}\n`;
}

export function registerSecurityTxt(
  server: restify.Server,
  contact: SecurityContact | undefined,
  publicUrl: string | undefined,
  log: Logger,
  now = new Date(),
): void {
  if (!contact) return;
  if (`${contact.expires}T23:59:59.000Z` < now.toISOString()) {
    // Served all the same (an old address is better than none), but the operator is told at every start.
    log.warn('security.contact-expired', { expires: contact.expires, hint: 'check security.contact in the organisation file and move security.expires on' });
  }
  const body = securityTxt(contact, publicUrl);
  server.get('/.well-known/security.txt', (_req, res, next) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=86400' });
    res.end(body);
    next();
  });
}
