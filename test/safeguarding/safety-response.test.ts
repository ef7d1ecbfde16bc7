// The response to a disclosure, as a person sees it (issue 13, item 6): acknowledged first in words for the kind,
// only the contacts that fit, may someone get in touch and when it is safe to call, the next question held,
// the structured "are you safe right now?" check, and the goodbye after stop or leaving that says what happens.
import { describe, expect, test } from '@jest/globals';
import { loadSafeguarding } from '../../src/privacy/safeguarding-file.js';
import { EngineTalk, promptWords } from '../support/engine-talk.js';
import { engineSetup } from '../support/setup.js';

const safeguarding = loadSafeguarding();
const watchedOrg = engineSetup().organisation;
const privateOrg = { ...watchedOrg, safeguardingPassOn: false };

function talk(organisation = watchedOrg, scripts = ['carer']) {
  return new EngineTalk(engineSetup(scripts, { safeguarding, organisation }));
}

/** Consent, then what matters, then the quick pass all fine but health, then the first deeper question. */
function toHealthRating(t: EngineTalk): EngineTalk {
  t.user('yes').user('Time for myself').user('all fine').user('all fine except my health').user('skip').user('skip').user('nothing to add');
  return t.isAt('rating');
}

describe('the safety response', () => {
  test('suicidal words: a warm acknowledgement first, the crisis lines (no forced marriage helpline), and the question waits', () => {
    const t = talk().user('yes').user('Some days I feel like ending it all');
    expect(t.prompts[0].card).toBe('safety');
    expect(t.prompts[0].title).toMatch(/You matter, and you do not have to face this on your own/);
    const phones = t.prompts[0].contacts!.map((c) => c.phone);
    expect(phones[0]).toBe('999');
    expect(phones).toContain('116 123');
    expect(phones).not.toContain('0800 027 1234');
    t.isAt('safety')
      .botSays(/Would you like someone from Riverside Carers Centre to get in touch with you\? It is fine to say no/)
      .botDoesNotSay(/How is each of these going/);
  });

  test('a carer at breaking point gets no emergency line first and no abuse helpline', () => {
    const t = talk().user('yes').user("I can't do this anymore, I'm at the end of my rope");
    expect(t.prompts[0].title).toMatch(/Caring can be too much, and it is okay to say so/);
    expect(t.prompts[0].contacts!.map((c) => c.phone)).not.toContain('0800 027 1234');
    expect(t.prompts[0].contacts![0].phone).not.toBe('999');
  });

  test('phone, number and safe time are asked, kept on the state, said back; then the held question comes on "carry on"', () => {
    const t = talk().user('yes').user('He hits me when he is confused');
    t.user('ring me')
      .isAt('safety')
      .botSays(/What number should they call\?/);
    t.user('07700 900123').botSays(/When is it safe to call you\?/);
    t.user('weekday mornings when he is at day care');
    expect(t.state.safeguarding?.contact).toEqual({ method: 'phone', detail: '07700 900123', when: 'weekday mornings when he is at day care' });
    t.botSays(/will get in touch on 07700 900123\. Safe times: weekday mornings when he is at day care/).botSays(/Would you like to carry on with our chat\?/);
    t.user('aye')
      .isAt('quick-pass')
      .botSays(/How is each of these going/);
    expect(t.state.whatMatters).toBe('He hits me when he is confused');
  });

  test('"no" to contact is respected, and by email works with a button value', () => {
    const no = talk().user('yes').user('I want to kill myself').user('naw');
    expect(no.state.safeguarding?.contact).toEqual({ method: 'none' });
    no.botSays(/Nobody will contact you/).isAt('safety');
    const email = talk().user('yes').user('I want to kill myself').user('Yes, by email').user('me@example.org');
    expect(email.state.safeguarding?.contact).toEqual({ method: 'email', detail: 'me@example.org' });
    email.user('Carry on').isAt('quick-pass');
  });

  test(`a reply not understood after a safety message is taken gently, never "I didn't catch that"`, () => {
    const t = talk().user('yes').user('my partner strangled me').user('um');
    t.isAt('safety')
      .botSays(/That is okay\. There is no rush/)
      .botDoesNotSay(/didn't (get|catch)/i);
    t.user('what').botDoesNotSay(/didn't (get|catch)/i);
  });

  test('where nobody watches, it says so plainly with the numbers, and does not ask about contact', () => {
    const t = talk(privateOrg).user('yes').user('I want to kill myself');
    const card = promptWords(t.prompts);
    expect(card).toMatch(/Nobody at Riverside Carers Centre will see what you said unless you choose to share it/);
    expect(card).toMatch(/please use these numbers if you need help/);
    expect(card).toMatch(/116 123/);
    t.botDoesNotSay(/get in touch with you/).botSays(/Would you like to carry on with our chat\?/);
    t.user('stop for now');
    expect(t.effects).toEqual([{ kind: 'pause', code: 'TEST-CODE-01' }]);
    t.botSays(/nobody at Riverside Carers Centre will see what you said/);
  });

  test('the lowest rating on health brings one gentle question; "yes" carries on, asked only once', () => {
    const t = toHealthRating(talk()).user('not good at all');
    t.isAt('safety').botSays(/Are you, or the person you look after, safe right now\?/);
    expect(t.effects).toEqual([]);
    t.user('aye we are')
      .botSays(/I am glad/)
      .isAt('own-words');
    t.user('back').user('not good at all').isAt('own-words');
  });

  test('a "no" to "are you safe right now?" is a disclosure: flagged, emergency first, contact asked', () => {
    const t = toHealthRating(talk()).user('not good at all').user('no');
    expect(t.effects).toEqual([{ kind: 'flag', categories: ['immediate-danger'] }]);
    expect(t.prompts[0].card).toBe('safety');
    expect(t.prompts[0].contacts![0].phone).toBe('999');
    t.botSays(/get in touch with you/);
  });
});

describe('stopping or leaving after a flag', () => {
  test('stop, then delete: told before it closes what will happen, and no call is promised once the details are deleted', () => {
    const t = talk().user('yes').user('He hits me').user('phone').user('07700 900123').user('after 7').user('carry on');
    t.user('stop').isAt('stop-choice').user('delete it');
    expect(t.effects).toEqual([{ kind: 'discard' }]);
    t.botSays(/Before you go: what you told us about your safety has been passed to Riverside Carers Centre/).botDoesNotSay(/They will get in touch/);
  });

  test('"I have to go" after a flag: said what happens, then paused with the code', () => {
    const t = talk().user('yes').user('I want to kill myself').user('no thanks').user('sorry I have to go');
    expect(t.effects).toEqual([{ kind: 'pause', code: 'TEST-CODE-01' }]);
    t.botSays(/Before you go: what you told us about your safety has been passed/).botSays(/You said nobody should contact you, and nobody will/);
  });

  test('without a flag, stopping says nothing about safety', () => {
    const t = talk().user('yes').user('Time for myself').user('stop').user('delete it');
    t.botDoesNotSay(/Before you go/);
  });
});
