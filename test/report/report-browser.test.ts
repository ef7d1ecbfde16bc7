// The HTML report in Debian's Chromium: it renders offline, every chart is there with its words and
// numbers, axe-core finds nothing (WCAG 2.2 A/AA and best practice), and it prints. Screenshots and a
// PDF are kept in artifacts/.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/cards/files.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import { buildReport } from '../../src/report/build-report.js';
import { renderReportHtml } from '../../src/report/html.js';
import { loadReportText } from '../../src/report/text.js';
import { generateRecords } from '../fixtures/generate-records.js';
import { artifact, launchBrowser } from '../support/chromium.js';
import { openPage } from '../web/support/browser.js';

const scripts = loadScripts(path.join(projectRoot(), 'dialogs'), ['carer', 'adult', 'care-home']);
const records = generateRecords({ count: 2500, seed: 5, from: '2025-01-01', to: '2025-12-31' });
const NOW = new Date('2026-01-05T09:00:00Z');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function writeReport(name: string, threshold: number): Promise<{ file: string; html: string; charts: number }> {
  const report = await buildReport(records, { from: '2025-01-01', to: '2025-12-31', scripts, threshold, organisation: 'Riverside Carers Centre', now: NOW });
  const html = await renderReportHtml(report, loadReportText());
  const file = artifact(`${name}.html`);
  writeFileSync(file, html);
  // Overview (3), per script ratings, priorities, change and review (4 each), themes, follow-up.
  return { file, html, charts: 3 + report.scripts.length * 4 + 2 };
}

/** Opens the file and notes every request that is not the file itself or inline data. */
async function open(file: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const { page, problems } = await openPage(browser, { width: 1100, height: 900 });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== `file://${file}`) requests.push(r.url());
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, requests, problems };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** One axe-core pass: WCAG 2.2 A and AA and axe's best practice rules, each violation as a readable line. */
async function axeViolations(page: Page): Promise<{ violations: string[]; passes: number }> {
  // Evaluated through the DevTools protocol, so the report's CSP (no scripts at all) stays in force.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(
    (tags) => (window as unknown as { axe: { run(d: Document, o: unknown): Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[]; passes: unknown[] };
  return {
    violations: result.violations.map(
      (v) =>
        `${v.id}: ${v.help} [${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}]`,
    ),
    passes: result.passes.length,
  };
}

describe('the HTML report in a browser', () => {
  test('renders offline with every chart, its description and its numbers', async () => {
    const { file, html, charts } = await writeReport('report', 5);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/(src|href)="https?:/);

    const { page, requests, problems } = await open(file);
    expect(await page.title()).toBe('What people told us: Riverside Carers Centre');
    expect(await page.locator('h1').count()).toBe(1);
    const images = page.locator('figure.chart img');
    expect(await images.count()).toBe(charts);
    for (let i = 0; i < charts; i++) {
      const img = images.nth(i);
      expect(await img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth > 0)).toBe(true);
      expect(await img.getAttribute('alt')).toBeTruthy();
      const describedBy = await img.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(/chart|bars/i);
    }
    // Each chart has its numbers as a table.
    expect(await page.locator('figure.chart table').count()).toBe(charts);
    // Words beside the figures.
    expect(await page.locator('.quotes blockquote').count()).toBeGreaterThan(50);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);

    const axe = await axeViolations(page);
    expect(axe.violations).toEqual([]);
    expect(axe.passes).toBeGreaterThan(20);

    await page.screenshot({ path: artifact('report.png') });
    await page.screenshot({ path: artifact('report-full.png'), fullPage: true });
    await page.locator('#script-carer').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('report-carer.png') });

    // Printable: the contents list is for screens only, and Chromium makes a PDF of it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    const pdf = await page.pdf({ path: artifact('report.pdf'), format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.context().close();
  }, 120_000);

  test('with many small numbers hidden, still accessible, on a phone-sized screen', async () => {
    const { file, html } = await writeReport('report-strict', 80);
    expect(html).toContain('fewer than 80');
    expect(html).toContain('not shown');
    const { page, requests } = await open(file);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(requests).toEqual([]);
    expect((await axeViolations(page)).violations).toEqual([]);
    // Nothing wider than the screen except inside the scrollable table regions.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifact('report-phone.png') });
    await page.context().close();
  }, 120_000);
});
