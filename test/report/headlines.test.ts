// The headline figures a manager asks for in Teams, as data, as text and as an Adaptive Card 1.5.
import path from 'node:path';
import { projectRoot } from '../../src/cards/files.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import { buildReport } from '../../src/report/build-report.js';
import { headlineFigures, renderHeadlineCard } from '../../src/report/headlines.js';
import { generateRecords } from '../fixtures/generate-records.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';
import { cardProblems } from '../support/adaptive-card.js';

const scripts = loadScripts(path.join(projectRoot(), 'dialogs'), ['carer', 'adult', 'care-home']);
const NOW = new Date('2026-01-05T09:00:00Z');

describe('headline figures for Teams', () => {
  it('takes its numbers from the report, and ranks priorities and themes', async () => {
    const records = generateRecords({ count: 1200, seed: 8, from: '2025-01-01', to: '2025-12-31' });
    const report = await buildReport(records, { from: '2025-01-01', to: '2025-12-31', scripts, now: NOW });
    const h = headlineFigures(report);
    const fact = (key: string) => h.facts.find((f) => f.key === key);
    expect(h.period).toBe('2025-01-01 to 2025-12-31');
    expect(fact('conversations')?.count).toEqual(report.conversations);
    expect(fact('conversations')?.display).toBe((report.conversations as { n: number }).n.toLocaleString('en-GB'));
    expect(fact('people')?.count).toEqual(report.people);
    expect(fact('flagged')?.count).toEqual(report.safety.flagged);
    const done = report.safety.followUp.rows.find((r) => r.key === 'done')?.count as { n: number };
    expect(fact('open-follow-up')?.count).toEqual({ n: (report.safety.followUp.total as { n: number }).n - done.n });
    expect(h.topPriorities).toHaveLength(3);
    const counts = h.topPriorities.map((p) => (p.count as { n: number }).n);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    const best = Math.max(...report.scripts.flatMap((s) => s.outcomes.map((o) => ('n' in o.priority ? o.priority.n : 0))));
    expect(counts[0]).toBe(best);
    expect(h.topThemes).toHaveLength(3);
    expect(h.quotes.length).toBeGreaterThan(0);
    expect(h.caveat).toContain('fewer than 5');
  });

  it('renders a valid Adaptive Card 1.5 with the same words as its plain-text fallback', async () => {
    const records = generateRecords({ count: 600, seed: 9, from: '2025-01-01', to: '2025-12-31' });
    const report = await buildReport(records, { from: '2025-01-01', to: '2025-12-31', scripts, script: 'carer', now: NOW });
    const { card, text } = renderHeadlineCard(headlineFigures(report));
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(cardProblems(card)).toEqual([]);
    expect(card.fallbackText).toBe(text);
    expect(text).toContain('Only conversations using the script');
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    for (const line of text.split('\n').filter((l) => /^[A-Z].*: /.test(l))) expect(json).toContain(line.split(': ')[1]);
  });

  it('keeps small numbers hidden, and a person’s words out of markdown', async () => {
    const records = Array.from({ length: 6 }, (_, i) =>
      makeRecord({
        subjectRef: `s-${i}`,
        whatMatters: '[Click here](https://example.invalid) **now** please, it matters',
        safeguardingFlag: i < 2 ? { flagged: true, categories: ['risk-to-self'] } : { flagged: false, categories: [] },
        outcomes: [makeOutcome()],
      }),
    );
    const report = await buildReport(records, { now: NOW });
    const h = headlineFigures(report);
    expect(h.facts.find((f) => f.key === 'flagged')?.display).toBe('fewer than 5');
    for (const f of h.facts) if ('n' in f.count) expect(f.count.n === 0 || f.count.n >= 5).toBe(true);
    const { card } = renderHeadlineCard(h);
    // Quotes go in TextRuns, which Teams never reads as markdown, so the link above stays plain text.
    const blocks = JSON.stringify(card.body);
    expect(blocks).toContain('"type":"TextRun","text":"“[Click here](https://example.invalid) **now** please, it matters”"');
    expect(blocks).not.toMatch(/"type":"TextBlock","text":"[^"]*Click here/);
  });
});
