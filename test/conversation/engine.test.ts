import { describe, expect, test } from '@jest/globals';
import { helpFor } from '../../src/conversation/step-table.js';
import { stepContext } from '../../src/conversation/steps/kit.js';
import { EngineTalk } from '../support/engine-talk.js';
import { engineSetup } from '../support/setup.js';

// These tests walk every area in turn (the organisation setting `conversationDepth: every-area`); the default
// quick pass and deeper questions are in everyday-replies.test.ts.
const base = engineSetup(['carer']);
const carer = engineSetup(['carer'], { organisation: { ...base.organisation, conversationDepth: 'every-area' } });
const OUTCOMES = carer.scripts[0].outcomes.length;

/** Agrees and says what matters, arriving at the first outcome. */
function atFirstOutcome() {
  return new EngineTalk(carer).user("Yes, let's start").user('Getting a full night of sleep');
}

/** Answers every outcome "Okay" with nothing to add, arriving at priorities. */
function atPriorities() {
  const talk = atFirstOutcome();
  for (let i = 0; i < OUTCOMES; i++) talk.user('3').user('Nothing to add');
  return talk;
}

describe('the whole carer conversation', () => {
  test('welcome, privacy, what matters, every outcome, priorities, summary, sharing, code', () => {
    const talk = new EngineTalk(carer, { channel: 'test' })
      .botSays(/10 minutes/)
      .botSays(/999/)
      .botSays(/Nobody is watching/i)
      .botSays(/happy to go on/i)
      .user("Yes, let's start")
      .botSays(/What matters to you just now/)
      .user('Getting a full night of sleep')
      .botSays(/Step 1 of 14/)
      .botSays(/person you look after/)
      .user('4')
      .botSays(/tell me more/)
      .user('She likes the day centre')
      .botSays(/Step 2 of 14/)
      .user('not good at all')
      .botSays(/Are you, or the person you look after, safe right now\?/)
      .user('Yes, safe')
      .botSays(/tell me more/)
      .user('I am up three times a night')
      .botSays(/What would help/)
      .user('A night sitter once a week');
    for (let i = 2; i < OUTCOMES; i++)
      talk
        .botSays(new RegExp(`Step ${i + 1} of 14`))
        .user('Good')
        .user('skip');
    talk
      .botSays(/one or two of these matter most/i)
      .user('2 and 1')
      .isAt('summary')
      .botSays(/Getting a full night of sleep/)
      .botSays(/I am up three times a night/)
      .botSays(/A night sitter once a week/)
      .user('Yes, this is right')
      .botSays(/share it/i)
      .user('Share it with Riverside Carers Centre')
      .botSays(/get in touch/)
      .user('Yes, by phone')
      .user('07700 900123')
      .botSays(/TEST-CODE-01/);
    expect(talk.effects).toEqual([{ kind: 'complete' }]);
    const s = talk.state;
    expect(s.step.kind).toBe('done');
    expect(s.whatMatters).toBe('Getting a full night of sleep');
    expect(s.answers['health-and-wellbeing']).toEqual({
      status: 'answered',
      value: 1,
      ownWords: 'I am up three times a night',
      whatWouldHelp: 'A night sitter once a week',
    });
    expect(s.priorities.sort()).toEqual(['cared-for-quality-of-life', 'health-and-wellbeing']);
    expect(s.sharing).toBe('shared');
    expect(s.contact).toEqual({ method: 'phone', detail: '07700 900123' });
    expect(s.consent?.noticeVersion).toBe('2026-11');
  });

  test('skipping everything still reaches a summary and a code', () => {
    const talk = new EngineTalk(carer).user("Yes, let's start").user('skip');
    for (let i = 0; i < OUTCOMES; i++) talk.isAt('rating', i).user('skip');
    talk
      .isAt('summary')
      .botSays(/Not answered/)
      .user('yes')
      .user('Keep it private');
    expect(talk.effects).toEqual([{ kind: 'complete' }]);
    expect(talk.state.sharing).toBe('private');
    expect(Object.values(talk.state.answers).every((a) => a.status === 'skipped')).toBe(true);
  });

  test('declining the privacy notice ends politely and keeps nothing', () => {
    const talk = new EngineTalk(carer).user('No, thank you').botSays(/Nothing you typed has been kept/);
    expect(talk.effects).toEqual([{ kind: 'discard' }]);
    talk.isAt('ended');
  });

  test('when two scripts are offered the person chooses first', () => {
    const both = engineSetup(['carer', 'adult'], { organisation: carer.organisation });
    new EngineTalk(both)
      .botSays(/Who are we talking about today/)
      .botSays(/I look after someone/)
      .botSays(/I get support myself/)
      .user('i get support myself')
      .isAt('consent')
      .user('yes')
      .user('Seeing my grandchildren')
      .botSays(/Step 1 of/)
      .isAt('rating', 0);
  });
});

