// The default safeguarding check (the phrase lists and the risk model) against the tuning corpus and four
// held-out sets, both ways, by kind of risk. The tuning corpus must be met in full; the held-out sets are never
// tuned on, so their printed rates are the honest estimate. Round 4 (holdout-2.yaml) carries the targets of
// issue 13; rounds 5 and 6 (holdout-3.yaml, holdout-4.yaml) were written by other hands and are the best guide
// to sentences nobody here has seen.
import { describe, expect, test } from '@jest/globals';
import { readEverydayReplies } from '../../src/conversation/risk-model/sets.js';
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

// Held-out sets with loose floors: they catch a regression, they are not a target. The sets written by other
// hands print only their rates, never their sentences, so they can stay held out for the next round.
const LOOSELY_HELD: { file: string; about: string; recallAtLeast: number; falseAlarmsAtMost: number; sentences: boolean }[] = [
  { file: 'holdout.yaml', about: 'round 3: never tuned on', recallAtLeast: 0.35, falseAlarmsAtMost: 0.1, sentences: true },
  // Scored once after round 5's tuning: recall 52% (40/77), false alarms 11% (9/84); with the model (round 7) 82% and 4%.
  {
    file: 'holdout-3.yaml',
    about: 'round 5: written by another hand without seeing the lists',
    recallAtLeast: 0.45,
    falseAlarmsAtMost: 0.15,
    sentences: false,
  },
  // Round 6, written blind, never read; scored after training on writers A to H: recall 85% (112/132), false
  // alarms 7% (9/132), the lists alone 51% and 8%; scored a second time after writers I, K and L: 90% and 6%.
  {
    file: 'holdout-4.yaml',
    about: 'round 6: written blind, scored once after training the model',
    recallAtLeast: 0.75,
    falseAlarmsAtMost: 0.12,
    sentences: false,
  },
  // Round 8, written blind, committed unread; scored once after training on writers A to L (J's set was made by a
  // script, so it was left out): recall 89% (117/132), false alarms 4% (5/132); the lists alone 48% and 9%.
  {
    file: 'holdout-5.yaml',
    about: 'round 8: written blind, committed unread, scored once after training',
    recallAtLeast: 0.8,
    falseAlarmsAtMost: 0.1,
    sentences: false,
  },
];

describe.each(LOOSELY_HELD)('held-out $file ($about)', ({ file, recallAtLeast, falseAlarmsAtMost, sentences }) => {
  const r = measure(check, `test/safeguarding/${file}`);

  test('prints its rates by kind; the floors are loose on purpose', () => {
    if (sentences) print(r, file.replace('.yaml', ''));
    else console.log(r.lines.join('\n'));
    expect(r.disclosures.length).toBeGreaterThanOrEqual(25);
    expect(r.recall).toBeGreaterThanOrEqual(recallAtLeast);
    expect(r.falseAlarmRate).toBeLessThanOrEqual(falseAlarmsAtMost);
  });
});

// Everyday replies to the conversation's questions, held out from the understanding work and never trained on:
// a safety message here interrupts someone for nothing. Measured when the model came in: 4 of 238 (the lists
// alone 1); after writers I, K and L, 7 of 238. Only the rate is printed.
describe('everyday replies held out from the understanding work', () => {
  const replies = ['holdout.yaml', 'holdout-2.yaml'].flatMap((file) => readEverydayReplies(`test/understanding/${file}`));

  test('are seldom taken for a disclosure', () => {
    const flagged = replies.filter((text) => check(text).length > 0).length;
    console.log(`everyday replies held out: ${flagged} of ${replies.length} flagged (${((100 * flagged) / replies.length).toFixed(1)}%)`);
    expect(replies.length).toBeGreaterThanOrEqual(200);
    expect(flagged / replies.length).toBeLessThanOrEqual(0.04);
  });
});
