// A review read the way the first conversation reads everyday replies: "aye", "mostly", "dunno", "its ok i
// guess", a reason typed with the answer, at each question of the review; "yes", "ok" and "no" are never kept
// as the person's words; "what does this mean?" and "I have to go" work anywhere.
import { describe, expect, test } from '@jest/globals';
import { ReviewTalk } from '../support/review-talk.js';

/** Agreed, and at "Has this happened the way you hoped?" for health. */
const atMet = () => new ReviewTalk().user('yes').isAt('met', 0);

describe('"Are you happy to go on?"', () => {
  test('"aye" and "its ok i guess" agree; "dunno" explains; "no thanks" ends with nothing kept', () => {
    new ReviewTalk()
      .user('aye')
      .isAt('met', 0)
      .says(/Has this happened the way you hoped/);
    new ReviewTalk().user('its ok i guess').isAt('met', 0);
    new ReviewTalk().user('aye go on, as long as its quick').isAt('met', 0);
    new ReviewTalk()
      .user('dunno')
      .isAt('consent')
      .says(/Press 'Yes, let's start' to begin/);
    const declined = new ReviewTalk()
      .user('no thanks')
      .isAt('ended')
      .says(/Nothing new has been kept/);
    expect(declined.effects).toEqual([{ kind: 'discard' }]);
  });
});

describe('"Has this happened the way you hoped?"', () => {
  test('"aye" is Yes, "mostly" and "its ok i guess" are Some of it, "naw" is No; then "why?" is asked', () => {
    atMet()
      .user('aye')
      .isAt('why', 0)
      .says(/Why do you think that is/);
    for (const [typed, met] of [
      ['aye', 'fully'],
      ['yes it has', 'fully'],
      ['mostly', 'partly'],
      ['its ok i guess', 'partly'],
      ['naw', 'not'],
      ['not yet', 'not'],
    ] as const) {
      const talk = atMet().user(typed);
      expect([typed, talk.answer()]).toEqual([typed, { met }]);
    }
  });

  test('"dunno" is a fine answer: nothing is recorded for it and the next area comes', () => {
    const talk = atMet()
      .user('dunno')
      .isAt('met', 1)
      .says(/That's fine/)
      .says(/Money/);
    expect(talk.answer()).toEqual({ met: undefined });
  });

  test('a reason typed with the answer is kept as their words, and "why?" is not asked again', () => {
    const talk = atMet()
      .user('some of it, the sitter comes now but only once a fortnight')
      .isAt('next', 0)
      .says(/I've kept what you wrote/)
      .says(/What more could be done/);
    expect(talk.answer()).toEqual({ met: 'partly', why: 'some of it, the sitter comes now but only once a fortnight' });

    const no = atMet().user('no she still hasnt had the assessment from the OT').isAt('next', 0);
    expect(no.answer()).toEqual({ met: 'not', why: 'no she still hasnt had the assessment from the OT' });
  });

  test('an answer read from a sentence is said back lightly', () => {
    const talk = atMet()
      .user('its getting there with the new sitter on a tuesday')
      .says(/I've put that down as 'Some of it'. Say if that's wrong/)
      .isAt('next', 0);
    expect(talk.answer()).toEqual({ met: 'partly', why: 'its getting there with the new sitter on a tuesday' });
  });

  test('words without a clear answer are kept, and it asks which answer is closest', () => {
    const talk = atMet()
      .user('the sitter started coming in october')
      .isAt('met', 0)
      .says(/I've kept what you wrote/)
      .says(/yes, some of it, or no/)
      .doesNotSay(/didn't catch/)
      .user('some of it')
      .isAt('why', 0);
    expect(talk.answer()).toEqual({ met: 'partly', why: 'the sitter started coming in october' });
  });

  test('"what does this mean?" says what the area is about and why it is asked', () => {
    atMet()
      .user('what does this mean?')
      .isAt('met', 0)
      .says(/This is about your own health/)
      .says(/so we know if the help is working/);
  });

  test('"sorry hes shouting i have to go" is a goodbye, not a miss, and the review waits where it was', () => {
    const talk = atMet()
      .user('sorry hes shouting i have to go')
      .isAt('met', 0)
      .says(/go when you need to/)
      .doesNotSay(/didn't catch/);
    expect(talk.effects).toEqual([]);
    talk.user('aye').isAt('why', 0);
  });
});

describe('"Why do you think that is?" and "What more could be done?"', () => {
  test('"aye", "ok", "no", "dunno" and "its ok i guess" are never kept as words', () => {
    for (const typed of ['aye', 'ok', 'no', 'dunno', 'its ok i guess', 'nothing to add']) {
      const talk = atMet().user('some of it').user(typed).isAt('next', 0).user(typed).isAt('met', 1);
      expect([typed, talk.answer()]).toEqual([typed, { met: 'partly' }]);
    }
  });

  test('a reason is kept as typed', () => {
    const talk = atMet().user('mostly').user('the sitter helps but nights are still bad').user('aye the carer centre could chase the council');
    expect(talk.answer()).toEqual({ met: 'partly', why: 'the sitter helps but nights are still bad', next: 'aye the carer centre could chase the council' });
  });
});

describe('the summary and sharing', () => {
  const atSummary = () => atMet().user('mostly').user('no').user('no').user('naw').user('no').user('no').isAt('summary');

  test('"aye", "its ok i guess" and "aye thats right thanks" confirm; "dunno" explains', () => {
    atSummary().user('aye').isAt('sharing');
    atSummary().user('its ok i guess').isAt('sharing');
    atSummary().user('aye thats right thanks').isAt('sharing');
    atSummary()
      .user('dunno')
      .isAt('summary')
      .says(/Check your answers/);
  });

  test('"change the money one" goes straight to money', () => {
    atSummary().user('change the money one').isAt('met', 1).says(/Money/);
  });

  test('"no its fine" at "which one do you want to change?" goes back to the summary, never to Money', () => {
    atSummary().user('change something').isAt('change').user('no its fine').isAt('summary');
  });

  test('sharing by keyword with a reason; "dunno" explains; "keep it to myself" is private', () => {
    const shared = atSummary().user('aye').user('share it, they should know how its going');
    expect(shared.state.sharing).toBe('shared');
    expect(shared.effects).toEqual([{ kind: 'complete' }]);
    atSummary()
      .user('aye')
      .user('dunno')
      .isAt('sharing')
      .says(/Keep it private if it is just for you/);
    expect(atSummary().user('aye').user('keep it to myself').state.sharing).toBe('private');
  });
});
