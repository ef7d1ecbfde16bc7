// The made-once forms of the shipped lists' "~" words are what the lexicon says, so start-up need not load it.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { inflectWithLexicon, tildeWords } from '../../src/conversation/inflections.js';
import { INFLECTIONS_FILE, loadPhraseLists } from '../../src/privacy/safeguarding-file.js';

describe('config/safeguarding.inflections.json', () => {
  test('holds every "~" word of config/safeguarding.yaml with the forms the lexicon gives', () => {
    const lists = loadPhraseLists('config/safeguarding.yaml');
    const words = tildeWords([...Object.values(lists.categories).flat(), ...lists.exclusions, ...Object.values(lists.groups)]);
    const expected = Object.fromEntries(words.map((w) => [w, inflectWithLexicon(w)]));
    const made = JSON.parse(readFileSync(INFLECTIONS_FILE, 'utf8')) as unknown;
    // On a change to the lists, write this object to the file (JSON, two-space indent).
    expect(made).toEqual(expected);
    expect(inflectWithLexicon('grab')).toEqual(['grab', 'grabbed', 'grabs', 'grabbing']);
  });
});
