// The printable "my copy" page over real HTTP: the code goes in a POSTed form, never in a URL.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { testApp } from '../support/app.js';
import { carerOnly, finishConversation } from './support.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function started() {
  const app = await testApp(carerOnly);
  apps.push(app);
  const url = await app.listen(0);
  return { app, url };
}

const post = (url: string, body: string) => fetch(`${url}/my-copy`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('the my copy page', () => {
  test('shows a form that posts the code in the body, and is never cached or framed', async () => {
    const { url } = await started();
    const res = await fetch(`${url}/my-copy`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<form method="post" action="\/my-copy"/);
    expect(html).toMatch(/Your reference code/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  test('a right code shows everything said, escaped, with a print button', async () => {
    const { app, url } = await started();
    const { code } = await finishConversation(app, { whatMatters: 'Getting <b>Ignatius</b> to the pool & back' });
    const res = await post(url, `code=${encodeURIComponent(code.toLowerCase())}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Getting &lt;b&gt;Ignatius&lt;/b&gt; to the pool &amp; back');
    expect(html).toContain('Grandad Fitzwilliam naps all afternoon');
    expect(html).toMatch(/Print this page/);
    expect(html).toContain('Your health and sleep');
    expect(html).not.toMatch(/Maintaining health and well-being|Quality of life for the cared-for person/);
    expect(html).not.toContain(code);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('a wrong or missing code gets the form again with a plain message, and guessing is limited', async () => {
    const { url } = await started();
    for (const body of ['code=ABCD-EFGH-JK', 'code=', 'nothing=here', 'code=%3Cscript%3E']) {
      const res = await post(url, body);
      expect(res.status).toBe(404);
      expect(await res.text()).toMatch(/couldn&#39;t find anything kept under that code/);
    }
    let last = 0;
    for (let i = 0; i < 8; i++) last = (await post(url, 'code=ABCD-EFGH-JK')).status;
    expect(last).toBe(429);
  });
});
