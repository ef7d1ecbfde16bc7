// Production: the token route swaps the Direct Line secret at a stand-in for Azure on 127.0.0.1; embedding follows allowedSites.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { tempDir, testApp } from '../support/app.js';

interface SeenRequest {
  method?: string;
  url?: string;
  authorization?: string;
  body: string;
}

/** Answers like Azure's POST /v3/directline/tokens/generate, or with the status it is told to. */
class FakeDirectLine {
  seen: SeenRequest[] = [];
  status = 200;
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      if (this.status !== 200) {
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"BadArgument"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversationId: 'AzureConv-1', token: 'azure-issued-token', expires_in: 3600 }));
    });
  });

  listen(): Promise<string> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(this.server.address() as { port: number }).port}`)));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(env: Record<string, string>, log = createLogger(() => {})) {
  const app = await testApp(env, { log });
  apps.push(app);
  return { app, url: await app.listen(0) };
}

describe('with a Direct Line secret (Azure Bot Service)', () => {
  const azure = new FakeDirectLine();
  let endpoint: string;
  beforeAll(async () => {
    endpoint = await azure.listen();
  });
  afterAll(async () => {
    await azure.close();
  });

  test('the page gets an Azure token for a user id the server chose; the secret never leaves the server', async () => {
    const { url } = await start({ DIRECT_LINE_SECRET: 'the-direct-line-secret', DIRECT_LINE_ENDPOINT: endpoint });
    azure.seen = [];
    const res = await fetch(`${url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: 'dl_me' } }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('the-direct-line-secret');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({
      token: 'azure-issued-token',
      conversationId: 'AzureConv-1',
      expires_in: 3600,
      domain: `${endpoint}/v3/directline`,
      webSocket: true,
    });
    expect(azure.seen).toHaveLength(1);
    expect(azure.seen[0]).toMatchObject({ method: 'POST', url: '/v3/directline/tokens/generate', authorization: 'Bearer the-direct-line-secret' });
    const sent = JSON.parse(azure.seen[0].body) as { user: { id: string } };
    expect(sent.user.id).toMatch(/^dl_/);
    expect(sent.user.id).not.toBe('dl_me');
    expect(body.userId).toBe(sent.user.id);
  });

  test("the page's policy lets it talk to the Direct Line endpoint, by https and websocket", async () => {
    const { url } = await start({ DIRECT_LINE_SECRET: 'the-direct-line-secret', DIRECT_LINE_ENDPOINT: endpoint });
    const csp = (await fetch(`${url}/`)).headers.get('content-security-policy')!;
    expect(csp).toContain(`connect-src 'self' ${endpoint} ${endpoint.replace('http', 'ws')}`);
  });

  test('when Azure says no, the page gets a plain 502 and the log says only the status', async () => {
    const lines: string[] = [];
    const { url } = await start(
      { DIRECT_LINE_SECRET: 'the-direct-line-secret', DIRECT_LINE_ENDPOINT: endpoint },
      createLogger((l) => lines.push(l)),
    );
    azure.status = 403;
    try {
      const res = await fetch(`${url}/api/directline/token`, { method: 'POST' });
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ error: 'the chat service did not answer: please try again in a minute' });
      expect(lines.join('\n')).toMatch(/"event":"webchat.token.exchange-failed","status":403/);
      expect(lines.join('\n')).not.toContain('the-direct-line-secret');
    } finally {
      azure.status = 200;
    }
  });

  test('when Azure cannot be reached at all, 502 too', async () => {
    const { url } = await start({ DIRECT_LINE_SECRET: 'the-direct-line-secret', DIRECT_LINE_ENDPOINT: 'http://127.0.0.1:9' });
    expect((await fetch(`${url}/api/directline/token`, { method: 'POST' })).status).toBe(502);
  });
});

describe('embedding on the sites the organisation allows', () => {
  function organisationAllowing(sites: string[]): string {
    const org = parseYaml(readFileSync('config/organisation.example.yaml', 'utf8')) as Record<string, unknown>;
    const file = path.join(tempDir(), 'organisation.yaml');
    writeFileSync(file, stringifyYaml({ ...org, allowedSites: sites }));
    return file;
  }

  test('frame-ancestors and CORS follow allowedSites, and nobody else', async () => {
    const { url } = await start({ ORGANISATION_FILE: organisationAllowing(['https://www.example.org/carers', 'https://partner.example.net']) });
    const page = await fetch(`${url}/?embed=1`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://www.example.org https://partner.example.net");
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(await page.text()).toContain('<body class="embedded">');

    const preflight = await fetch(`${url}/api/directline/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.example.org');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    const allowed = await fetch(`${url}/api/directline/token`, { method: 'POST', headers: { origin: 'https://partner.example.net' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://partner.example.net');
    const stranger = await fetch(`${url}/api/directline/token`, { method: 'POST', headers: { origin: 'https://evil.example.com' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const strangerPreflight = await fetch(`${url}/v3/directline/conversations`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com' } });
    expect(strangerPreflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
