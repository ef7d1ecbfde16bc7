// Every figure in the report checked against a plain, separate calculation over the same seeded records.
import path from 'node:path';
import { projectRoot } from '../../src/cards/files.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { buildReport } from '../../src/report/build-report.js';
import type { Count, Report } from '../../src/report/report-types.js';
import type { ThemeDefinition } from '../../src/theme-schema.js';
import { defaultThemes } from '../../src/report/themes-file.js';
import { generateRecords } from '../fixtures/generate-records.js';

const FROM = '2025-01-01';
const TO = '2025-06-30';
const NOW = new Date('2025-07-01T09:00:00Z');
const scripts = loadScripts(path.join(projectRoot(), 'dialogs'), ['carer', 'adult', 'care-home']);
const records = generateRecords({ count: 4000, seed: 21, from: '2024-06-01', to: '2025-09-30' });

// A different way to the day in Scotland than the report's own: Intl formatting of each instant.
const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const dayOf = (r: OutcomeRecord) => londonDay.format(new Date(r.confirmedAt));
const inPeriod = (r: OutcomeRecord) => dayOf(r) >= FROM && dayOf(r) <= TO;
const upToEnd = (r: OutcomeRecord) => dayOf(r) <= TO;

function tally<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + 1);
  return m;
}

/** A shown count must be the true one; a hidden one must be hidden for a reason. */
function expectCount(count: Count, truth: number, threshold: number): void {
  if ('n' in count) expect(count.n).toBe(truth);
  else if ('fewerThan' in count) {
    expect(count.fewerThan).toBe(threshold);
    expect(truth).toBeGreaterThan(0);
    expect(truth).toBeLessThan(threshold);
  } else expect(truth).toBeGreaterThan(0);
}

/** Parts of a table with its total shown: none hidden, or at least two adding up to the threshold. */
function expectProtected(parts: Count[], truths: number[], total: Count, threshold: number): void {
  parts.forEach((c, i) => expectCount(c, truths[i], threshold));
  if (!('n' in total)) return;
  const hidden = parts.map((c, i) => ('n' in c ? -1 : i)).filter((i) => i >= 0);
  if (hidden.length === 0) return;
  expect(hidden.length).toBeGreaterThanOrEqual(2);
  expect(hidden.reduce((s, i) => s + truths[i], 0)).toBeGreaterThanOrEqual(threshold);
}

/** Every {n} anywhere in the report: none may be from 1 to threshold-1. */
function shownNumbers(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => shownNumbers(v, out));
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'n') out.push((value as { n: number }).n);
    else for (const v of Object.values(value)) shownNumbers(v, out);
  }
  return out;
}

/** Themes the slow, obvious way: one regular expression per keyword on lower-case text. */
function themeHits(text: string, themes: readonly ThemeDefinition[]): string[] {
  const lower = text.toLowerCase().replace(/’/g, "'");
  return themes
    .filter((t) =>
      t.keywords.some((k) => {
        const word = k.toLowerCase().replace(/’/g, "'");
        const body = word.endsWith('*') ? `${word.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[a-z0-9]*` : word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return new RegExp(`(^|[^a-z0-9])${body.replace(/ /g, '\\s+')}($|[^a-z0-9])`).test(lower);
      }),
    )
    .map((t) => t.id);
}

