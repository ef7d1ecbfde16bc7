// Runs axe-core inside the page for WCAG 2.2 A and AA, and returns each violation as one readable line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

/** `rule (impact): help [where]` for each violation; an empty list means none. */
export async function axeViolations(page: Page): Promise<{ violations: string[]; passes: number }> {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') stays as it is in production.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    TAGS,
  )) as AxeResult;
  return {
    violations: result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} [${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}]`,
    ),
    passes: result.passes.length,
  };
}
