// What a person's message is before the conversation reads it, decided in one place and one order: a right
// ("forget me CODE", "my copy"), a review ("review CODE"), coming back ("resume CODE", or a code alone at the
// first questions); anything else is the conversation's.
import { describe, expect, test } from '@jest/globals';
import { loadReviewScript } from '../../src/conversation/review-script.js';
import { readPersonCommand, type PersonCommandWords } from '../../src/conversation/understanding/read-command.js';
import { engineSetup } from '../support/setup.js';

const scripts = engineSetup(['carer', 'adult', 'care-home']).scripts;
const words: PersonCommandWords = {
  forget: scripts.flatMap((s) => s.rights.forget),
  copy: scripts.flatMap((s) => s.rights.copy),
  review: loadReviewScript('dialogs').startWords,
  resume: scripts.flatMap((s) => s.resumeWords),
};
const read = (text: string, bareCode = false) => readPersonCommand(text, words, { bareCode });

describe('commands read before the conversation', () => {
  test("the person's rights: the words alone, or with a code however it is typed", () => {
    expect(read('forget me')).toEqual({ kind: 'forget' });
    expect(read('Forget me abcd efgh 23')).toEqual({ kind: 'forget', code: 'ABCD-EFGH-23' });
    expect(read('withdraw my consent ABCD-EFGH-23')).toEqual({ kind: 'forget', code: 'ABCD-EFGH-23' });
    expect(read('my copy please')).toBeUndefined();
    expect(read('My copy ABCDEFGH23')).toEqual({ kind: 'copy', code: 'ABCD-EFGH-23' });
    // An ordinary answer that starts with the same word stays an answer.
    expect(read('copy of my care plan would help')).toBeUndefined();
    expect(read('delete the bit about money')).toBeUndefined();
  });

  test('a review: the start words and a code; anything else after them is a code that was not found', () => {
    expect(read('review ABCD-EFGH-23')).toEqual({ kind: 'review', code: 'ABCD-EFGH-23' });
    expect(read('look back abcd efgh 23')).toEqual({ kind: 'review', code: 'ABCD-EFGH-23' });
    expect(read('review my notes')).toEqual({ kind: 'review', code: null });
    expect(read('review')).toBeUndefined();
  });

  test('coming back: "resume CODE" anywhere; a code alone only at the first questions; "carry on then" is an answer', () => {
    expect(read('resume ABCD-EFGH-23')).toEqual({ kind: 'resume', code: 'ABCD-EFGH-23' });
    expect(read('carry on abcd efgh 2u')).toEqual({ kind: 'resume', code: null });
    expect(read('carry on then')).toBeUndefined();
    expect(read('continue please')).toBeUndefined();
    expect(read('ABCD-EFGH-23')).toBeUndefined();
    expect(read('ABCD-EFGH-23', true)).toEqual({ kind: 'resume', code: 'ABCD-EFGH-23' });
    expect(read('i hav a carer', true)).toBeUndefined();
  });

  test('the order: a right comes before a code typed alone', () => {
    expect(read('forget me ABCD-EFGH-23', true)).toEqual({ kind: 'forget', code: 'ABCD-EFGH-23' });
  });
});