function check(report: Report, threshold: number): void {
  const period = records.filter(inPeriod);
  expect(period.length).toBeGreaterThan(1000);
  expect(records.length - period.length).toBeGreaterThan(500);

  expectCount(report.conversations, period.length, threshold);
  expectCount(report.people, new Set(period.map((r) => r.subjectRef)).size, threshold);

  const breakdowns: [Report['byMode'], Map<string, number>][] = [
    [report.byScript, tally(period, (r) => r.script.id)],
    [report.byMode, tally(period, (r) => r.mode)],
    [report.byChannel, tally(period, (r) => r.channel)],
    [report.byAnsweredBy, tally(period, (r) => r.answeredBy)],
    [report.bySharing, tally(period, (r) => r.sharing)],
    [
      report.safety.followUp,
      tally(
        period.filter((r) => r.sharing === 'shared' || r.safeguardingFlag.flagged),
        (r) => r.followUp.status,
      ),
    ],
  ];
  for (const [b, truth] of breakdowns) {
    expect(new Set(b.rows.map((r) => r.key))).toEqual(new Set(truth.keys()));
    expectCount(
      b.total,
      [...truth.values()].reduce((a, c) => a + c, 0),
      threshold,
    );
    expectProtected(
      b.rows.map((r) => r.count),
      b.rows.map((r) => truth.get(r.key) ?? 0),
      b.total,
      threshold,
    );
  }
  expectCount(report.safety.flagged, period.filter((r) => r.safeguardingFlag.flagged).length, threshold);

  for (const s of report.scripts) {
    const mine = period.filter((r) => r.script.id === s.id);
    expectCount(s.conversations, mine.length, threshold);
    for (const o of s.outcomes) {
      const answers = mine.flatMap((r) => r.outcomes.filter((a) => a.id === o.id));
      const status = (st: string) => answers.filter((a) => a.status === st).length;
      expectCount(o.asked, answers.length, threshold);
      expectProtected(
        [o.answered, o.declined, o.notApplicable, o.skipped],
        [status('answered'), status('declined'), status('not-applicable'), status('skipped')],
        o.asked,
        threshold,
      );
      expect(o.ratings.map((r) => r.value)).toEqual([1, 2, 3, 4, 5]);
      expectProtected(
        o.ratings.map((r) => r.count),
        o.ratings.map((r) => answers.filter((a) => a.rating?.value === r.value).length),
        o.answered,
        threshold,
      );
      if ('withheld' in o.answered) expect(o.ratings.some((r) => !('n' in r.count))).toBe(true);
      expectCount(o.priority, answers.filter((a) => a.priority).length, threshold);
      expectCount(o.helpAnswers, answers.filter((a) => a.whatWouldHelp?.trim()).length, threshold);
      const met = (m: string) => answers.filter((a) => a.review?.met === m).length;
      expectCount(o.review.total, met('fully') + met('partly') + met('not'), threshold);
      expectProtected([o.review.fully, o.review.partly, o.review.not], [met('fully'), met('partly'), met('not')], o.review.total, threshold);
    }

    // Change over time: people with 2+ records of this script up to the end, one of them in the period;
    // each outcome's latest rating against their earliest.
    const bySubject = new Map<string, OutcomeRecord[]>();
    for (const r of records.filter((x) => x.script.id === s.id && upToEnd(x))) bySubject.set(r.subjectRef, [...(bySubject.get(r.subjectRef) ?? []), r]);
    const people = [...bySubject.values()].filter((rs) => rs.length >= 2 && rs.some(inPeriod));
    expectCount(s.peopleCompared, people.length, threshold);
    for (const o of s.outcomes) {
      const truth = { better: 0, same: 0, worse: 0 };
      for (const rs of people) {
        const rated = rs
          .flatMap((r) =>
            r.outcomes
              .filter((a) => a.id === o.id && a.status === 'answered' && a.rating)
              .map((a) => ({ at: Date.parse(r.confirmedAt), value: a.rating?.value ?? 0 })),
          )
          .sort((a, b) => a.at - b.at);
        if (rated.length < 2 || rated[0].at === rated[rated.length - 1].at) continue;
        const d = rated[rated.length - 1].value - rated[0].value;
        truth[d > 0 ? 'better' : d < 0 ? 'worse' : 'same'] += 1;
      }
      expectCount(o.change.compared, truth.better + truth.same + truth.worse, threshold);
      expectProtected([o.change.better, o.change.same, o.change.worse], [truth.better, truth.same, truth.worse], o.change.compared, threshold);
    }
  }

  // Themes, and answers that matched none.
  const themes = defaultThemes();
  const helps = period.flatMap((r) => r.outcomes.flatMap((a) => (a.whatWouldHelp?.trim() ? [a.whatWouldHelp] : [])));
  expectCount(report.themes.answers, helps.length, threshold);
  const hits = helps.map((h) => themeHits(h, themes));
  expectProtected(
    [...report.themes.themes.map((t) => t.count), report.themes.unmatched],
    [...report.themes.themes.map((t) => hits.filter((h) => h.includes(t.id)).length), hits.filter((h) => h.length === 0).length],
    report.themes.answers,
    threshold,
  );
  const flags = tally(
    period.flatMap((r) => r.safeguardingFlag.categories),
    (c) => c,
  );
  expectProtected(
    report.safety.categories.map((c) => c.count),
    report.safety.categories.map((c) => flags.get(c.key) ?? 0),
    report.safety.flagged,
    threshold,
  );

  // Quotes: only from shared, unflagged records, in the person's own words, and about the right thing.
  const eligible = period.filter((r) => r.sharing === 'shared' && !r.safeguardingFlag.flagged && r.answeredBy !== 'practitioner-on-behalf');
  const ownWords = new Set(eligible.flatMap((r) => r.outcomes.flatMap((a) => (a.ownWords ? [`${r.script.id}/${a.id}/${a.ownWords}/${a.rating?.label}`] : []))));
  const whyWords = new Set(eligible.flatMap((r) => r.outcomes.flatMap((a) => (a.review?.why ? [`${r.script.id}/${a.id}/${a.review.why}`] : []))));
  const helpWords = new Set(eligible.flatMap((r) => r.outcomes.flatMap((a) => (a.whatWouldHelp ? [a.whatWouldHelp] : []))));
  const matters = new Set(eligible.flatMap((r) => (r.whatMatters ? [r.whatMatters] : [])));
  let quotes = 0;
  for (const s of report.scripts) {
    for (const o of s.outcomes) {
      expect(o.quotes.length).toBeLessThanOrEqual(3);
      for (const q of [...o.quotes, ...o.change.quotes]) expect(ownWords.has(`${s.id}/${o.id}/${q.text}/${q.context}`)).toBe(true);
      for (const q of o.review.quotes) expect(whyWords.has(`${s.id}/${o.id}/${q.text}`)).toBe(true);
      quotes += o.quotes.length;
    }
  }
  for (const t of report.themes.themes) for (const q of t.quotes) expect(helpWords.has(q.text)).toBe(true);
  for (const q of report.themes.unmatchedListed) expect(helpWords.has(q.text)).toBe(true);
  expect(new Set(report.themes.unmatchedListed.map((q) => q.text)).size).toBe(report.themes.unmatchedListed.length);
  for (const q of report.whatMattersQuotes) expect(matters.has(q.text)).toBe(true);
  expect(quotes).toBeGreaterThan(0);

  for (const n of shownNumbers(report)) expect(n === 0 || n >= threshold).toBe(true);
}

