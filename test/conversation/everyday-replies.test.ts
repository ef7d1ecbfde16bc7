// The conversation as people really type it: short, misspelt, Scots, a reason given with a rating, a
// question about the question, having to go. Each test reads as the transcript it checks.
import { describe, expect, test } from '@jest/globals';
import { EngineTalk, promptWords } from '../support/engine-talk.js';
import { engineSetup } from '../support/setup.js';

const carer = engineSetup(['carer']);
const everyone = engineSetup(['carer', 'adult', 'care-home']);

/** A carer who has agreed and said what matters, at the first group of the quick pass. */
function atQuickPass(whatMatters = 'Getting some sleep') {
  return new EngineTalk(carer).user('ok').user(whatMatters).isAt('quick-pass', undefined);
}

describe('a carer who answers plainly', () => {
  test('finishes in under 25 turns, reading under 1,500 words, with what they meant stored', () => {
    const talk = new EngineTalk(carer);
    let words = promptWords(talk.prompts).split(/\s+/).length;
    let turns = 0;
    const say = (text: string) => {
      talk.user(text);
      turns++;
      words += promptWords(talk.prompts).split(/\s+/).length;
    };
    say('yes');
    say('Getting some sleep and a bit of time for me');
    say('3'); // life for the person cared for
    say('all okay except money'); // your own life
    say('good');
    say('4 4 4 4 4');
    say('Nothing to add'); // sleep: named in what matters, rated okay
    say('Nothing to add'); // time for yourself: named in what matters
    say('2'); // money: said not fine, so rated now
    say('The heating bill frightens me');
    say('Help to claim what we are due');
    say('money and sleep');
    say('yes');
    say('share it');
    say('no thanks');
    expect(talk.state.step.kind).toBe('done');
    expect(turns).toBeLessThanOrEqual(25);
    expect(words).toBeLessThanOrEqual(1500);
    const a = talk.state.answers;
    expect(a['money']).toMatchObject({
      status: 'answered',
      value: 2,
      ownWords: 'The heating bill frightens me',
      whatWouldHelp: 'Help to claim what we are due',
    });
    expect(a['health-and-wellbeing']).toMatchObject({ status: 'answered', value: 3 });
    expect(a['health-and-wellbeing'].ownWords).toBeUndefined();
    expect(a['satisfaction-in-caring']).toMatchObject({ status: 'answered', value: 4 });
    expect(talk.state.priorities.sort()).toEqual(['health-and-wellbeing', 'money']);
  });
});

