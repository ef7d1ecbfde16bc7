// The built-in web channel over real HTTP: Direct Line v3 as Web Chat uses it, tokens, isolation, limits and headers.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { TokenSigner } from '../../src/server/web-channel/tokens.js';
import { testApp } from '../support/app.js';
import { DirectLineClient } from './support/direct-line-client.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac-0123456789';
const carerOnly = { ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml', WEBCHAT_TOKEN_SECRET: SECRET };

let app: App;
let url: string;
const logLines: string[] = [];

beforeAll(async () => {
  app = await testApp(carerOnly, { log: createLogger((line) => logLines.push(line)) });
  url = await app.listen(0);
});
afterAll(async () => {
  await app.close();
});

describe('a conversation over Direct Line', () => {
  test('the token route gives a token for one new conversation and a user id the server chose', async () => {
    const res = await fetch(`${url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: 'dl_i-choose-myself' } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ domain: '/v3/directline', webSocket: false, expires_in: 1800 });
    expect(body.userId).toMatch(/^dl_[A-Za-z0-9_-]{8,}$/);
    expect(body.userId).not.toBe('dl_i-choose-myself');
    // A JWT, so Web Chat can read the user id from it as it does from Azure's tokens.
    const claims = JSON.parse(Buffer.from(String(body.token).split('.')[1], 'base64url').toString()) as unknown;
    expect(claims).toMatchObject({ user: body.userId, conv: body.conversationId });
    const other = (await (await fetch(`${url}/api/directline/token`, { method: 'POST' })).json()) as Record<string, unknown>;
    expect(other.conversationId).not.toBe(body.conversationId);
  });

  test('starting greets without the person typing; starting again does not greet twice', async () => {
    const chat = await DirectLineClient.start(url);
    const first = await chat.activities();
    expect(first.status).toBe(200);
    expect(first.activities.map((a) => a.text).join('\n')).toMatch(/happy to go on/);
    expect(first.activities.every((a) => a.from?.role === 'bot' && a.conversation?.id === chat.conversationId)).toBe(true);
    const again = await chat.request('POST', '/v3/directline/conversations');
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(chat.conversationId);
    expect((await chat.activities()).activities).toHaveLength(first.activities.length);
  });

  test('a message comes back with the id the POST returned, from the token user, then the reply follows', async () => {
    const chat = await DirectLineClient.start(url);
    const { watermark } = await chat.activities();
    const posted = await chat.post({
      type: 'message',
      text: 'yes',
      from: { id: 'dl_someone-else', name: 'Mallory' },
      channelData: { clientActivityID: 'web-1', evil: true },
    });
    expect(posted.status).toBe(200);
    const { activities } = await chat.activities(watermark);
    const echo = activities.find((a) => a.id === posted.body.id)!;
    expect(echo).toMatchObject({ text: 'yes', from: { id: chat.userId, role: 'user' }, channelData: { clientActivityID: 'web-1' } });
    expect(echo.channelData).not.toHaveProperty('evil');
    expect(echo.from).not.toHaveProperty('name');
    expect(activities[activities.length - 1].text).toMatch(/What matters to you just now/);
  });

  test('a card button press (a value, no text) is understood', async () => {
    const chat = await DirectLineClient.start(url);
    const { activities, watermark } = await chat.activities();
    const consent = JSON.stringify(activities[activities.length - 1].attachments);
    expect(consent).toContain('"at":"consent"');
    const res = await chat.post({
      type: 'message',
      value: { answer: "Yes, let's start", at: 'consent' },
      channelData: { clientActivityID: 'b1', postBack: true },
    });
    expect(res.status).toBe(200);
    expect(await chat.botText(watermark)).toMatch(/What matters to you just now/);
  });

  test('a poll waits for news and returns as soon as the reply is there', async () => {
    const chat = await DirectLineClient.start(url);
    const { watermark } = await chat.activities();
    const started = Date.now();
    const poll = chat.activities(watermark);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await chat.say('yes');
    const result = await poll;
    expect(result.activities.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
    // Nothing new: the next poll returns only what came after its watermark.
    const rest = await chat.activities(result.watermark);
    expect(rest.activities.every((a) => Number(a.id!.split('|')[1]) > Number(result.watermark))).toBe(true);
  });

  test('reconnecting and refreshing keep the same conversation', async () => {
    const chat = await DirectLineClient.start(url);
    const refreshed = await chat.request('POST', '/v3/directline/tokens/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(chat.conversationId);
    chat.token = refreshed.body.token ?? '';
    const reconnect = await chat.request('GET', `/v3/directline/conversations/${chat.conversationId}?watermark=`);
    expect(reconnect.status).toBe(200);
    expect((await chat.activities()).activities.length).toBeGreaterThan(0);
  });

  test('a whole conversation by typing, then the record holds the words typed', async () => {
    const chat = await DirectLineClient.start(url);
    await chat.say('yes');
    await chat.say('Time to see my friends');
    await chat.say('2');
    await chat.say('I never get out');
    await chat.say('Someone to sit with Mum on Tuesdays');
    for (let i = 1; i < 14; i++) await chat.say('skip');
    // One area talked about: nothing to choose priorities from, so straight to the summary.
    expect(await chat.botText()).toMatch(/Here is what you told me/);
    await chat.say('yes');
    await chat.say('keep it private');
    expect(await chat.botText()).toMatch(/Your reference code is/);
    const records = [];
    for await (const r of app.store.records.all()) records.push(r);
    const record = records.find((r) => r.whatMatters === 'Time to see my friends')!;
    expect(record.channel).toBe('webchat');
    expect(record.outcomes[0]).toMatchObject({ ownWords: 'I never get out', whatWouldHelp: 'Someone to sit with Mum on Tuesdays' });
  });

  test('no message text reaches the logs', () => {
    const logs = logLines.join('\n');
    for (const words of ['Time to see my friends', 'I never get out', 'Someone to sit with Mum']) expect(logs).not.toContain(words);
    expect(logs).toContain('webchat.conversation.started');
  });
});

describe('tokens', () => {
  test('no token, a forged token or a token from another server: 401', async () => {
    const chat = await DirectLineClient.start(url);
    const path = `/v3/directline/conversations/${chat.conversationId}/activities`;
    expect((await chat.request('GET', path, { token: null })).status).toBe(401);
    const [head, body, mac] = chat.token.split('.');
    const flipped = `${head}.${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await chat.request('GET', path, { token: flipped })).status).toBe(401);
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const changed = Buffer.from(JSON.stringify({ ...claims, user: 'dl_somebody-else' })).toString('base64url');
    expect((await chat.request('GET', path, { token: `${head}.${changed}.${mac}` })).status).toBe(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect((await chat.request('GET', path, { token: `${none}.${body}.` })).status).toBe(401);
    const elsewhere = new TokenSigner('another-server-secret-that-is-long-enough-0123456789').issue(chat.conversationId, chat.userId).token;
    const res = await chat.request('POST', path, { token: elsewhere, body: { type: 'message', text: 'hello' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'this token is not valid' });
    expect((await chat.request('POST', '/v3/directline/tokens/refresh', { token: flipped })).status).toBe(401);
  });

  test('an expired token gets 403 and cannot be refreshed', async () => {
    const chat = await DirectLineClient.start(url);
    const expired = new TokenSigner(SECRET, () => Date.now() - 31 * 60 * 1000).issue(chat.conversationId, chat.userId).token;
    const res = await chat.request('GET', `/v3/directline/conversations/${chat.conversationId}/activities`, { token: expired });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/timed out/);
    expect((await chat.request('POST', '/v3/directline/tokens/refresh', { token: expired })).status).toBe(403);
  });

  test("one conversation's token never reads or posts to another: 403", async () => {
    const alice = await DirectLineClient.start(url);
    const bob = await DirectLineClient.start(url);
    await bob.say('yes');
    expect((await alice.activities('', bob.conversationId)).status).toBe(403);
    expect((await alice.request('GET', `/v3/directline/conversations/${bob.conversationId}`)).status).toBe(403);
    const posted = await alice.post({ type: 'message', text: 'stop' }, bob.conversationId);
    expect(posted.status).toBe(403);
    expect(posted.body).toEqual({ error: 'this token is for a different conversation' });
    // Bob's conversation is untouched.
    const state = await app.store.conversations.get(bob.conversationId);
    expect(state?.step.kind).toBe('what-matters');
    expect(await bob.botText()).not.toMatch(/we have stopped/);
  });
});

describe('bad input gets a clear answer and loses nothing', () => {
  test('a body over the size limit: 413, and the conversation carries on', async () => {
    const chat = await DirectLineClient.start(url);
    const { activities } = await chat.activities();
    const big = await chat.say('x'.repeat(40 * 1024));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/at most \d+ bytes/);
    const huge = await chat.say('x'.repeat(300 * 1024));
    expect(huge.status).toBe(413);
    expect((await chat.activities()).activities).toHaveLength(activities.length);
    expect((await chat.say('yes')).status).toBe(200);
    expect(await chat.botText()).toMatch(/What matters to you just now/);
  });

  test('a long answer under the limit gets the bot\'s own "a bit long" answer', async () => {
    const chat = await DirectLineClient.start(url);
    await chat.say('yes');
    const { watermark } = await chat.activities();
    expect((await chat.say('word '.repeat(600))).status).toBe(200);
    expect(await chat.botText(watermark)).toMatch(/a bit long/);
  });

  test('something that is not a message: 400 with a reason', async () => {
    const chat = await DirectLineClient.start(url);
    const path = `/v3/directline/conversations/${chat.conversationId}/activities`;
    const wrongType = await chat.request('POST', path, { body: { type: 'invoke', name: 'x' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/^type: /);
    const files = await chat.request('POST', path, { body: { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'x' }] } });
    expect(files.status).toBe(400);
    expect(files.body.error).toMatch(/files cannot be sent/);
    const notJson = await chat.request('POST', path, { raw: '{"type": "message", ' });
    expect(notJson.status).toBe(400);
    expect(JSON.stringify(notJson.body)).not.toMatch(/at .*\.js/);
    expect((await chat.request('GET', `/v3/directline/conversations/${chat.conversationId}/activities?watermark=abc`)).status).toBe(400);
  });
});

describe('rate limits', () => {
  test('per conversation: the sixth request in a minute gets 429 with when to retry; another conversation is fine', async () => {
    const limited = await testApp({ ...carerOnly, WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: '5' });
    const base = await limited.listen(0);
    try {
      const chat = await DirectLineClient.start(base); // one request
      for (let i = 0; i < 4; i++) expect((await chat.activities()).status).toBe(200);
      const refused = await chat.request('GET', `/v3/directline/conversations/${chat.conversationId}/activities`);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ error: expect.stringMatching(/wait a moment/), retryAfterSeconds: expect.any(Number) });
      // A refreshed token does not get a fresh budget.
      expect((await chat.request('POST', '/v3/directline/tokens/refresh')).status).toBe(429);
      const other = await DirectLineClient.start(base);
      expect((await other.activities()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  test('per address, and new chats per address', async () => {
    const limited = await testApp({ ...carerOnly, WEBCHAT_ADDRESS_REQUESTS_PER_MINUTE: '6', WEBCHAT_NEW_CHATS_PER_HOUR: '2' });
    const base = await limited.listen(0);
    try {
      const first = await DirectLineClient.start(base); // 2 requests from this address
      await DirectLineClient.start(base); // 4
      const third = await fetch(`${base}/api/directline/token`, { method: 'POST' }); // 5: over the new-chat budget
      expect(third.status).toBe(429);
      expect(((await third.json()) as { error: string }).error).toMatch(/too many new chats/);
      expect((await first.activities()).status).toBe(200); // 6
      expect((await first.activities()).status).toBe(429); // 7: over the address budget
    } finally {
      await limited.close();
    }
  });
});

describe('the page and its headers', () => {
  test('the page is served with a strict policy, the emergency line, the privacy link and no inline script', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/frame-ancestors 'self';/);
    expect(csp).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('In an emergency, call 999.');
    expect(html).toContain('href="https://example.org/privacy"');
    expect(html).toContain('<title>Chat with Riverside Carers Centre</title>');
    expect(html).toMatch(/<script src="\/vendor\/webchat-4\.\d+\.\d+\.js" defer><\/script>/);
    // The only inline script is data, never code.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toEqual(['<script type="application/json" id="chat-config">']);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(html).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${url}/`);
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  test('Web Chat comes from the npm package, compressed and cached for a year', async () => {
    const html = await (await fetch(`${url}/`)).text();
    const src = /src="(\/vendor\/webchat-[^"]+)"/.exec(html)![1];
    const res = await fetch(`${url}${src}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect((await res.text()).length).toBeGreaterThan(1_000_000);
    const cached = await fetch(`${url}${src}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(cached.status).toBe(304);
  });

  test('the embed script carries its words and colours from the data files', async () => {
    const res = await fetch(`${url}/embed.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const js = await res.text();
    expect(js).toContain('"button":"Chat with us"');
    expect(js).toContain('"title":"Chat with Riverside Carers Centre"');
    expect(js).not.toContain('EMBED_SETTINGS*/ {}');
  });
});
