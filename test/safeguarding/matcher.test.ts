// The phrase language: whole words, choices, optional words, gaps, sentence ends, groups and exclusions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ConfigError } from '../../src/config.js';
import { compilePhrase, createSafeguardingCheck, normaliseForSafeguarding, PhraseError } from '../../src/conversation/safeguarding.js';
import { loadSafeguarding } from '../../src/privacy/safeguarding-file.js';

const check = (phrases: string[], exclusions: string[] = [], groups: Record<string, string> = {}) =>
  createSafeguardingCheck({ groups, categories: { test: phrases }, exclusions });

describe('normalising text', () => {
  test('contractions, case, accents and punctuation', () => {
    expect(normaliseForSafeguarding("I CAN'T go on. Im scared!")).toBe(' i can not go on . i am scared . ');
    expect(normaliseForSafeguarding('cant  wont dont')).toBe(' can not will not do not ');
    expect(normaliseForSafeguarding('Zoë’s café')).toBe(' zoe s cafe ');
    expect(normaliseForSafeguarding("he's gonna")).toBe(' he is going to ');
  });
});

describe('spelling, Scots and inflections', () => {
  test('a ~ word matches every form of it, from the lexicon', () => {
    const c = check(['{person} ... grab~ me', 'bite~ me'], [], { person: 'he|she' });
    for (const text of ['he grabs me', 'she grabbed me', 'he keeps grabbing me', 'he bit me', 'she has bitten me']) expect(c(text)).toEqual(['test']);
    expect(c('he grabbed a coffee')).toEqual([]);
  });

  test("the lists' spellings, a dropped final g and two swapped letters are read as the lists spell them", () => {
    const lists = { categories: { test: ['can not cope', 'hitting me', 'my boyfriend ... hit~ me', 'i am not coping'] }, spellings: { cannae: 'can not' } };
    const c = createSafeguardingCheck(lists);
    expect(c('I cannae cope')).toEqual(['test']);
    expect(c("he's been hittin me")).toEqual(['test']);
    expect(c('my boyfreind hit me')).toEqual(['test']);
    expect(c('am no coping'.replace('no', 'not'))).toEqual(['test']);
    expect(c('he is sitting me down')).toEqual([]);
  });

  test("'s reads as is or has where the next word says which", () => {
    expect(normaliseForSafeguarding("Mum's collapsed. Dad's going mad. Dad's chair")).toBe(' mum has collapsed . dad is going mad . dad s chair ');
  });
});

describe('the phrase language', () => {
  test('whole words only', () => {
    const c = check(['kill myself']);
    expect(c('I want to kill myself')).toEqual(['test']);
    expect(c('skill myselfish')).toEqual([]);
  });

  test('prefix, choice, optional, gap and end', () => {
    expect(check(['suicid*'])('suicidal thoughts')).toEqual(['test']);
    expect(check(['(hit|hits) me'])('he hits me')).toEqual(['test']);
    expect(check(['end [my] life'])('end life')).toEqual(['test']);
    expect(check(['[some|the] time'])('the time')).toEqual(['test']);
    expect(check(['he ... hits me'])('he sometimes really hits me')).toEqual(['test']);
    expect(check(['he ... hits me'])('he is a man who one day maybe hits me')).toEqual([]);
    expect(check(['going to jump $'])("I'm going to jump.")).toEqual(['test']);
    expect(check(['going to jump $'])("He's going to jump in the pool")).toEqual([]);
  });

  test('a phrase is only run when the text has one of its words, and matches as before', () => {
    // Each phrase is looked up by a word it must have (the fewest choices): here "me", a form of hit, a prefix, or none at all.
    const c = check(['[really] (hit~|punch*) me', '([very] | [so]) scared', 'frighten*', '[my] (partner|he) ... (shout|yell) $'], ['not (hit|punched) me']);
    expect(c('he really punched me')).toEqual(['test']);
    expect(c('she hits me')).toEqual(['test']);
    expect(c('hit me')).toEqual(['test']);
    expect(c('I am so scared')).toEqual(['test']);
    expect(c('frightening')).toEqual(['test']);
    expect(c('my partner always shout.')).toEqual(['test']);
    expect(c('he did not hit me')).toEqual([]);
    expect(c('he did not hit me but he punched me')).toEqual(['test']);
    expect(c('he hit the wall')).toEqual([]);
    expect(c('mehit')).toEqual([]);
    expect(c('')).toEqual([]);
  });

  test('a gap does not run across sentences', () => {
    expect(check(['he ... hits me'])('He is fine. Nobody hits me')).toEqual([]);
  });

  test('groups are written once and used by name', () => {
    const c = check(['{person} ... hits me'], [], { person: 'he|she|my son' });
    expect(c('my son hits me')).toEqual(['test']);
    expect(() => check(['{nobody} hits me'])).toThrow(/unknown group \{nobody\}/);
  });

  test('exclusions blank their words, so the rest of the message is still read', () => {
    const c = check(['kill*'], ['killing time']);
    expect(c("I'm killing time")).toEqual([]);
    expect(c("I'm killing time before I kill myself")).toEqual(['test']);
  });

  test('a broken phrase says which one and what is wrong', () => {
    expect(() => compilePhrase('(hit|hits me')).toThrow(PhraseError);
    expect(() => check(['fine', '(a|)'])).toThrow('categories.test[1]: "(a|)": an empty choice in ( | )');
    expect(() => compilePhrase('...')).toThrow(/needs at least one word/);
    expect(() => compilePhrase('a ] b')).toThrow(/without its opening bracket/);
  });
});

describe('loading the lists', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'safeguarding-'));

  test("an organisation's own phrases are added to the shipped ones", () => {
    const own = path.join(dir, 'own.yaml');
    writeFileSync(own, 'categories:\n  harm-to-self:\n    - (zorblat|florp) myself\n');
    const c = loadSafeguarding({ phrasesFile: own });
    expect(c('I will zorblat myself')).toEqual(['harm-to-self']);
    expect(c('I want to kill myself')).toEqual(['harm-to-self']);
    const only = loadSafeguarding({ phrasesFile: own, replaceDefaults: true });
    expect(only('I want to kill myself')).toEqual([]);
  });

  test('a bad file stops start-up with one line naming it', () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'categories:\n  harm-to-self:\n    - (oops\n');
    expect(() => loadSafeguarding({ phrasesFile: bad })).toThrow(ConfigError);
    expect(() => loadSafeguarding({ phrasesFile: bad })).toThrow(/bad\.yaml: categories\.harm-to-self\[0\]: "\(oops": a "\(" is not closed/);
    expect(() => loadSafeguarding({ phrasesFile: path.join(dir, 'missing.yaml') })).toThrow(/missing\.yaml: file not found/);
  });
});