describe('report figures against a separate calculation', () => {
  let report: Report;

  beforeAll(async () => {
    report = await buildReport(records, { from: FROM, to: TO, scripts, organisation: 'Test Carers Centre', now: NOW });
  });

  it('counts conversations, outcomes, change, reviews, themes, flags and follow-up exactly (threshold 5)', () => {
    check(report, 5);
    expect(report.scripts.map((s) => s.id)).toEqual(['carer', 'adult', 'care-home']);
    expect(report.scripts[0].outcomes.map((o) => o.id)).toEqual(scripts.get('carer')?.outcomes.map((o) => o.id));
  });

  it('hides small numbers, and the numbers that would give them away, with a high threshold', async () => {
    const strict = await buildReport(records, { from: FROM, to: TO, scripts, threshold: 60, now: NOW });
    check(strict, 60);
    const all = JSON.stringify(strict);
    expect(all).toContain('"fewerThan":60');
    expect(all).toContain('"withheld":true');
  });

  it('gives the same report whatever order the store yields the records in', async () => {
    const reversed = await buildReport([...records].reverse(), { from: FROM, to: TO, scripts, organisation: 'Test Carers Centre', now: NOW });
    expect(reversed).toEqual(report);
  });

  it('reads an async stream (a store) the same as an array', async () => {
    async function* stream() {
      for (const r of records) yield r;
    }
    expect(await buildReport(stream(), { from: FROM, to: TO, scripts, organisation: 'Test Carers Centre', now: NOW })).toEqual(report);
  });

  it('filters by script, and by shared records only', async () => {
    const carer = await buildReport(records, { from: FROM, to: TO, scripts, script: 'carer', now: NOW });
    expect(carer.scripts.map((s) => s.id)).toEqual(['carer']);
    expect(carer.byScript.rows.map((r) => r.key)).toEqual(['carer']);
    expectCount(carer.conversations, records.filter((r) => inPeriod(r) && r.script.id === 'carer').length, 5);
    const shared = await buildReport(records, { from: FROM, to: TO, scripts, sharedOnly: true, now: NOW });
    expect(shared.bySharing.rows.map((r) => r.key)).toEqual(['shared']);
    expectCount(shared.conversations, records.filter((r) => inPeriod(r) && r.sharing === 'shared').length, 5);
  });

  it('has no composite score anywhere', () => {
    expect(JSON.stringify(report)).not.toMatch(/"(score|index|average|mean)"/i);
  });
});
