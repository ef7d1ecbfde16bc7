// The default phrase lists against an invented corpus of disclosures and ordinary sentences, both ways.
// Prints the match and false-alarm rates; thresholds are floors, the printed figures are the result.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadSafeguarding } from '../../src/privacy/safeguarding-file.js';

const Corpus = z.object({
  match: z.record(z.string(), z.array(z.string())),
  noMatch: z.array(z.string()),
  judgement: z.array(z.object({ text: z.string(), flag: z.boolean(), why: z.string().min(10) })).default([]),
});

function readCorpus(file: string) {
  return Corpus.parse(parseYaml(readFileSync(file, 'utf8')));
}

const check = loadSafeguarding();

function rates(file: string) {
  const corpus = readCorpus(file);
  const disclosures = Object.entries(corpus.match).flatMap(([category, texts]) => texts.map((text) => ({ category, text })));
  const missed = disclosures.filter((d) => check(d.text).length === 0);
  const wrongCategory = disclosures.filter((d) => check(d.text).length > 0 && !check(d.text).includes(d.category));
  const falseAlarms = corpus.noMatch.filter((t) => check(t).length > 0);
  const judgementWrong = corpus.judgement.filter((j) => check(j.text).length > 0 !== j.flag);
  const pct = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)}%`;
  const size = disclosures.length + corpus.noMatch.length + corpus.judgement.length;
  const line =
    `safeguarding ${file.replace(/^.*\//, '')}: ${size} phrasings; ` +
    `match rate ${pct(disclosures.length - missed.length, disclosures.length)} (${disclosures.length - missed.length}/${disclosures.length}), ` +
    `right category ${pct(disclosures.length - missed.length - wrongCategory.length, disclosures.length)}, ` +
    `false-alarm rate ${pct(falseAlarms.length, corpus.noMatch.length)} (${falseAlarms.length}/${corpus.noMatch.length}), ` +
    `judgement calls as documented ${corpus.judgement.length - judgementWrong.length}/${corpus.judgement.length}`;
  return { corpus, disclosures, missed, wrongCategory, falseAlarms, judgementWrong, size, line };
}

describe('safeguarding phrase lists against the corpus', () => {
  const main = rates('test/safeguarding/corpus.yaml');

  test('reports the match and false-alarm rates', () => {
    console.log(main.line);
    if (main.missed.length) console.log(`missed: ${main.missed.map((m) => JSON.stringify(m.text)).join(', ')}`);
    if (main.falseAlarms.length) console.log(`false alarms: ${main.falseAlarms.map((t) => JSON.stringify(t)).join(', ')}`);
    if (main.wrongCategory.length) console.log(`other category: ${main.wrongCategory.map((m) => `${JSON.stringify(m.text)} -> ${check(m.text).join('+')} (expected ${m.category})`).join(', ')}`);
    expect(main.size).toBeGreaterThanOrEqual(200);
  });

  test('every clear disclosure in the corpus is flagged', () => {
    expect(main.missed.map((m) => m.text)).toEqual([]);
  });

  test('no ordinary sentence in the corpus is flagged', () => {
    expect(main.falseAlarms).toEqual([]);
  });

  test('judgement calls behave as documented', () => {
    expect(main.judgementWrong.map((j) => j.text)).toEqual([]);
  });
});

describe('safeguarding phrase lists against held-out sentences (never tuned on)', () => {
  const held = rates('test/safeguarding/holdout.yaml');

  test('reports the held-out rates; floors are loose on purpose', () => {
    console.log(held.line);
    if (held.missed.length) console.log(`held-out missed: ${held.missed.map((m) => JSON.stringify(m.text)).join(', ')}`);
    if (held.falseAlarms.length) console.log(`held-out false alarms: ${held.falseAlarms.map((t) => JSON.stringify(t)).join(', ')}`);
    expect(held.missed.length / held.disclosures.length).toBeLessThanOrEqual(0.65);
    expect(held.falseAlarms.length / held.corpus.noMatch.length).toBeLessThanOrEqual(0.1);
  });
});
