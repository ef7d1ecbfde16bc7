// Everyday replies, round 3: two misreads found by typing as a tired carer would (invented). Each test reads
// as the transcript it checks.
import { describe, expect, test } from '@jest/globals';
import { EngineTalk } from '../support/engine-talk.js';
import { engineSetup } from '../support/setup.js';

const carer = engineSetup(['carer']);

/** A carer who has agreed and said nothing in particular matters, at the first part of the quick pass. */
const atQuickPass = () => new EngineTalk(carer).user('ok').user('Not much').isAt('quick-pass', undefined);

describe('"all ok except ..." naming areas that come in a later part of the quick pass', () => {
  test('"all ok except money and sleep" at the first part: that part is Okay, and money and sleep are not asked as if nothing was said', () => {
    const talk = atQuickPass().user('all ok except money and sleep');

    // The person they look after is Okay, and the sentence is not kept as words about them.
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value: 3 });
    expect(talk.state.answers['cared-for-quality-of-life'].ownWords).toBeUndefined();

    // The next part says money and sleep are noted, and asks only about the rest.
    talk
      .isAt('quick-pass')
      .botSays(/Your own life/)
      .botSays(/'Your health and sleep' and 'Money'/);
    expect(talk.prompts[0].areas?.map((a) => a.title)).toEqual(['Time for yourself', 'How you get on together']);

    // "all fine" there is about the rest: money and sleep stay not okay.
    talk.user('all fine');
    expect(talk.state.answers['life-of-own']).toMatchObject({ status: 'answered', value: 3 });
    expect(talk.state.answers['money']).toMatchObject({ status: 'skipped', needsRating: true });
    expect(talk.state.answers['health-and-wellbeing']).toMatchObject({ status: 'skipped', needsRating: true });

    // After the quick pass, the bot asks about sleep and money first.
    talk.user('fine').user('all good');
    expect(talk.state.focus).toEqual(['health-and-wellbeing', 'money']);
    talk
      .isAt('rating', 1)
      .botSays(/more about 'Your health and sleep' and 'Money'/)
      .user('2')
      .user('i wake every time he gets up')
      .user('a sitter some nights');
    expect(talk.state.answers['health-and-wellbeing']).toMatchObject({ status: 'answered', value: 2, ownWords: 'i wake every time he gets up' });
  });

  test('"apart from money" and "fine but money is a worry" work the same way; "back" shows the whole part again', () => {
    const apart = atQuickPass().user('shes fine apart from money');
    expect(apart.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value: 3 });
    expect(apart.state.answers['money']).toMatchObject({ needsRating: true });
    apart.isAt('quick-pass').botSays(/'Money'/);

    const but = atQuickPass().user('fine but money is a worry');
    expect(but.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value: 3 });
    expect(but.state.answers['money']).toMatchObject({ needsRating: true });

    // Going back to the first part and saying it is all fine puts money back on its own part's list.
    but.user('back').isAt('quick-pass').user('all fine');
    expect(but.prompts[0].areas?.map((a) => a.title)).toContain('Money');
  });

  test('"all ok except money, the bills keep going up" keeps those words for money, not for the person looked after', () => {
    const talk = atQuickPass().user('all ok except money, the bills keep going up');
    expect(talk.state.answers['cared-for-quality-of-life'].ownWords).toBeUndefined();
    expect(talk.state.answers['money']).toMatchObject({ needsRating: true, ownWords: 'all ok except money, the bills keep going up' });
  });

  test('"fine but he doesnt sleep" is about the person looked after: kept there, not taken as the carer\'s own sleep', () => {
    const talk = atQuickPass().user('fine but he doesnt sleep');
    expect(talk.state.answers['cared-for-quality-of-life'].ownWords).toBe('fine but he doesnt sleep');
    expect(talk.state.answers['health-and-wellbeing']).toBeUndefined();
  });

  test('a part whose areas were all named earlier is not asked at all', () => {
    const talk = atQuickPass().user('all good except my health, my time, money and how we get on');
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value: 4 });
    talk
      .isAt('quick-pass')
      .botDoesNotSay(/Your own life/)
      .botSays(/Being a carer/);
  });
});

describe('saying the chat is for them as a carer, at the privacy question', () => {
  test('"its for me, i look after my husband" goes ahead, and so do "me, i care for my mum" and "im the carer"', () => {
    for (const said of ['its for me, i look after my husband', 'me, i care for my mum', 'im the carer']) {
      const talk = new EngineTalk(carer).user(said);
      talk.isAt('what-matters').botDoesNotSay(/didn't get that/);
      expect(talk.state.consent).toBeDefined();
    }
  });

  test('replies that do not say so still are not a yes', () => {
    for (const said of [
      'its not for me',
      'im not the carer',
      'who is this for',
      'is this for carers',
      'i care about who sees this',
      'my husband',
      'for my mum',
      'purple',
    ]) {
      const talk = new EngineTalk(carer).user(said);
      expect(talk.state.consent).toBeUndefined();
    }
  });
});
