// The one-script-tag embed on another site, in Chromium: the allowed site gets a working chat panel, another site is refused.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { App } from '../../src/app.js';
import { tempDir, testApp } from '../support/app.js';
import { axeViolations } from './support/axe.js';
import { launchBrowser } from '../support/chromium.js';
import { openPage, screenshot } from './support/browser.js';

/** Another organisation's web site: a plain page with the embed snippet pasted in, pointing at `bot.url` once it is known. */
function partnerSite(bot: { url: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en-GB"><head><title>Partner site</title></head><body>
<main><h1>Support for carers</h1><p>Talk to us online.</p></main>
<script src="${bot.url}/embed.js" async></script>
</body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        // "localhost" is a different site from the bot's 127.0.0.1, as a real partner's domain would be.
        url: `http://localhost:${(server.address() as { port: number }).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

let browser: Browser;
let app: App;
const bot = { url: '' };
let allowed: Awaited<ReturnType<typeof partnerSite>>;
let stranger: Awaited<ReturnType<typeof partnerSite>>;

beforeAll(async () => {
  browser = await launchBrowser();
  // The partner sites first, so the organisation file can name one of them; they learn the bot's address after.
  allowed = await partnerSite(bot);
  stranger = await partnerSite(bot);
  const org = parseYaml(readFileSync('config/organisation.example.yaml', 'utf8')) as Record<string, unknown>;
  const file = path.join(tempDir(), 'organisation.yaml');
  writeFileSync(file, stringifyYaml({ ...org, allowedSites: [allowed.url] }));
  app = await testApp({ ORGANISATION_FILE: file });
  bot.url = await app.listen(0);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await allowed?.close();
  await stranger?.close();
});

describe('the embed snippet', () => {
  test('on an allowed site: a button opens a panel with the chat, which works; closing it puts focus back on the button', async () => {
    const { page, problems } = await openPage(browser, { width: 1280, height: 800 });
    await page.goto(allowed.url);
    const button = page.getByRole('button', { name: 'Chat with us' });
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const chat = page.frameLocator('iframe[title="Chat with Riverside Carers Centre"]');
    await chat.locator('.ac-textRun', { hasText: 'Who are we talking about today?' }).waitFor({ timeout: 15_000 });
    await chat.getByRole('button', { name: 'I look after someone', exact: true }).click();
    await chat.locator('.ac-textRun', { hasText: 'Are you happy to go on?' }).waitFor();
    // Inside the frame the page drops its own banner; the emergency line stays.
    await expect(chat.getByText('In an emergency, call 999.').isVisible()).resolves.toBe(true);
    expect((await axeViolations(page)).violations).toEqual([]);
    await screenshot(page, 'webchat-embedded');
    await page.getByRole('button', { name: 'Close the chat' }).click();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chat with us');
    expect(problems).toEqual([]);
  });

  test('on a site that is not allowed, the browser refuses to show the chat in its frame', async () => {
    const { page, problems } = await openPage(browser, { width: 1280, height: 800 });
    const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15_000 });
    await page.goto(stranger.url);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await refused;
    expect(problems.some((p) => /frame-ancestors/.test(p))).toBe(true);
  });
});
