// The default phrase lists against the tuning corpus and three held-out sets, both ways, by kind of risk.
// The tuning corpus must be met in full; the held-out sets are never tuned on, so their printed rates are
// the honest estimate. Round 4 (holdout-2.yaml) carries the targets of issue 13; round 5 (holdout-3.yaml)
// was written by another hand and is the best guide to sentences nobody here has seen.
import { describe, expect, test } from '@jest/globals';
import { loadSafeguarding } from '../../src/privacy/safeguarding-file.js';
import { measure, type SetRates } from './support/rates.js';

const check = loadSafeguarding();

function print(r: SetRates, label: string) {
  console.log(
    [
      ...r.lines,
      ...(r.missed.length ? [`${label} missed: ${r.missed.map((m) => `[${m.kind}] ${JSON.stringify(m.text)}`).join(', ')}`] : []),
      ...(r.falseAlarms.length ? [`${label} false alarms: ${r.falseAlarms.map((f) => `${JSON.stringify(f.text)} -> ${f.got.join('+')}`).join(', ')}`] : []),
    ].join('\n'),
  );
}

describe('the tuning corpus (corpus.yaml: the lists are tuned on it)', () => {
  const r = measure(check, 'test/safeguarding/corpus.yaml');

  test('prints its rates by kind', () => {
    print(r, 'corpus');
    expect(r.disclosures.length + r.negatives.length + r.judgement.length).toBeGreaterThanOrEqual(200);
  });

  test('every disclosure in the corpus is flagged', () => {
    expect(r.missed.map((m) => m.text)).toEqual([]);
  });

  test('no ordinary sentence in the corpus is flagged', () => {
    expect(r.falseAlarms.map((f) => f.text)).toEqual([]);
  });

  test('judgement calls behave as documented', () => {
    expect(r.judgementWrong.map((j) => j.text)).toEqual([]);
  });
});

describe('held-out round 4 (holdout-2.yaml: written before the issue 13 lists, never tuned on)', () => {
  const r = measure(check, 'test/safeguarding/holdout-2.yaml');

  test('is big enough to mean something', () => {
    expect(r.disclosures.length).toBeGreaterThanOrEqual(100);
    expect(r.negatives.length).toBeGreaterThanOrEqual(100);
    expect(new Set(r.disclosures.map((d) => d.kind)).size).toBeGreaterThanOrEqual(11);
  });

  test('recall is 85% or more and false alarms 5% or fewer', () => {
    print(r, 'holdout-2');
    expect(r.recall).toBeGreaterThanOrEqual(0.85);
    expect(r.falseAlarmRate).toBeLessThanOrEqual(0.05);
  });
});

describe('held-out round 3 (holdout.yaml: never tuned on)', () => {
  const r = measure(check, 'test/safeguarding/holdout.yaml');

  test('prints its rates; the floors are loose on purpose', () => {
    print(r, 'holdout');
    expect(r.recall).toBeGreaterThanOrEqual(0.35);
    expect(r.falseAlarmRate).toBeLessThanOrEqual(0.1);
  });
});

describe('held-out round 5 (holdout-3.yaml: written by another hand without seeing the lists, never tuned on)', () => {
  const r = measure(check, 'test/safeguarding/holdout-3.yaml');

  test('is the other half of round 5, across eleven kinds', () => {
    expect(r.disclosures.length).toBeGreaterThanOrEqual(70);
    expect(r.negatives.length).toBeGreaterThanOrEqual(70);
    expect(new Set(r.disclosures.map((d) => d.kind)).size).toBeGreaterThanOrEqual(11);
  });

  // Only the rates are printed, never its sentences, so it can stay held out for the next round.
  // Scored once after round 5's tuning: recall 52% (40/77), false alarms 11% (9/84). The floors sit below
  // that on purpose: they catch a regression, they are not a target.
  test('prints its rates by kind; the floors are loose on purpose', () => {
    console.log(r.lines.join('\n'));
    expect(r.recall).toBeGreaterThanOrEqual(0.45);
    expect(r.falseAlarmRate).toBeLessThanOrEqual(0.15);
  });
});
