// A disclosure in a review gets the same response as in the first conversation (issue 13, item 4): a warm
// acknowledgement for the kind first, only the fitting contacts, may someone get in touch and when it is safe to
// call (where someone watches), the next question held until the person wants to carry on, and a goodbye that
// says what happens. Under both flag policies (test/fixtures/organisation.private-flags.yaml sets passOnUnshared
// false), and for a review held with a practitioner, which is always shared.
import { describe, expect, test } from '@jest/globals';
import { contactsFor } from '../../src/conversation/safety-contacts.js';
import { loadSafeguarding } from '../../src/privacy/safeguarding-file.js';
import { promptWords } from '../support/engine-talk.js';
import { ReviewTalk } from '../support/review-talk.js';
import { engineSetup } from '../support/setup.js';

const safeguarding = loadSafeguarding();
const watchedOrg = engineSetup().organisation;
const privateOrg = { ...watchedOrg, safeguardingPassOn: false };

/** A review in the person's own chat (they choose whether to share), up to "why?" about their health. */
function review(organisation = watchedOrg, options: { askSharing?: boolean; code?: string } = {}): ReviewTalk {
  return new ReviewTalk(engineSetup(['carer'], { safeguarding, organisation }), options).user('yes').user('not met').isAt('why', 0);
}

/** Her own review, started with "review ABCD-EFGH-23". */
const CODE = 'ABCD-EFGH-23';

/** A disclosure at "why?", then a call asked for, a number and a safe time given. */
const gaveNumber = () => review(watchedOrg, { code: CODE }).user('I want to kill myself').user('Yes, by phone').user('07700 900123').user('after 7');