describe('everyday replies are understood', () => {
  test('"ok" and "aye go on" agree; the welcome is not said again', () => {
    new EngineTalk(carer)
      .user('aye go on')
      .isAt('what-matters')
      .botDoesNotSay(/Hello, I'm/);
    new EngineTalk(carer).user('ok').isAt('what-matters');
  });

  test('a reply that is not understood gets one short line and the choices, and a second miss numbers them', () => {
    const talk = new EngineTalk(carer).user('purple');
    talk
      .isAt('consent')
      .botSays(/didn't get that/)
      .botDoesNotSay(/Hello, I'm/)
      .botDoesNotSay(/We keep what you type safe/);
    talk.user('purple again').botSays(/1: Yes, let's start\. 2: No, thank you/);
  });

  test('at a quick pass "ok" rates every area Okay, but a bare "no" is asked again', () => {
    expect(atQuickPass().user('3').user('ok').state.answers['money']).toMatchObject({ status: 'answered', value: 3 });
    atQuickPass()
      .user('3')
      .user('no')
      .isAt('quick-pass')
      .botSays(/didn't get that/);
  });

  test('"all gud exept my legs": small slips are forgiven, and legs mean getting about', () => {
    const adult = engineSetup(['adult']);
    const talk = new EngineTalk(adult).user('yes').user('go out more').user('ok').user('gud').user('all gud exept my legs');
    expect(talk.state.answers['mobility']).toMatchObject({ needsRating: true });
    expect(talk.state.answers['skills']).toMatchObject({ status: 'answered', value: 4 });
  });

  test('"all fine except money and sleep" rates the rest Okay and asks about money and sleep next', () => {
    const talk = atQuickPass('Not much');
    talk.user('fine').user('all fine except money and sleep').user('fine').user('all good');
    expect(talk.state.answers['life-of-own']).toMatchObject({ status: 'answered', value: 3 });
    expect(talk.state.answers['money']).toMatchObject({ status: 'skipped', needsRating: true });
    expect(talk.state.focus).toEqual(['health-and-wellbeing', 'money']);
    talk
      .isAt('rating', 1)
      .botSays(/Your health and sleep/)
      .botSays(/more about 'Your health and sleep' and 'Money'/);
  });

  test('everything low: at most five areas in depth, those named in what matters first, then the lowest', () => {
    const talk = atQuickPass('Money worries');
    // Health rated lowest brings "are you safe right now?" first (issue 13); "yes" carries on.
    talk.user('2').user('1 2 2 2').isAt('safety').user('yes').user('all could be better').user('rubbish');
    expect(talk.state.focus).toEqual(['money', 'health-and-wellbeing', 'valued-and-respected', 'say-in-services', 'flexible-and-responsive']);
    talk.botSays(/Step 1 of 5/);
  });

  test('a reason typed with a rating is kept as their words, and a number that starts a sentence is not a rating', () => {
    const talk = atQuickPass().user('rubbish, she falls at night and nobody comes');
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({
      status: 'answered',
      value: 1,
      ownWords: 'rubbish, she falls at night and nobody comes',
    });
    const everyArea = engineSetup(['carer'], { organisation: { ...carer.organisation, conversationDepth: 'every-area' } });
    const rated = new EngineTalk(everyArea).user('yes').user('skip').user('2 falls since the summer, GP only came once');
    rated
      .isAt('rating', 0)
      .botSays(/kept what you said/)
      .botSays(/closest/);
    expect(rated.state.answers['cared-for-quality-of-life'].ownWords).toBe('2 falls since the summer, GP only came once');
    rated.user('2').isAt('what-would-help', 0);
    expect(rated.state.answers['cared-for-quality-of-life']).toMatchObject({
      status: 'answered',
      value: 2,
      ownWords: '2 falls since the summer, GP only came once',
    });
  });

  test('"no bad, the day centre is great" is Okay with the words kept, and said back so it can be corrected', () => {
    const everyArea = engineSetup(['carer'], { organisation: { ...carer.organisation, conversationDepth: 'every-area' } });
    const talk = new EngineTalk(everyArea).user('yes').user('skip').user('no bad, the day centre is great');
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value: 3, ownWords: 'no bad, the day centre is great' });
    talk.botSays(/Okay/);
  });

  test('"yes", "ok", "k" and "no" after "would you like to tell me more" are never stored as their words', () => {
    const everyArea = engineSetup(['carer'], { organisation: { ...carer.organisation, conversationDepth: 'every-area' } });
    const talk = new EngineTalk(everyArea).user('yes').user('skip').user('4').isAt('own-words', 0);
    talk.user('yes').isAt('own-words', 0).botSays(/Go on/);
    talk.user('She loves the garden').isAt('rating', 1);
    talk.user('4').user('k').isAt('own-words', 1);
    talk.user('no thats it');
    expect(talk.state.answers['cared-for-quality-of-life'].ownWords).toBe('She loves the garden');
    expect(talk.state.answers['health-and-wellbeing'].ownWords).toBeUndefined();
  });

  test('"aye aw fine" to a group of one area is rated okay, not kept as their words', () => {
    const talk = atQuickPass().user('aye aw fine').isAt('quick-pass');
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value: 3 });
    expect(talk.state.answers['cared-for-quality-of-life'].ownWords).toBeUndefined();
  });

  test('"what does this mean?" explains the question, and "dunno" is a fine answer', () => {
    const everyArea = engineSetup(['carer'], { organisation: { ...carer.organisation, conversationDepth: 'every-area' } });
    const talk = new EngineTalk(everyArea).user('yes').user('skip').user('what does this mean?');
    talk.isAt('rating', 0).botSays(/how they are affects you too/);
    talk
      .user('dunno')
      .isAt('rating', 1)
      .botSays(/That's fine/);
    expect(talk.state.answers['cared-for-quality-of-life'].status).toBe('skipped');
  });

  test('"sorry hes shouting i have to go" saves it at once and gives the code', () => {
    const talk = atQuickPass().user('sorry hes shouting i have to go');
    talk.botSays(/TEST-CODE-01/).botSays(/resume TEST-CODE-01/);
    expect(talk.effects).toEqual([{ kind: 'pause', code: 'TEST-CODE-01' }]);
    talk.isAt('quick-pass');
  });

  test('"stop" asks first; "no wait i want to keep it" keeps it with a code, and nothing is deleted', () => {
    const talk = atQuickPass()
      .user('stop')
      .isAt('stop-choice')
      .botSays(/keep what you've said/);
    expect(talk.effects).toEqual([]);
    talk.user('no wait i want to keep it').botSays(/TEST-CODE-01/);
    expect(talk.effects).toEqual([{ kind: 'pause', code: 'TEST-CODE-01' }]);
    expect(talk.state.whatMatters).toBe('Getting some sleep');
    const deleted = atQuickPass().user('quit').user('delete it');
    expect(deleted.effects).toEqual([{ kind: 'discard' }]);
    atQuickPass().user('stop').user('carry on').isAt('quick-pass');
  });

  test('at the summary, "change the money one" goes straight to money, and "yes thats right" confirms', () => {
    const everyArea = engineSetup(['carer'], { organisation: { ...carer.organisation, conversationDepth: 'every-area' } });
    const talk = new EngineTalk(everyArea).user('yes').user('skip');
    for (let i = 0; i < 14; i++) talk.user('skip');
    talk
      .isAt('summary')
      .user('change the money one')
      .isAt('rating', 4)
      .botSays(/change 'Money'/);
    talk.user('2').user('skip').user('skip').isAt('summary').user('yes thats right').isAt('sharing');
    talk.user('by phone is best');
  });

  test('"no its fine" at "which one do you want to change?" goes back to the summary, never to Money', () => {
    const talk = new EngineTalk(carer).user('yes').user('skip');
    for (let i = 0; i < 4; i++) talk.user('3');
    talk.isAt('summary').user('change something').isAt('change').user('no its fine').isAt('summary');
    talk.botDoesNotSay(/change 'Money'/);
  });

  test('"the services one" asks which, from plain titles, never the formal labels', () => {
    const talk = new EngineTalk(carer).user('yes').user('skip');
    for (let i = 0; i < 4; i++) talk.user('3');
    talk
      .isAt('summary')
      .user('change the services one')
      .isAt('which-area')
      .botSays(/Which one do you mean/)
      .botSays(/Working with services/);
    talk.botDoesNotSay(/Partnership with services|Accessible, available/);
  });
});

describe('plain titles for the person', () => {
  test('the person reads plain titles; the Talking Points labels are nowhere in what they see', () => {
    const talk = atQuickPass();
    const seen: string[] = [];
    for (const answer of ['3', 'all okay', '3', 'all okay', 'Nothing to add', 'yes']) {
      seen.push(promptWords(talk.prompts));
      talk.user(answer);
    }
    seen.push(promptWords(talk.prompts));
    const all = seen.join('\n');
    for (const o of carer.scripts[0].outcomes) expect(all).not.toContain(o.label);
    expect(all).toContain('Time for yourself');
  });
});

describe('who it is for', () => {
  test('"i get help" picks the conversation for people who get support, and its own privacy question follows', () => {
    const talk = new EngineTalk(everyone).user('i get help').isAt('consent');
    expect(talk.state.scriptId).toBe('adult');
    expect(talk.prompts[0].title).toBe(everyone.scripts[1].title);
  });
});

describe('filling it in for someone else', () => {
  test('the welcome does not assume a carer, and "for my mum, she\'s in a care home" picks the care-home questions about "your mum"', () => {
    const talk = new EngineTalk(everyone).botDoesNotSay(/as someone who looks after/).botSays(/filling this in for someone/);
    talk.user("I'm filling this in for my mum, she's in a care home").isAt('consent');
    expect(talk.state.scriptId).toBe('care-home');
    expect(talk.state.answeredBy).toBe('family-or-friend');
    expect(talk.state.answeredFor).toEqual({ relationship: 'mum', whom: 'your mum' });
    talk
      .user('yes')
      .user('Her being happy')
      .botSays(/going for your mum/);
  });

  test('someone who only says "for someone" is asked who for and where they live', () => {
    const talk = new EngineTalk(everyone).user('4').isAt('for-whom').user('my dad').isAt('for-whom-script').user('he lives in a care home');
    expect(talk.state).toMatchObject({ scriptId: 'care-home', answeredFor: { relationship: 'dad' } });
  });
});
