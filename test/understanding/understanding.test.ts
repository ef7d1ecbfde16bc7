// How well the bot understands everyday replies, measured on the corpus: each reply put to the real kernel
// at the step it was typed at (bench/understanding-score.ts). Prints the rates by question kind.
import path from 'node:path';
import { loadCorpus } from '../../bench/understanding-corpus.js';
import { percent, rates, scoreEntry, type Scored } from '../../bench/understanding-score.js';
import { engineSetup } from '../support/setup.js';

const setup = engineSetup(['carer', 'adult', 'care-home']);
const score = (file: string) => loadCorpus(path.join(process.cwd(), 'test/understanding', file)).map((e) => scoreEntry(setup, e));

function table(name: string, scored: Scored[]): string {
  const kinds = [...new Set(scored.map((s) => s.entry.at))];
  const line = (label: string, list: Scored[]) => {
    const r = rates(list);
    return `${label.padEnd(16)} ${String(r.total).padStart(4)}  understood ${percent(r.understood, r.total).padStart(4)}  clarified ${percent(r.clarified, r.total).padStart(4)}  misread ${percent(r.misread, r.total).padStart(4)}`;
  };
  return [
    `${name}:`,
    line('all', scored),
    ...kinds.map((k) =>
      line(
        k,
        scored.filter((s) => s.entry.at === k),
      ),
    ),
  ].join('\n');
}

describe('everyday replies, read by the kernel', () => {
  const tuning = score('tuning.yaml');

  it('understands nine in ten tuning replies and misreads almost none', () => {
    console.log(table('tuning set', tuning));
    const r = rates(tuning);
    expect(r.understood / r.total).toBeGreaterThanOrEqual(0.9);
    expect(r.misread / r.total).toBeLessThanOrEqual(0.03);
  });

  // Round 2's tuning half (test/understanding/tuning-2.yaml), written by someone who had not seen the code.
  const tuning2 = score('tuning-2.yaml');

  it('understands nine in ten round-2 tuning replies and misreads almost none', () => {
    console.log(table('tuning-2 set', tuning2));
    const r = rates(tuning2);
    expect(r.understood / r.total).toBeGreaterThanOrEqual(0.9);
    expect(r.misread / r.total).toBeLessThanOrEqual(0.03);
  });

  it("never keeps a bare yes, ok or no as the person's words", () => {
    const junk = [...tuning, ...tuning2].filter((s) => ['yes', 'nothing', 'no'].includes(s.entry.meaning.kind) && /words/.test(s.got));
    expect(junk.map((s) => s.entry.text)).toEqual([]);
  });

  it('never drops words that had to be kept', () => {
    const dropped = [...tuning, ...tuning2].filter(
      (s) => 'words' in s.entry.meaning && s.entry.meaning.words === true && !/words/.test(s.got) && s.got !== 'not-understood',
    );
    expect(dropped.map((s) => `${s.entry.text} -> ${s.got}`)).toEqual([]);
  });

  // The held-out third (test/understanding/README.md): never tuned on. Scored once when the understanding
  // work was finished (4 Dec 2026: understood 81%, clarified 13%, misread 6% of 167; after round 2's general
  // fixes, 5 Dec: 89% / 9% / 2%); printed every run, and held to the first level so a later change cannot
  // quietly make it worse.
  it('on replies it was never tuned on, still understands most and misreads few (printed)', () => {
    const holdout = score('holdout.yaml');
    console.log(table('held-out set', holdout));
    const r = rates(holdout);
    expect(r.understood / r.total).toBeGreaterThanOrEqual(0.78);
    expect(r.misread / r.total).toBeLessThanOrEqual(0.08);
  });

  // Round 2's held-out third (test/understanding/holdout-2.yaml): never read or tuned on. Scored once when the
  // round-2 work was finished (5 Dec 2026: understood 82%, clarified 13%, misread 6% of 71; 76% / 15% / 8% before
  // it); only its rates are printed, never its replies, and it is held just below that level.
  it('on round-2 replies it was never tuned on, still understands most and misreads few (rates printed)', () => {
    const holdout2 = score('holdout-2.yaml');
    console.log(table('held-out set, round 2', holdout2));
    const r = rates(holdout2);
    expect(r.understood / r.total).toBeGreaterThanOrEqual(0.78);
    expect(r.misread / r.total).toBeLessThanOrEqual(0.08);
  });
});
