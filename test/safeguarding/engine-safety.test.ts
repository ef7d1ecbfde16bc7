// The engine's safety card: shown before anything else on whatever is typed, worded by the organisation's policy.
import { describe, expect, test } from '@jest/globals';
import { loadSafeguarding } from '../../src/privacy/safeguarding-file.js';
import { EngineTalk } from '../support/engine-talk.js';
import { engineSetup } from '../support/setup.js';

const safeguarding = loadSafeguarding();

function talk(extra: Parameters<typeof engineSetup>[1] = {}) {
  return new EngineTalk(engineSetup(['carer'], { safeguarding, ...extra }));
}

describe('safety card', () => {
  test('a disclosure is acknowledged first, with the fitting contacts, says it is passed on, and the next question waits', () => {
    const t = talk().user('yes').user('He hits me when he has been drinking');
    expect(t.prompts[0].card).toBe('safety');
    expect(t.prompts[0].title).toMatch(/^Thank you for telling me\. Nobody should hurt you\. It is not your fault\.$/);
    expect(t.prompts[0].contacts?.map((c) => c.phone)).toEqual(['999', '0800 027 1234', '101']);
    expect(t.prompts[0].body.join(' ')).toMatch(/not watched live.*marked what you said/);
    expect(t.effects).toEqual([{ kind: 'flag', categories: ['harm-from-others'] }]);
    expect(t.state.whatMatters).toBe('He hits me when he has been drinking');
    t.isAt('safety').botDoesNotSay(/How is each of these going/);
  });

  test('a disclosure the phrase lists miss, read by the risk model, gets the same answer: thanks first, contacts, and the next question waits', () => {
    const t = talk().user('yes').user("he's had my bank card since march and i've no idea where the money goes");
    expect(t.prompts[0].card).toBe('safety');
    expect(t.prompts[0].title).toMatch(/^Thank you for telling me\./);
    expect(t.prompts[0].contacts?.length).toBeGreaterThan(0);
    expect(t.effects).toHaveLength(1);
    expect(t.effects[0].kind).toBe('flag');
    t.isAt('safety').botDoesNotSay(/How is each of these going|didn't (get|catch) that/);
  });

  test('when unshared flags are not passed on, the card and the privacy notice say so', () => {
    const t = talk({ organisation: { ...engineSetup().organisation, safeguardingPassOn: false } });
    t.botSays(/We only read it if you choose to share it with us\. We also count answers together/).botDoesNotSay(/someone is not safe/);
    t.user('yes').user('I want to kill myself');
    expect(t.prompts[0].body.join(' ')).toMatch(/Nobody at Riverside Carers Centre will see what you said unless you choose to share it/);
  });

  test("the organisation's own words replace the script's", () => {
    const org = {
      ...engineSetup().organisation,
      safeguardingTellPerson: 'Our duty team reads flagged chats every morning.',
      privacyNoticeText: 'We keep your answers for three years.',
    };
    const t = talk({ organisation: org });
    t.botSays(/We keep your answers for three years\.\nAre you happy to go on\?/);
    t.user('yes').user("I'm not safe at home");
    expect(t.prompts[0].body[0]).toBe('Our duty team reads flagged chats every morning.');
  });

  test('a disclosure typed where a button was offered, or after the end, is still caught', () => {
    const atConsent = talk().user('my partner strangled me');
    expect(atConsent.prompts[0].card).toBe('safety');
    expect(atConsent.state.consent).toBeUndefined();
    atConsent
      .botDoesNotSay(/didn't (get|catch) that/)
      .user('No, thank you')
      .user('carry on')
      .isAt('consent');

    const t = talk().user('yes').user('skip');
    for (let i = 0; i < 14; i++) t.user('skip');
    t.user('yes').user('Keep it private').isAt('done');
    t.user('I took an overdose');
    // Kept private: nobody at the organisation would see it unless it is passed on (it is, by default).
    expect(t.prompts[0].card).toBe('safety');
    expect(t.effects).toEqual([{ kind: 'flag', categories: ['harm-to-self'] }]);
    expect(t.state.safeguarding?.categories).toEqual(['harm-to-self']);
  });

  test('contact details are never checked, and ordinary answers pass', () => {
    const t = talk().user('yes').user("I'm just killing time, dying for a holiday");
    expect(t.effects).toEqual([]);
    expect(t.prompts[0].card).not.toBe('safety');
  });
});
