// The printable "my copy" page. GET /my-copy shows a form; the code is POSTed in the body, never put in a
// URL (URLs end up in logs and browser history). The answer page is not cached, framed or indexed, and
// guesses are rate-limited per address.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type restify from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { normaliseReferenceCode } from '../conversation/reference-code.js';
import type { Script } from '../conversation/script.js';
import type { Logger } from '../logger.js';
import { escapeHtml as esc } from '../html-escape.js';
import { clientAddress } from './web-channel/http.js';
import { acceptBody } from './request-body.js';
import type { CopySection } from '../privacy/my-copy.js';

export interface MyCopyPageOptions {
  organisation: string;
  primaryColour: string;
  /** The script whose words the form uses (the first offered). */
  script: Script;
  /** Everything kept under a code, as sections with the script they were told in; empty when nothing is kept. */
  lookup: (code: string) => Promise<{ script: Script; sections: CopySection[] }>;
  /** Reverse proxies in front of the bot (TRUST_PROXY). */
  trustProxy: number;
  log: Logger;
  /** Looks a person may make in a window, per address (default 10 per 15 minutes). */
  attempts?: { points: number; seconds: number };
}

function css(colour: string): string {
  return `body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
h1{color:${colour}}h2{font-size:1.1rem;margin-bottom:.25rem}dl{margin:0 0 1rem}dt{font-weight:600}dd{margin:0 0 .5rem}
label{display:block;font-weight:600;margin-bottom:.25rem}input{font-size:1.1rem;padding:.4rem;width:14rem}
button{font-size:1rem;padding:.5rem 1rem;margin-top:.75rem;background:${colour};color:#fff;border:0;border-radius:4px;cursor:pointer}
.item{border-top:1px solid #ccc;padding-top:.5rem}@media print{form,button,.noprint{display:none}}`;
}

const PRINT_SCRIPT = `document.getElementById('print').addEventListener('click',function(){window.print()});`;

function hash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function page(o: MyCopyPageOptions, script: Script, body: string, withPrint: boolean): { html: string; csp: string } {
  const style = css(o.primaryColour);
  const html = `<!doctype html>
<html lang="${esc(script.locale.slice(0, 2))}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${esc(script.text.myCopyTitle)} - ${esc(o.organisation)}</title><style>${style}</style></head>
<body><main><h1>${esc(script.text.myCopyTitle)}</h1><p>${esc(o.organisation)}</p>
${body}
</main>${withPrint ? `<script>${PRINT_SCRIPT}</script>` : ''}</body></html>`;
  const csp = [
    "default-src 'none'",
    `style-src '${hash(style)}'`,
    withPrint ? `script-src '${hash(PRINT_SCRIPT)}'` : "script-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return { html, csp };
}

function form(script: Script, message?: string): string {
  const t = script.text;
  return `${message ? `<p role="alert"><strong>${esc(message)}</strong></p>` : ''}<p>${esc(t.myCopyHelp)}</p>
<form method="post" action="/my-copy" autocomplete="off"><label for="code">${esc(t.myCopyCodeLabel)}</label>
<input id="code" name="code" type="text" inputmode="text" autocapitalize="characters" spellcheck="false" maxlength="20" required>
<br><button type="submit">${esc(t.myCopyShow)}</button></form>`;
}

function sectionsHtml(
  script: Script,
  sections: CopySection[],
  labels: { rating: string; inYourWords: string; whatWouldHelp: string; priority: string },
): string {
  const body = sections
    .map(
      (s) =>
        `<section><h2>${esc(s.intro)}</h2>${s.items
          .map(
            (i) =>
              `<div class="item"><h3>${i.number}. ${esc(i.title)}</h3><dl>${[
                i.rating ? `<dt>${esc(labels.rating)}</dt><dd>${esc(i.rating)}</dd>` : '',
                i.ownWords ? `<dt>${esc(labels.inYourWords)}</dt><dd>${esc(i.ownWords)}</dd>` : '',
                i.whatWouldHelp ? `<dt>${esc(labels.whatWouldHelp)}</dt><dd>${esc(i.whatWouldHelp)}</dd>` : '',
                i.priority ? `<dd><strong>${esc(labels.priority)}</strong></dd>` : '',
              ].join('')}</dl>${i.detail ? `<p>${esc(i.detail)}</p>` : ''}</div>`,
          )
          .join('\n')}</section>`,
    )
    .join('\n');
  return `${body}
<p class="noprint"><button id="print" type="button">${esc(script.text.myCopyPrint)}</button></p><p class="noprint">${esc(script.text.myCopyForget)}</p>`;
}

function send(res: ServerResponse, status: number, p: { html: string; csp: string }, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(p.html)),
    'content-security-policy': p.csp,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    ...extra,
  });
  res.end(p.html);
}

export function registerMyCopyPage(
  server: restify.Server,
  o: MyCopyPageOptions,
  labels: { rating: string; inYourWords: string; whatWouldHelp: string; priority: string },
): void {
  const limiter = new RateLimiterMemory({ keyPrefix: 'my-copy', points: o.attempts?.points ?? 10, duration: o.attempts?.seconds ?? 15 * 60 });

  server.get('/my-copy', async (_req, res) => {
    send(res, 200, page(o, o.script, form(o.script), false));
  });

  // The form sends one short field; nothing else is read.
  acceptBody(server, 'post', '/my-copy', { types: ['form'], maxBytes: 1024 });
  server.post('/my-copy', async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    try {
      await limiter.consume(clientAddress(req, o.trustProxy));
    } catch (rejection) {
      const wait = rejection instanceof RateLimiterRes ? Math.ceil(rejection.msBeforeNext / 1000) : 60;
      o.log.warn('my-copy.rate-limited', {});
      send(res, 429, page(o, o.script, form(o.script, o.script.text.rightsNotFound), false), { 'retry-after': String(Math.max(1, wait)) });
      return;
    }
    const raw = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>).code : undefined;
    const code = typeof raw === 'string' ? normaliseReferenceCode(raw.slice(0, 40)) : undefined;
    const found = code ? await o.lookup(code) : undefined;
    if (!found || found.sections.length === 0) {
      o.log.info('my-copy.not-found', {});
      send(res, 404, page(o, o.script, form(o.script, o.script.text.rightsNotFound), false));
      return;
    }
    o.log.info('my-copy.shown', { sections: found.sections.length });
    send(res, 200, page(o, found.script, sectionsHtml(found.script, found.sections, labels), true));
  });
}