describe('a disclosure in a review, where the organisation watches flags (the default)', () => {
  test('acknowledged first, only the fitting contacts, then "may someone get in touch?"; the next question waits', () => {
    const t = review().user("He hits me when he's confused");
    expect(t.effects).toEqual([{ kind: 'flag', categories: ['harm-from-others'] }]);
    expect(t.prompts[0].card).toBe('safety');
    expect(t.prompts[0].title).toMatch(/Thank you for telling me\. Nobody should hurt you/);
    // The same contacts the first conversation shows for the same kind.
    expect(t.prompts[0].contacts).toEqual(contactsFor(['harm-from-others'], watchedOrg));
    t.says(/someone from Riverside Carers Centre will look at it/)
      .says(/Would you like someone from Riverside Carers Centre to get in touch with you\? It is fine to say no/)
      .doesNotSay(/What more could be done|didn't (get|catch)/i);
    expect(t.state.step).toEqual({ kind: 'safety', stage: 'contact' });
    // What she said is kept as her answer to "why?", as the first conversation keeps it.
    expect(t.answer().why).toBe("He hits me when he's confused");
  });

  test('a reason typed with "has this happened?" is checked too: "no, he hits me when he\'s confused"', () => {
    const t = new ReviewTalk(engineSetup(['carer'], { safeguarding, organisation: watchedOrg }))
      .user('yes')
      .isAt('met', 0)
      .user("no, he hits me when he's confused");
    expect(t.effects).toEqual([{ kind: 'flag', categories: ['harm-from-others'] }]);
    expect(t.prompts[0].card).toBe('safety');
    t.says(/get in touch with you\?/).doesNotSay(/What more could be done/);
    expect(t.state.step).toEqual({ kind: 'safety', stage: 'contact' });
    // Her answer and her words are kept, as with any reason typed with the answer.
    expect(t.answer()).toEqual({ met: 'not', why: "no, he hits me when he's confused" });
    t.user('no thanks').user('carry on').isAt('next', 0);
  });

  test('checked at the summary and at "keep or delete?" too, never in the phone number', () => {
    const atSummary = new ReviewTalk(engineSetup(['carer'], { safeguarding, organisation: watchedOrg }))
      .user('yes')
      .user('skip')
      .user('skip')
      .isAt('summary')
      .user('yes but i cant do this anymore');
    expect(atSummary.prompts[0].card).toBe('safety');
    expect(atSummary.state.safeguarding?.categories.length).toBeGreaterThan(0);

    const t = gaveNumber();
    expect(t.state.safeguarding?.contact?.detail).toBe('07700 900123');
    expect(t.effects).toEqual([]);
  });

  test('she asks for a call, gives a number and a safe time; it is said back, then "carry on" brings the next question', () => {
    const t = review().user('My partner hits me when he has been drinking').user('ring me');
    t.says(/What number should they call\?/);
    t.user('07700 900123').says(/When is it safe to call you\?/);
    t.user('weekday mornings when he is at day care')
      .says(/Someone from Riverside Carers Centre will get in touch on 07700 900123\. Safe times: weekday mornings when he is at day care/)
      .says(/Would you like to carry on with our chat\?/);
    expect(t.state.safeguarding?.contact).toEqual({ method: 'phone', detail: '07700 900123', when: 'weekday mornings when he is at day care' });
    t.user('aye')
      .isAt('next', 0)
      .says(/What more could be done about this/);
  });

  test('"no" to contact is respected; a reply not understood is taken gently, never "I didn\'t catch that"', () => {
    const t = review().user('Some days I feel like ending it all');
    expect(t.prompts[0].title).toMatch(/You matter, and you do not have to face this on your own/);
    expect(t.prompts[0].contacts![0].phone).toBe('999');
    t.user('um')
      .says(/That is okay\. There is no rush/)
      .doesNotSay(/didn't (get|catch)/i);
    t.user('naw').says(/Nobody will contact you/);
    expect(t.state.safeguarding?.contact).toEqual({ method: 'none' });
    t.user('carry on').isAt('next', 0);
  });

  // As stop after a flag in the first conversation (test/safeguarding/safety-response.test.ts): keep or delete is
  // asked; either way she is told exactly what will and won't happen, and the flag stays with the organisation.

  test('stop after a flag asks keep or delete; kept, she is told someone will call at the safe times', () => {
    const t = gaveNumber()
      .user('carry on')
      .user('stop')
      .says(/keep what you've said/);
    expect(t.effects).toEqual([]);
    t.user('no wait i want to keep it')
      .says(/Before you go: what you told us about your safety has been passed to Riverside Carers Centre/)
      .says(/They will get in touch on 07700 900123, at the safe times you gave: after 7/)
      .says(/To carry on later, type 'review ABCD-EFGH-23'/);
    expect(t.effects).toEqual([{ kind: 'pause', code: CODE }]);
    expect(t.state.safeguarding?.categories).toEqual(['harm-to-self']);
  });

  test('stop after a flag, then delete: the flag was passed on, but no call is promised (the number goes with the review)', () => {
    const t = gaveNumber().user('carry on').user('stop').user('delete it');
    expect(t.effects).toEqual([{ kind: 'discard' }]);
    t.says(/Before you go: what you told us about your safety has been passed to Riverside Carers Centre/)
      .doesNotSay(/get in touch on 07700 900123/)
      .says(/Your answers to this review have not been kept/)
      .isAt('ended');
  });

  test('stop at the safety question itself asks keep or delete too', () => {
    const t = review(watchedOrg, { code: CODE })
      .user('I want to kill myself')
      .user('stop')
      .says(/keep what you've said/);
    expect(t.state.step).toEqual({ kind: 'stop-choice' });
    t.user('Carry on').says(/get in touch with you\?/);
    expect(t.state.step).toEqual({ kind: 'safety', stage: 'contact' });
  });

  test('"stop for now": told what happens, and kept under her code; the review waits at the question it held', () => {
    const t = review(watchedOrg, { code: CODE }).user('I want to kill myself').user('no thanks').user('Stop for now');
    expect(t.effects).toEqual([{ kind: 'pause', code: CODE }]);
    t.says(/Before you go: what you told us about your safety has been passed/)
      .says(/You said nobody should contact you, and nobody will/)
      .says(/type 'review ABCD-EFGH-23'/);
    t.isAt('next', 0);
  });

  test('a disclosure typed with "I have to go": the safety message, then what will happen and her code; nothing held', () => {
    const t = review(watchedOrg, { code: CODE }).user('i cant do this anymore, sorry i have to go');
    expect(t.prompts[0].card).toBe('safety');
    t.says(/Before you go: what you told us about your safety has been passed/).says(/type 'review ABCD-EFGH-23'/);
    expect(t.effects).toEqual([
      { kind: 'flag', categories: expect.any(Array) },
      { kind: 'pause', code: CODE },
    ]);
    t.isAt('why', 0);
  });

  test('"stop for now" in a review with no code to give (held with a practitioner): told what happens; it waits where it was', () => {
    const t = review(watchedOrg, { askSharing: false }).user('I want to kill myself').user('no thanks').user('Stop for now');
    expect(t.effects).toEqual([]);
    t.says(/Before you go: what you told us about your safety has been passed/).says(/nothing is deleted/);
    t.isAt('next', 0);
  });
});

describe('a disclosure in a review, where unshared flags are not passed on', () => {
  test('in her own chat: says plainly nobody will see it unless she shares it, gives the numbers, and does not ask about contact', () => {
    const t = review(privateOrg).user('I want to kill myself');
    const said = promptWords(t.prompts);
    expect(said).toMatch(/Nobody at Riverside Carers Centre will see what you said unless you choose to share it/);
    expect(said).toMatch(/please use these numbers if you need help/);
    expect(said).toMatch(/116 123/);
    t.doesNotSay(/get in touch with you/).says(/Would you like to carry on with our chat\?/);
    expect(t.state.step).toEqual({ kind: 'safety', stage: 'carry-on' });
    t.user('carry on').isAt('next', 0);
  });

  test('stopping: the goodbye says nobody will see it', () => {
    const t = review(privateOrg).user('I want to kill myself').user('carry on').user('stop').user('delete it');
    expect(t.effects).toEqual([{ kind: 'discard' }]);
    t.says(/nobody at Riverside Carers Centre will see what you said/i);
  });

  test('a review held with a practitioner is shared, so someone watches: contact is asked', () => {
    const t = review(privateOrg, { askSharing: false }).user('He hits me when he is confused');
    t.says(/someone from Riverside Carers Centre will look at it/).says(/get in touch with you\?/);
    expect(t.state.step).toEqual({ kind: 'safety', stage: 'contact' });
  });
});
