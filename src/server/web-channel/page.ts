// The chat page, its script and style, the embed script, and Web Chat itself from the npm package (no CDN).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type restify from 'restify';
import { escapeHtml } from '../../html-escape.js';
import { fillTemplate, scriptJson, type PageView } from './page-view.js';
import { baseHeaders, pageCsp, type SecurityPolicy } from './security.js';
import { StaticFile } from './static-file.js';

export interface PageOptions {
  publicDir: string;
  view: PageView;
  policy: SecurityPolicy;
  tokenUrl: string;
  maxTextLength: number;
}

const vendorCache = new Map<string, { version: string; file: StaticFile }>();

/** Web Chat's own bundle from node_modules, read once per process (it is about 4 MB). */
function webChatBundle(): { version: string; file: StaticFile } {
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  const dir = path.resolve(path.dirname(main), '..');
  let cached = vendorCache.get(dir);
  if (!cached) {
    const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    const body = readFileSync(path.join(dir, 'dist', 'webchat.js'));
    cached = { version, file: new StaticFile(body, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable') };
    vendorCache.set(dir, cached);
  }
  return cached;
}

function contactsHtml(view: PageView): string {
  return view.organisation.safetyContacts.contacts
    .map((c) => {
      const tel = c.phone.replace(/[^0-9+]/g, '');
      return `<li><a href="tel:${escapeHtml(tel)}">${escapeHtml(c.phone)}</a> ${escapeHtml(c.name)}: ${escapeHtml(c.when)}${c.note ? `. ${escapeHtml(c.note)}` : ''}</li>`;
    })
    .join('');
}

export function registerPage(server: restify.Server, options: PageOptions): void {
  const { view, policy } = options;
  const read = (name: string) => readFileSync(path.join(options.publicDir, name));
  const template = read('index.html').toString('utf8');
  const vendor = webChatBundle();
  const webchatUrl = `/vendor/webchat-${vendor.version}.js`;
  const noCache = 'no-cache';
  const assets = new Map<string, StaticFile>([
    ['/chat.js', new StaticFile(read('chat.js'), 'text/javascript; charset=utf-8', noCache)],
    ['/chat.css', new StaticFile(read('chat.css'), 'text/css; charset=utf-8', noCache)],
    ['/embed.js', new StaticFile(embedScript(read('embed.js').toString('utf8'), view), 'text/javascript; charset=utf-8', noCache)],
    [webchatUrl, vendor.file],
  ]);
  const logoUrl = view.organisation.branding.logoUrl;
  const logo = logoUrl ? `<img class="logo" src="${escapeHtml(logoUrl)}" alt="">` : '';
  const headers = baseHeaders(policy);

  const page: restify.RequestHandler = async (req, res) => {
    const nonce = randomBytes(16).toString('base64');
    const embedded = new URL(req.url ?? '/', 'http://page').searchParams.get('embed') === '1';
    const w = view.wording;
    const clientConfig = {
      tokenUrl: options.tokenUrl,
      idleMinutes: view.organisation.webChat.idleMinutes,
      maxTextLength: options.maxTextLength,
      pollingInterval: 200,
      nonce,
      colours: view.colours,
      wording: w,
    };
    const html = fillTemplate(
      template,
      {
        ...w,
        organisation: view.organisation.name,
        privacyUrl: view.organisation.privacyNotice.url,
        nonce,
        webchatUrl,
        bodyClass: embedded ? 'embedded' : 'standalone',
        primary: view.colours.primary,
        onPrimary: view.colours.onPrimary,
        background: view.colours.background,
        text: view.colours.text,
        accent: view.colours.accent,
      },
      { config: scriptJson(clientConfig), contacts: contactsHtml(view), logo },
    );
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': pageCsp(policy, nonce),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
  server.get('/', page);
  server.head('/', page);

  for (const [route, file] of assets) {
    const handler: restify.RequestHandler = async (req, res) => {
      file.send(req, res, route === '/embed.js' ? { ...headers, 'cross-origin-resource-policy': 'cross-origin' } : headers);
    };
    server.get(route, handler);
    server.head(route, handler);
  }
}

/** The embed script with its button's words and colours written in, so another site needs one script tag only. */
function embedScript(source: string, view: PageView): Buffer {
  const settings = {
    button: view.wording.embedButton,
    close: view.wording.embedClose,
    title: view.wording.embedTitle,
    primary: view.colours.primary,
    onPrimary: view.colours.onPrimary,
  };
  return Buffer.from(source.replace('/*EMBED_SETTINGS*/ {}', JSON.stringify(settings).replace(/</g, '\\u003c')));
}
