// Whose words may appear in a report, and which day a late-night conversation belongs to.
import { buildReport } from '../../src/report/build-report.js';
import { renderReportHtml } from '../../src/report/html.js';
import { loadReportText } from '../../src/report/text.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { makeOutcome, makeRecord } from '../fixtures/records.js';

const NOW = new Date('2025-07-01T09:00:00Z');

/** Six shared records so figures are shown, plus one of each kind whose words must never be quoted. */
function people(): OutcomeRecord[] {
  const shared = Array.from({ length: 6 }, (_, i) =>
    makeRecord({
      subjectRef: `subject-shared-${i}`,
      whatMatters: `Keeping my mother at home, week ${i} of many.`,
      outcomes: [makeOutcome({ ownWords: `Tired most evenings, number ${i} of them.`, whatWouldHelp: 'A sitter on a Friday evening.' })],
    }),
  );
  const secret = (marker: string, extra: Partial<OutcomeRecord>) =>
    makeRecord({
      subjectRef: `subject-${marker}`,
      whatMatters: `${marker} what matters text here`,
      outcomes: [makeOutcome({ ownWords: `${marker} own words text here`, whatWouldHelp: `${marker} would help text here` })],
      ...extra,
    });
  return [
    ...shared,
    secret('PRIVATEMARKER', { sharing: 'private' }),
    secret('FLAGGEDMARKER', { safeguardingFlag: { flagged: true, categories: ['risk-to-self'], at: '2025-03-01T10:05:00.000Z' } }),
    secret('BEHALFMARKER', { answeredBy: 'practitioner-on-behalf', mode: 'with-practitioner' }),
  ];
}

describe('report privacy', () => {
  it('quotes only shared, unflagged records in the person’s own words, in the JSON and the HTML', async () => {
    const report = await buildReport(people(), { from: '2025-03-01', to: '2025-03-01', now: NOW });
    const json = JSON.stringify(report);
    const html = await renderReportHtml(report, loadReportText());
    expect(json).toContain('Tired most evenings');
    expect(json).toContain('Keeping my mother at home');
    for (const marker of ['PRIVATEMARKER', 'FLAGGEDMARKER', 'BEHALFMARKER']) {
      expect(json).not.toContain(marker);
      expect(html).not.toContain(marker);
    }
    // The private, flagged and on-behalf records still count.
    expect(report.conversations).toEqual({ n: 9 });
    expect(report.safety.flagged).toEqual({ fewerThan: 5 });
  });

  it('never shows contact details typed into free text, and never puts contact fields in the report', async () => {
    const records = Array.from({ length: 5 }, (_, i) =>
      makeRecord({
        subjectRef: `subject-contact-${i}`,
        contact: { method: 'phone', detail: '01632 960999' },
        outcomes: [makeOutcome({ ownWords: 'Please call me on 01632 960123 or write to pat@example.invalid, G12 8QQ.' })],
      }),
    );
    const report = await buildReport(records, { now: NOW });
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/01632|pat@example|G12 8QQ/);
    expect(report.scripts[0].outcomes[0].quotes[0].text).toBe(
      'Please call me on [contact details removed] or write to [contact details removed], [contact details removed].',
    );
  });

  it('shows no words beside a figure too small to show', async () => {
    const report = await buildReport(people().slice(0, 3), { now: NOW });
    expect(report.conversations).toEqual({ fewerThan: 5 });
    expect(report.whatMattersQuotes).toEqual([]);
    expect(report.scripts[0].outcomes[0].quotes).toEqual([]);
    const html = await renderReportHtml(report, loadReportText());
    expect(html).not.toContain('Tired most evenings');
  });

  it('puts a conversation confirmed at 00:30 British Summer Time on that day, not the day before', async () => {
    // 2025-03-30T23:30Z is 00:30 on 31 March in Scotland (clocks went forward on 30 March).
    const late = makeRecord({ subjectRef: 'subject-late', confirmedAt: '2025-03-30T23:30:00.000Z' });
    const winter = makeRecord({ subjectRef: 'subject-winter', confirmedAt: '2025-01-31T23:30:00.000Z' });
    const count = async (from: string, to: string) => (await buildReport([late, winter], { from, to, threshold: 1, now: NOW })).conversations;
    expect(await count('2025-03-31', '2025-03-31')).toEqual({ n: 1 });
    expect(await count('2025-03-30', '2025-03-30')).toEqual({ n: 0 });
    expect(await count('2025-01-31', '2025-01-31')).toEqual({ n: 1 });
    expect(await count('2025-02-01', '2025-03-30')).toEqual({ n: 0 });
  });

  it('refuses dates that are not dates', async () => {
    await expect(buildReport([], { from: '2025-02-30' })).rejects.toThrow('from must be a date like 2026-01-31');
    await expect(buildReport([], { from: '2025-03-02', to: '2025-03-01' })).rejects.toThrow('from must not be after to');
  });

  it('makes a sensible empty report', async () => {
    const report = await buildReport([], { from: '2025-01-01', to: '2025-01-31', now: NOW });
    expect(report.conversations).toEqual({ n: 0 });
    expect(report.scripts).toEqual([]);
    const html = await renderReportHtml(report, loadReportText());
    expect(html).toContain(loadReportText().noConversations);
  });
});
