// "stop" in a review works as in the first conversation (issue 12, item 5): keep it for later under her code,
// delete it, or carry on; "no wait i want to keep it" keeps it. "pause" and "I have to go" keep it at once. The
// line listing the commands is shown once and with help; every question says what kind of answer it waits for.
import { describe, expect, test } from '@jest/globals';
import { ReviewTalk } from '../support/review-talk.js';

const CODE = 'ABCD-EFGH-23';
const HINT = 'You can type back, skip, pause, help or stop at any time.';

/** Her own review, started with "review ABCD-EFGH-23": agreed, "some of it" for her health, at "why?". */
const started = () => new ReviewTalk(undefined, { code: CODE }).user('yes').user('some of it').isAt('why', 0);

/** The commands lines shown with the last reply. */
const hints = (t: ReviewTalk) => t.prompts.flatMap((p) => (p.hint ? [p.hint] : []));

describe('"stop" in a review', () => {
  test('asks whether to keep it or delete it; nothing goes yet', () => {
    const t = started()
      .user('stop')
      .isAt('stop-choice')
      .says(/Do you want to keep what you've said, so you can come back to it\? Or delete it\?/)
      .says(/Keep it for later\nDelete it\nCarry on/);
    expect(t.effects).toEqual([]);
  });

  test('"no wait i want to keep it" keeps it under her code, and says how to come back', () => {
    const t = started()
      .user('stop')
      .user('no wait i want to keep it')
      .says(/Okay, I've kept your answers\. To carry on later, type 'review ABCD-EFGH-23'/)
      .isAt('why', 0);
    expect(t.effects).toEqual([{ kind: 'pause', code: CODE }]);
    expect(t.answer()).toEqual({ met: 'partly' });
  });

  test('"delete it" deletes the review, and says so', () => {
    const t = started()
      .user('i want to stop')
      .user('delete it')
      .isAt('ended')
      .says(/Okay, we have stopped\. Nothing new has been kept/);
    expect(t.effects).toEqual([{ kind: 'discard' }]);
  });

  test('"carry on" and "go back" return to the question, with nothing lost', () => {
    started()
      .user('stop')
      .user('carry on')
      .isAt('why', 0)
      .says(/Why do you think that is/);
    const t = started().user('stop').user('go back').isAt('why', 0);
    t.user('the sitter comes on tuesdays now').isAt('next', 0);
    expect(t.answer()).toEqual({ met: 'partly', why: 'the sitter comes on tuesdays now' });
  });

  test('a reply not understood at "keep or delete?" asks again, and stop again does not delete', () => {
    const t = started()
      .user('stop')
      .user('banana')
      .isAt('stop-choice')
      .says(/Keep it for later/);
    t.user('stop').isAt('stop-choice');
    expect(t.effects).toEqual([]);
  });

  test('before she has said anything, stop ends at once: there is nothing to keep', () => {
    const t = new ReviewTalk(undefined, { code: CODE })
      .user('stop')
      .isAt('ended')
      .says(/Nothing new has been kept/);
    expect(t.effects).toEqual([{ kind: 'discard' }]);
  });
});

describe('"pause" and "I have to go" in a review', () => {
  test('"pause" keeps it under her code at once', () => {
    const t = started()
      .user('pause')
      .says(/type 'review ABCD-EFGH-23'/)
      .isAt('why', 0);
    expect(t.effects).toEqual([{ kind: 'pause', code: CODE }]);
  });

  test('"pause" after "stop" keeps it at the question she was on', () => {
    const t = started()
      .user('stop')
      .user('pause')
      .isAt('why', 0)
      .says(/type 'review ABCD-EFGH-23'/);
    expect(t.effects).toEqual([{ kind: 'pause', code: CODE }]);
  });

  test('"sorry hes shouting i have to go" keeps it, says the code, and she can still carry on here', () => {
    const t = started()
      .user('sorry hes shouting i have to go')
      .says(/go when you need to\. I've kept your answers\. When you come back, type 'review ABCD-EFGH-23'\. Or just carry on here/)
      .doesNotSay(/didn't catch/);
    expect(t.effects).toEqual([{ kind: 'pause', code: CODE }]);
    t.user('nights are still bad').isAt('next', 0);
  });
});

describe('the commands line', () => {
  test('is shown under the first question only, and again with help', () => {
    const t = new ReviewTalk();
    expect(hints(t)).toEqual([HINT]);
    t.user('aye').isAt('met', 0);
    expect(hints(t)).toEqual([]);
    t.user('some of it').isAt('why', 0);
    expect(hints(t)).toEqual([]);
    t.user('help').says(/Say what helped or what got in the way/);
    expect(hints(t)).toEqual([HINT]);
    t.user('the sitter helps a bit').isAt('next', 0);
    expect(hints(t)).toEqual([]);
  });
});

describe('each question says what kind of answer it waits for (channelData.outcomesBot.ask)', () => {
  /** The ask and outcomes on the question shown last. */
  const asked = (t: ReviewTalk) => {
    const question = t.prompts.filter((p) => p.card !== 'message').at(-1);
    return { ask: question?.ask, outcomes: question?.outcomes };
  };

  test('consent, has it happened, why, what next, summary, change, sharing', () => {
    const t = new ReviewTalk(undefined, { code: CODE });
    expect(asked(t)).toEqual({ ask: 'consent', outcomes: undefined });
    t.user('yes');
    expect(asked(t)).toEqual({ ask: 'met', outcomes: ['health-and-wellbeing'] });
    t.user('some of it');
    expect(asked(t)).toEqual({ ask: 'say-more', outcomes: ['health-and-wellbeing'] });
    t.user('no');
    expect(asked(t)).toEqual({ ask: 'what-would-help', outcomes: ['health-and-wellbeing'] });
    t.user('no');
    expect(asked(t)).toEqual({ ask: 'met', outcomes: ['money'] });
    t.user('skip');
    expect(asked(t)).toEqual({ ask: 'summary', outcomes: undefined });
    t.user('Change an answer');
    expect(asked(t)).toEqual({ ask: 'change', outcomes: undefined });
    t.user('back').user('yes');
    expect(asked(t)).toEqual({ ask: 'sharing', outcomes: undefined });
    t.user('stop');
    expect(asked(t)).toEqual({ ask: 'stop-choice', outcomes: undefined });
  });
});
