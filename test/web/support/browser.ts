// Debian's Chromium through playwright-core, one browser per test file, a fresh context (fresh sessionStorage) per page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifact } from '../../support/chromium.js';

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and Content-Security-Policy violations seen so far. */
  problems: string[];
}

export async function openPage(browser: Browser, options: { width?: number; height?: number } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text().slice(0, 300)}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = artifact(`${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
