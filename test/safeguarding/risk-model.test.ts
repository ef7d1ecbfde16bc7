// The risk model beside the phrase lists: trained on today's sets, it catches what the lists miss, leaves everyday
// answers alone, never overrules the lists where a life may be at risk now, and never touches an organisation's own.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flagged, RiskModel, UNCLEAR_RISK, withRiskModel } from '../../src/conversation/risk-model/model.js';
import { trainingFingerprint } from '../../src/conversation/risk-model/training-sets.js';
import { loadSafeguarding, MODEL_FILE } from '../../src/privacy/safeguarding-file.js';

const lists = loadSafeguarding({ model: false });
const check = loadSafeguarding();
const model = RiskModel.parse(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));

describe('the risk model', () => {
  test('was trained on the sets and code as they are now (if not: npm run train:safety)', () => {
    expect(model.trainedOn).toBe(trainingFingerprint());
  });

  test('catches disclosures the phrase lists miss', () => {
    const missedByLists = [
      "i keep a bag packed by the door in case i need to get out fast when he's been drinking",
      "he's had my bank card since march and i've no idea where the money goes",
      "the wee one's been doing all the cooking and getting her wee brother to school since mum took bad, she's only 9",
    ];
    for (const text of missedByLists) {
      expect(lists(text)).toEqual([]);
      expect(check(text)).toHaveLength(1);
    }
  });

  test('names a kind only when it is likely; otherwise a plain "possible risk" with every contact', () => {
    expect(check("the wee one's been doing all the cooking and getting her wee brother to school since mum took bad, she's only 9")).toEqual(['child-at-risk']);
    const kinds = new Set([...Object.keys(model.kinds), UNCLEAR_RISK]);
    expect(check("i keep a bag packed by the door in case i need to get out fast when he's been drinking").every((k) => kinds.has(k))).toBe(true);
  });

  test('leaves everyday answers alone', () => {
    for (const text of [
      "I've started knitting again, it's so calming",
      'he fell asleep in his chair after lunch',
      'the physio has mum on the floor doing stretches',
      "we're doing fine, the new carers are lovely",
      'ok',
      'not great tbh',
    ]) {
      expect(check(text)).toEqual([]);
    }
  });

  test('never lets go of what the lists name where a life may be at risk now, however ordinary it looks to the model', () => {
    const rule = { threshold: 0.9, vetoBelow: 0.5 };
    expect(flagged(rule, ['harm-to-self'], 0)).toBe('lists');
    expect(flagged(rule, ['immediate-danger'], 0)).toBe('lists');
    expect(flagged(rule, ['money-taken'], 0)).toBeUndefined();
    expect(flagged(rule, ['money-taken'], 0.6)).toBe('lists');
    expect(flagged(rule, [], 0.95)).toBe('model');
  });
});

describe("an organisation's own lists", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'risk-model-'));
  const own = path.join(dir, 'own.yaml');
  writeFileSync(own, 'categories:\n  money-taken:\n    - (zorblat|florp) the pension\n');

  test('are always kept: the model never learned their words', () => {
    expect(check('she will florp the pension again')).toEqual([]);
    expect(loadSafeguarding({ phrasesFile: own })('she will florp the pension again')).toEqual(['money-taken']);
    // Even with a model that would let go of almost any match of the lists.
    const sceptical = { ...model, vetoBelow: 0.999 };
    const ownOnly = loadSafeguarding({ phrasesFile: own, replaceDefaults: true });
    const merged = loadSafeguarding({ phrasesFile: own, model: false });
    expect(withRiskModel(merged, sceptical, ownOnly)('she will florp the pension again')).toEqual(['money-taken']);
    expect(withRiskModel(merged, sceptical)('she will florp the pension again')).toEqual([]);
  });

  test('that replace the shipped ones turn the model off', () => {
    const only = loadSafeguarding({ phrasesFile: own, replaceDefaults: true });
    expect(only("he's had my bank card since march and i've no idea where the money goes")).toEqual([]);
  });
});
