// Attack 6 (issue 14): behind a proxy that appends to X-Forwarded-For, a visitor who writes their own
// entries first ("203.0.113.N, <their real address>") bypassed every per-address limit, because the
// left-most entry was used. The address is now read a configured number of hops from the right.
import { afterAll, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { testApp } from '../support/app.js';

const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

async function start(env: Record<string, string>): Promise<string> {
  const app = await testApp({ WEBCHAT_NEW_CHATS_PER_HOUR: '3', ...env });
  apps.push(app);
  return app.listen(0);
}

function newChat(url: string, forwardedFor: string) {
  return fetch(`${url}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: '{}' });
}

describe('X-Forwarded-For behind a trusted proxy', () => {
  test('TRUST_PROXY=true (one proxy): made-up entries on the left do not make a new address', async () => {
    const url = await start({ TRUST_PROXY: 'true' });
    const statuses: number[] = [];
    for (let n = 1; n <= 10; n++) statuses.push((await newChat(url, `203.0.113.${n}, 198.51.100.7`)).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    // Another visitor, as the proxy saw them, has their own allowance.
    expect((await newChat(url, '203.0.113.1, 198.51.100.8')).status).toBe(200);
  });

  test('TRUST_PROXY=2 (a load balancer and nginx): the entry two from the right is the visitor', async () => {
    const url = await start({ TRUST_PROXY: '2' });
    const statuses: number[] = [];
    for (let n = 1; n <= 6; n++) statuses.push((await newChat(url, `203.0.113.${n}, 198.51.100.9, 10.0.0.2`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  test('without TRUST_PROXY the header is ignored: the connection is the address', async () => {
    const url = await start({});
    const statuses: number[] = [];
    for (let n = 1; n <= 5; n++) statuses.push((await newChat(url, `203.0.113.${n}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  test('the "my copy" page counts guesses the same way', async () => {
    const url = await start({ TRUST_PROXY: '1' });
    const statuses: number[] = [];
    for (let n = 1; n <= 12; n++) {
      const res = await fetch(`${url}/my-copy`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `203.0.113.${n}, 198.51.100.10` },
        body: 'code=ABCD-EFGH-JK',
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });
});
