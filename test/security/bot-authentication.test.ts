// With an app id set, /api/messages accepts only Bot Framework tokens: missing or forged ones get 401.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHmac } from 'node:crypto';
import type { App } from '../../src/app.js';
import { testApp } from '../support/app.js';

let app: App;
let url: string;
beforeAll(async () => {
  app = await testApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'invented-secret', MicrosoftAppType: 'MultiTenant' });
  url = await app.listen(0);
});
afterAll(async () => {
  await app.close();
});

const activity = JSON.stringify({
  type: 'message',
  text: 'hello',
  channelId: 'webchat',
  serviceUrl: 'https://example.invalid/',
  conversation: { id: 'auth-1' },
  from: { id: 'someone' },
  recipient: { id: 'bot' },
});

function forgedToken(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ iss: 'https://api.botframework.com', aud: '00000000-0000-0000-0000-000000000001', exp: Math.floor(Date.now() / 1000) + 600 });
  const sig = createHmac('sha256', 'guess').update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

describe('an authenticated bot', () => {
  test('a request without a token is refused with 401', async () => {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity });
    expect(res.status).toBe(401);
  });

  test('a forged token is refused with 401', async () => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forgedToken()}` },
      body: activity,
    });
    expect(res.status).toBe(401);
  });

  test('nothing was stored for the refused requests', async () => {
    expect(await app.store.conversations.get('auth-1')).toBeUndefined();
  });
});
