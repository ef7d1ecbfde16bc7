// Everyday replies, round 2: the families of reply the second corpus showed the bot misreading or not
// understanding, as a carer really types them (invented). Each test reads as the transcript it checks.
import { describe, expect, test } from '@jest/globals';
import { EngineTalk } from '../support/engine-talk.js';
import { engineSetup } from '../support/setup.js';

const carer = engineSetup(['carer']);
const everyArea = engineSetup(['carer'], { organisation: { ...carer.organisation, conversationDepth: 'every-area' } });

/** Every area in turn: agreed, nothing said for what matters, at the first area's rating. */
const atFirstRating = () => new EngineTalk(everyArea).user('yes').user('skip').isAt('rating', 0);

/** At "Do you get time for yourself?" (the third area), the first two rated Good with nothing to add. */
const atTimeForYourself = () => atFirstRating().user('4').user('no').user('4').user('no').isAt('rating', 2);

describe('a yes or no that starts a sentence at a rating question', () => {
  test('"naw the sitter cancelled again this week" is Not very good, with the words kept', () => {
    const talk = atTimeForYourself().user('naw the sitter cancelled again this week');
    expect(talk.state.answers['life-of-own']).toMatchObject({ status: 'answered', value: 2, ownWords: 'naw the sitter cancelled again this week' });
  });

  test('"yes i do get time" only says the question back: Good, and nothing kept as words', () => {
    const talk = atTimeForYourself().user('yes i do get time');
    expect(talk.state.answers['life-of-own']).toMatchObject({ status: 'answered', value: 4 });
    expect(talk.state.answers['life-of-own'].ownWords).toBeUndefined();
  });

  test('"no one asked me what i thought" is not a no: the words are kept and the bot asks which is closest', () => {
    const talk = atFirstRating().user('no one asked me what i thought about his care plan');
    talk.isAt('rating', 0).botSays(/closest/);
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({ ownWords: 'no one asked me what i thought about his care plan' });
    expect(talk.state.answers['cared-for-quality-of-life'].status).not.toBe('answered');
  });
});

describe('a number or an emoji that starts the reply', () => {
  test('"2 hours sleep last night and thats a good night" counts hours: kept, and asked, never read as Good', () => {
    const talk = atFirstRating().user('4').user('no').user('2 hours sleep last night and thats a good night');
    talk.isAt('rating', 1).botSays(/closest/);
    expect(talk.state.answers['health-and-wellbeing'].ownWords).toBe('2 hours sleep last night and thats a good night');
    expect(talk.state.answers['health-and-wellbeing'].value).toBeUndefined();
  });

  test('"😞 hes stopped going to the club" is Not very good, with the words kept', () => {
    const talk = atFirstRating().user('😞 hes stopped going to the club');
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value: 2, ownWords: '😞 hes stopped going to the club' });
  });
});

describe('nothing to add, said kindly', () => {
  test('"naw yer alright hen" and "no, mum\'s fine" after "would you like to say more?" are never kept as words', () => {
    const talk = atFirstRating().user('4').isAt('own-words', 0).user('naw yer alright hen').isAt('rating', 1);
    talk.user('4').isAt('own-words', 1).user("no, mum's fine").isAt('rating', 2);
    expect(talk.state.answers['cared-for-quality-of-life'].ownWords).toBeUndefined();
    expect(talk.state.answers['health-and-wellbeing'].ownWords).toBeUndefined();
  });
});

describe('commands said as people say them', () => {
  test('"ah want tae stop" asks whether to keep it, and "can i finish this another time" pauses with the code', () => {
    atFirstRating().user('4').user('ah want tae stop').isAt('stop-choice');
    const paused = atFirstRating().user('4').isAt('own-words', 0).user('can i finish this another time');
    expect(paused.effects).toEqual([{ kind: 'pause', code: 'TEST-CODE-01' }]);
    expect(paused.state.answers['cared-for-quality-of-life'].ownWords).toBeUndefined();
  });

  test('"go back i pressed the wrong one" goes back, with no comma needed before the reason', () => {
    atFirstRating().user('4').user('no').isAt('rating', 1).user('go back i pressed the wrong one').isAt('own-words', 0);
  });
});

describe('a quick pass with the odd one out named first', () => {
  test('"och the sleep is terrible but the rest is no bad" rates sleep Not good at all and the rest Okay', () => {
    const talk = new EngineTalk(carer).user('ok').user('Getting some sleep').isAt('quick-pass', undefined).user('3');
    talk.user('och the sleep is terrible but the rest is no bad');
    const a = talk.state.answers;
    expect(a['health-and-wellbeing']).toMatchObject({ status: 'answered', value: 1 });
    expect(a['life-of-own']).toMatchObject({ status: 'answered', value: 3 });
    expect(a['money']).toMatchObject({ status: 'answered', value: 3 });
  });
});

describe('asking about the question', () => {
  test('"who reads this" at the privacy question explains it and asks again, never taken as a yes', () => {
    const talk = new EngineTalk(carer).user('who reads this');
    talk.isAt('consent');
    expect(talk.state.consent).toBeUndefined();
    new EngineTalk(carer).user('wat dose that mean').isAt('consent');
  });
});