describe('ratings can be typed', () => {
  test.each([
    ['5', 5],
    ['  VERY   good ', 5],
    ['great', 5],
    ['3 - okay', 3],
    ['ok', 3],
    ['Not very good', 2],
  ])('"%s" is rated %i', (typed, value) => {
    const talk = atFirstOutcome().user(typed);
    expect(talk.state.answers['cared-for-quality-of-life']).toMatchObject({ status: 'answered', value });
  });

  test("I'd rather not say and doesn't apply are recorded and skip the own-words question", () => {
    const talk = atFirstOutcome().user('rather not say').isAt('rating', 1).user('N/A').isAt('rating', 2);
    expect(talk.state.answers['cared-for-quality-of-life'].status).toBe('declined');
    expect(talk.state.answers['health-and-wellbeing'].status).toBe('not-applicable');
  });

  test('something it cannot read gets one short line and the answers; a second miss numbers them', () => {
    atFirstOutcome()
      .user('purple')
      .botSays(/didn't get that/)
      .botDoesNotSay(/Are they safe and well/)
      .isAt('rating', 0)
      .user('9')
      .botSays(/still didn't get that/)
      .botSays(/1: Not good at all\. 2: Not very good/)
      .isAt('rating', 0);
  });

  test('what would help is asked only at or under the threshold', () => {
    atFirstOutcome().user('2').user('skip').isAt('what-would-help', 0);
    atFirstOutcome().user('3').user('skip').isAt('rating', 1);
  });
});

describe('commands at every kind of step', () => {
  const steps: [string, () => EngineTalk][] = [
    ['consent', () => new EngineTalk(carer)],
    ['what-matters', () => new EngineTalk(carer).user('yes')],
    ['rating', () => atFirstOutcome()],
    ['own-words', () => atFirstOutcome().user('2')],
    ['what-would-help', () => atFirstOutcome().user('2').user('Tired')],
    ['priorities', () => atPriorities()],
    ['summary', () => atPriorities().user('1')],
    ['change', () => atPriorities().user('1').user('Change an answer')],
    ['sharing', () => atPriorities().user('1').user('yes')],
    ['contact', () => atPriorities().user('1').user('yes').user('share')],
    ['contact-details', () => atPriorities().user('1').user('yes').user('share').user('Yes, by email')],
  ];

  test.each(steps)('help at %s explains the step and asks again', (kind, reach) => {
    const talk = reach().isAt(kind as never);
    const before = talk.state;
    const help = helpFor(stepContext(carer, before, { now: '', newCode: () => '' }));
    talk.user('help');
    expect(talk.state.step).toEqual(before.step);
    expect(talk.prompts[0].body[0]).toBe(help);
    expect(talk.prompts.some((p) => p.choices?.length || p.freeText || p.summary)).toBe(true);
  });

  test('the commands line is shown under the first question with buttons, then only with help', () => {
    const hints = (t: EngineTalk) => t.prompts.flatMap((p) => (p.hint ? [p.hint] : []));
    const line = 'You can type back, skip, pause, help or stop at any time.';
    const talk = atFirstOutcome();
    expect(hints(talk)).toEqual([]);
    talk.user('help');
    expect(hints(talk)).toEqual([line]);
    talk.user('2');
    expect(hints(talk)).toEqual([]);
  });

  test.each(steps)('pause at %s gives a code and keeps the place', (kind, reach) => {
    const talk = reach()
      .user('pause')
      .botSays(/TEST-CODE-01/)
      .botSays(/resume TEST-CODE-01/);
    expect(talk.effects).toEqual([{ kind: 'pause', code: 'TEST-CODE-01' }]);
    talk
      .isAt(kind as never)
      .resumed()
      .botSays(/Welcome back/);
  });

  test.each(steps.slice(0, 2))('stop at %s, before anything is said, ends and keeps nothing', (_kind, reach) => {
    const talk = reach()
      .user('Stop')
      .botSays(/Nothing you said has been kept/)
      .isAt('ended');
    expect(talk.effects).toEqual([{ kind: 'discard' }]);
  });

  test.each(steps.slice(2))('stop at %s asks first: delete it ends and keeps nothing, carry on comes back', (kind, reach) => {
    const talk = reach()
      .user('Stop')
      .isAt('stop-choice')
      .botSays(/keep what you've said/);
    expect(talk.effects).toEqual([]);
    talk.user('carry on').isAt(kind as never);
    talk
      .user('stop')
      .user('delete it')
      .botSays(/Nothing you said has been kept/)
      .isAt('ended');
    expect(talk.effects).toEqual([{ kind: 'discard' }]);
  });

  test.each(steps.slice(1))('back at %s returns to the step before', (_kind, reach) => {
    const talk = reach();
    const previous = talk.state.history[talk.state.history.length - 1];
    talk.user('back');
    expect(talk.state.step).toEqual(previous);
  });

  test('back at the first step says there is nothing to go back to', () => {
    new EngineTalk(carer)
      .user('back')
      .botSays(/nothing to go back to/i)
      .isAt('consent');
  });

  test.each(steps.slice(1))('start again at %s clears the answers and asks what matters', (_kind, reach) => {
    const talk = reach().user('start again').isAt('what-matters');
    expect(talk.state.answers).toEqual({});
    expect(talk.state.whatMatters).toBeUndefined();
    expect(talk.state.consent).toBeDefined();
  });

  test('skip cannot pass the privacy question or the sharing choice', () => {
    new EngineTalk(carer).user('skip').isAt('consent');
    atPriorities().user('1').user('yes').user('skip').isAt('sharing');
  });

  test('skip at contact details means no contact', () => {
    const talk = atPriorities().user('1').user('yes').user('share').user('Yes, by phone').user('skip');
    expect(talk.state.contact).toEqual({ method: 'none' });
    expect(talk.effects).toEqual([{ kind: 'complete' }]);
  });
});

describe('going back and changing answers', () => {
  test('back from own words to the rating, a new rating replaces the old one', () => {
    const talk = atFirstOutcome().user('4').isAt('own-words', 0).user('back').isAt('rating', 0).user('1');
    expect(talk.state.answers['cared-for-quality-of-life'].value).toBe(1);
    talk.isAt('own-words', 0);
  });

  test('change an answer from the summary, then return to the summary', () => {
    // The summary numbers the areas first (1 to 14), then what matters, then priorities.
    const talk = atPriorities().user('skip').isAt('summary').user('change 2').isAt('rating', 1);
    talk
      .user('1')
      .user('Yes, safe')
      .user('Very tired')
      .user('More sleep')
      .isAt('summary')
      .botSays(/Very tired/)
      .botSays(/More sleep/);
    expect(talk.state.answers['health-and-wellbeing']).toMatchObject({ value: 1, ownWords: 'Very tired', whatWouldHelp: 'More sleep' });
  });

  test('change what matters from the summary by picking it from the list', () => {
    atPriorities()
      .user('skip')
      .user('Change an answer')
      .user(String(OUTCOMES + 1))
      .isAt('what-matters')
      .user('Time for myself')
      .isAt('summary')
      .botSays(/Time for myself/);
  });

  test('a change number that is not on the list asks which answer, and again', () => {
    atPriorities()
      .user('skip')
      .user('change 99')
      .isAt('change')
      .user('99')
      .isAt('change')
      .botSays(/didn't get that/);
  });
});

describe('priorities and limits', () => {
  test('more than two priorities is asked again', () => {
    atPriorities()
      .user('1, 2 and 3')
      .botSays(/up to 2/)
      .isAt('priorities');
  });

  test('skipping priorities says that is fine', () => {
    atPriorities()
      .user('skip')
      .botSays(/That's fine/)
      .isAt('summary');
  });

  test('free text over the limit gets a polite message and is not kept', () => {
    const talk = new EngineTalk(carer)
      .user('yes')
      .user('a'.repeat(2001))
      .botSays(/under 2000 characters/)
      .isAt('what-matters');
    expect(talk.state.whatMatters).toBeUndefined();
  });

  test('an empty answer is asked again', () => {
    new EngineTalk(carer)
      .user('yes')
      .user('   ')
      .botSays(/Please type your answer/)
      .isAt('what-matters');
  });

  test('contact details that are neither a number nor an email are asked again', () => {
    atPriorities()
      .user('1')
      .user('yes')
      .user('share')
      .user('Yes, by email')
      .user('not an email')
      .botSays(/doesn't look like/)
      .isAt('contact-details');
  });

  test('after finishing, messages get the code again; start again begins a new conversation', () => {
    const talk = atPriorities()
      .user('1')
      .user('yes')
      .user('Keep it private')
      .user('hello')
      .botSays(/You have finished/)
      .botSays(/TEST-CODE-01/);
    talk.user('start again').isAt('consent');
    expect(talk.state.answers).toEqual({});
  });

  test('the code given at pause is the code given at the end', () => {
    const talk = atFirstOutcome().user('pause').user('3').user('skip');
    for (let i = 1; i < OUTCOMES; i++) talk.user('skip');
    talk
      .user('skip')
      .user('yes')
      .user('Keep it private')
      .botSays(/TEST-CODE-01/);
  });
});

describe('safeguarding comes first', () => {
  test('a free-text answer that matches shows the contacts, flags, and the conversation carries on', () => {
    const setup = engineSetup(['carer'], { organisation: carer.organisation, safeguarding: (text) => (/hurt myself/i.test(text) ? ['harm-to-self'] : []) });
    const talk = new EngineTalk(setup).user('yes').user('Some days I want to hurt myself');
    expect(talk.effects).toEqual([{ kind: 'flag', categories: ['harm-to-self'] }]);
    expect(talk.prompts[0].card).toBe('safety');
    talk
      .botSays(/999/)
      .botSays(/not watched live/)
      .isAt('safety')
      .botSays(/get in touch with you/);
    talk.user('No, thank you').user('Carry on').isAt('rating', 0);
    expect(talk.state.safeguarding?.categories).toEqual(['harm-to-self']);
    expect(talk.state.whatMatters).toBe('Some days I want to hurt myself');
  });
});
