// Reviews follow the organisation's policy for flags on private conversations, as the first conversation does:
// what the person is told, whether the stored review is passed on, and whether practitioners hear at once.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import type { ProactiveSender } from '../../src/notify/notifier.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { talk } from '../support/bot-talk.js';
import { carerRecord, teamsApp } from '../teams/support/app.js';
import { MORAG, teams } from '../teams/support/teams-talk.js';

const PRIVATE_FLAGS = { ORGANISATION_FILE: 'test/fixtures/organisation.private-flags.yaml' };
const CODE = 'ABCD-EFGH-23';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(env: Record<string, string> = {}) {
  const sent: string[] = [];
  const sender: ProactiveSender = { send: (ref, reply) => Promise.resolve(void sent.push(`${ref.key}: ${reply.text.split('\n')[0]}`)) };
  const app = await teamsApp(env, { sender });
  apps.push(app);
  await app.store.records.add(carerRecord({ subjectRef: subjectRefFor(CODE), ratings: { 1: 2 }, words: { 1: 'Up three times a night' }, sharing: 'private' }));
  // Morag has written to the bot in Teams, so the bot knows where to reach her.
  await teams(app.bot, { aadObjectId: MORAG }).says('help').sees(/./);
  return { app, sent };
}

async function reviews(app: App): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of app.store.records.all()) if (r.mode === 'review') out.push(r);
  return out;
}

function flaggedReview(app: App) {
  return talk(app.bot, { channelId: 'webchat' })
    .joins()
    .user(`review ${CODE}`)
    .botSays(/what you told us on/)
    .user('yes')
    .user('not met')
    .user("He hits me when he's confused");
}

describe('a review under an organisation that does not pass unshared flags on', () => {
  test('the person is told nobody sees it unless shared; kept private, it is not passed on and nobody is told', async () => {
    const { app, sent } = await start(PRIVATE_FLAGS);
    await flaggedReview(app)
      .botSays(/999/)
      .botSays(/Nobody at Hillside Carers Trust will see what you said unless you choose to share it/)
      .botDoesNotSay(/someone from Hillside Carers Trust will look at it/)
      .botDoesNotSay(/get in touch with you/)
      .user('carry on')
      .user('skip')
      .user('yes')
      .botSays(/keep this review private, or share it/)
      .user('Keep it private')
      .botSays(/Your review is saved/);
    const [review] = await reviews(app);
    expect(review.safeguardingFlag).toMatchObject({ flagged: true, passedOn: false });
    expect(review.sharing).toBe('private');
    expect(await app.privacy.notices.list()).toEqual([]);
    await app.practitioners.notifier.idle();
    expect(sent).toEqual([]);
  });

  test('shared, the flagged review is passed on and its team is told', async () => {
    const { app, sent } = await start(PRIVATE_FLAGS);
    await flaggedReview(app)
      .user('carry on')
      .user('skip')
      .user('yes')
      .user('Share it')
      .botSays(/Your review is saved/);
    const [review] = await reviews(app);
    expect(review.safeguardingFlag).toMatchObject({ flagged: true, passedOn: true });
    await app.practitioners.notifier.idle();
    expect(sent.length).toBeGreaterThan(0);
  });
});

describe('a review under the default policy', () => {
  test('she gives a number and a safe time, then stops: the practitioner opens the flag from the queue and sees them', async () => {
    const { app } = await start();
    await flaggedReview(app)
      .botSays(/Nobody should hurt you/)
      .botSays(/get in touch with you\?/)
      .botDoesNotSay(/What more could be done/)
      .user('Yes, by phone')
      .user('07700 900123')
      .botSays(/When is it safe to call you\?/)
      .user('after 7 when he is asleep')
      .user('carry on')
      .user('stop')
      .botSays(/keep what you've said/)
      .user('keep it for later')
      .botSays(/Before you go: what you told us about your safety has been passed to Riverside Carers Centre/)
      .botSays(/They will get in touch on 07700 900123, at the safe times you gave: after 7 when he is asleep/);
    const [notice] = await app.privacy.notices.list();
    expect(notice).toMatchObject({ categories: ['harm-from-others'], subjectRef: subjectRefFor(CODE), contact: { method: 'phone', detail: '07700 900123' } });
    await teams(app.bot, { aadObjectId: MORAG })
      .says('queue')
      .sees(/Flagged for safety, not finished \(1\)/)
      .says(`open ${shortRef(notice.id)}`)
      .sees(/What was flagged: someone may be hurting them/)
      .sees(/May we get in touch: By phone: 07700 900123/)
      .sees(/Safe times to call: after 7 when he is asleep/)
      .doesNotSee(/hits me/);
  });

  test('the person is told someone will look; practitioners hear at once; kept private, it is still passed on', async () => {
    const { app, sent } = await start();
    const chat = flaggedReview(app);
    await chat.botSays(/someone from Riverside Carers Centre will look at it/);
    await app.practitioners.notifier.idle();
    expect(sent.join('\n')).toMatch(/flagged for safety/i);
    await chat
      .botSays(/get in touch with you\?/)
      .user('no thanks')
      .user('carry on')
      .user('skip')
      .user('yes')
      .user('Keep it private')
      .botSays(/Your review is saved/);
    const [review] = await reviews(app);
    expect(review.safeguardingFlag).toMatchObject({ flagged: true, passedOn: true });
  });
});

describe('stopping a flagged review, and the words flagged', () => {
  test('deleted after giving a number: the flag stays for practitioners, the number goes with the review, and no call is promised', async () => {
    const { app } = await start();
    await flaggedReview(app)
      .user('Yes, by phone')
      .user('07700 900123')
      .user('after 7 when he is asleep')
      .user('carry on')
      .user('stop')
      .user('delete it')
      .botSays(/Before you go: what you told us about your safety has been passed to Riverside Carers Centre/)
      .botDoesNotSay(/get in touch on 07700 900123/)
      .botSays(/Your answers to this review have not been kept/);
    const [notice] = await app.privacy.notices.list();
    expect(notice).toMatchObject({ categories: ['harm-from-others'], subjectRef: subjectRefFor(CODE) });
    expect(notice.contact).toBeUndefined();
    expect(await reviews(app)).toEqual([]);
  });

  test('the words flagged are kept on the notice only where the policy lets someone read them (safeguarding.policy.matchedWords)', async () => {
    const nobody = await start();
    await flaggedReview(nobody.app);
    expect((await nobody.app.privacy.notices.list())[0].words).toBeUndefined();

    const managers = await start({ ORGANISATION_FILE: 'test/teams/organisation.teams-words.yaml' });
    await flaggedReview(managers.app);
    expect((await managers.app.privacy.notices.list())[0].words).toEqual(["He hits me when he's confused"]);
  });
});
