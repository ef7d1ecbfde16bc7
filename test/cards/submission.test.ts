import { MAX_ANSWER_LENGTH, submissionToText } from '../../src/cards/submission.js';

describe('submissionToText', () => {
  it.each([
    [{ answer: '3' }, '3'],
    [{ answer: "I'd rather not say", text: 'left in the box' }, "I'd rather not say"],
    [{ kind: 'text', text: 'Getting a full night of sleep' }, 'Getting a full night of sleep'],
    [{ kind: 'choices', choices: '1,3' }, '1, 3'],
    [{ kind: 'choices', choices: '2' }, '2'],
    [{ answer: 'back', msteams: { x: 1 }, extra: true }, 'back'],
  ])('turns %j into what the person would have typed', (value, text) => {
    expect(submissionToText(value)).toEqual({ ok: true, text });
  });

  it.each([
    [null, /not an object/],
    ['3', /not an object/],
    [['3'], /not an object/],
    [42, /not an object/],
    [{ answer: 'x'.repeat(MAX_ANSWER_LENGTH + 1) }, /answer is longer than 500/],
    [{ answer: '' }, /answer is empty/],
    [{ answer: 3 }, /answer must be a string/],
    [{ kind: 'voice', text: 'hi' }, /kind must be "text", "choices" or "areas"/],
    [{ kind: 'text', text: 7 }, /text must be a string/],
    [{ kind: 'text' }, /answer box was empty/],
    [{ kind: 'text', text: '   ' }, /answer box was empty/],
    [{ kind: 'choices', choices: '' }, /nothing was chosen/],
    [{ kind: 'choices', choices: ['1', '2'] }, /choices must be a string/],
    [{}, /neither an answer nor a kind/],
  ])('refuses %j with a plain reason', (value, reason) => {
    const result = submissionToText(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('the quick-pass card', () => {
  it('turns one answer per area into the words a person could type: "1: 3; 2: declined"', () => {
    expect(submissionToText({ kind: 'areas', area1: '3', area2: 'declined', area3: '' })).toEqual({ ok: true, text: '1: 3; 2: declined' });
  });

  it('refuses an area answer that is not on the list, and a card sent with nothing picked', () => {
    expect(submissionToText({ kind: 'areas', area1: 'DROP TABLE' })).toEqual({ ok: false, reason: 'an area was given an answer that is not on the list' });
    expect(submissionToText({ kind: 'areas' })).toEqual({ ok: false, reason: 'nothing was chosen' });
  });
});
