// A practitioner holds a conversation, or a review, with a person in Teams; a person starts their own
// review in web chat with their reference code. Real bot, real files.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { talk } from '../support/bot-talk.js';
import { carerRecord, teamsApp } from './support/app.js';
import { MORAG, teams } from './support/teams-talk.js';
import type { ProactiveSender } from '../../src/notify/notifier.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

const CODE_PATTERN = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}/;

function recordingSender(): ProactiveSender & { sent: string[] } {
  const sent: string[] = [];
  return { sent, send: (ref, reply) => Promise.resolve(void sent.push(`${ref.key}: ${reply.text.split('\n')[0]}`)) };
}

async function start(sender = recordingSender()) {
  const app = await teamsApp({}, { sender });
  apps.push(app);
  return app;
}

async function all(app: App): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of app.store.records.all()) out.push(r);
  return out;
}

async function audit(app: App): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of app.practitioners.audit.entries()) out.push(e);
  return out;
}

describe('a conversation a practitioner holds with a person', () => {
  test('any script, answered on their behalf; set aside and carried on; the practitioner records where their view differs', async () => {
    const sender = recordingSender();
    const app = await start(sender);
    const chat = teams(app.bot, { aadObjectId: MORAG });
    await chat
      .says('start')
      .sees(/Which conversation would you like to hold/)
      .presses('What matters to you: for carers')
      .sees(/holding this conversation with the person/)
      .sees(/happy to go on/)
      .says("Yes, let's start")
      .sees(/What matters to you just now/)
      .says('Keeping Dad at home')
      .sees(/Step 1 of 14/)
      .says('4')
      .says('He enjoys the lunch club')
      .sees(/Step 2 of 14/)
      .says('pause')
      .sees(/Set aside\. Type 'carry on'/)
      .doesNotSee(CODE_PATTERN)
      .says('queue')
      .sees(/Waiting for someone/)
      .says('start adult')
      .sees(/You have a conversation set aside/)
      .says('carry on')
      .sees(/Carrying on/)
      .sees(/Step 2 of 14/)
      .says('2')
      .says('Up three times a night')
      .sees(/What would help/)
      .says('A night sitter');
    for (let i = 2; i < 14; i++) await chat.says('skip');
    await chat
      .sees(/one or two of these matter most/)
      .says('2')
      .sees(/Here is what you told me/)
      .says('Yes, this is right')
      .says('Share it')
      .says('No, thank you')
      .sees(/Saved as record [0-9A-F]{4}-[0-9A-F]{4}, claimed by you/)
      .doesNotSee(CODE_PATTERN)
      .sees(/Where your view of a rating differs/)
      .presses('Save', { o1: 'same', o2: '1' })
      .sees(/Your view is recorded on 1 outcome/);

    const [record] = await all(app);
    expect(record).toMatchObject({
      mode: 'with-practitioner',
      answeredBy: 'practitioner-on-behalf',
      channel: 'msteams',
      practitioner: MORAG,
      sharing: 'shared',
      whatMatters: 'Keeping Dad at home',
    });
    expect(record.followUp).toMatchObject({ status: 'claimed', assignee: MORAG });
    expect(record.outcomes[0]).toMatchObject({ rating: { value: 4 }, ownWords: 'He enjoys the lunch club' });
    expect(record.outcomes[0].practitionerRating).toBeUndefined();
    expect(record.outcomes[1]).toMatchObject({
      rating: { value: 2, label: 'Not very good' },
      practitionerRating: { value: 1, label: 'Not good at all' },
      whatWouldHelp: 'A night sitter',
      priority: true,
    });
    expect((await audit(app)).map((e) => e.action)).toEqual(['create', 'practitioner-view']);
    await app.practitioners.notifier.idle();
    expect(sender.sent).toEqual([]);

    await chat
      .says(`open ${shortRef(record.id)}`)
      .sees(/With a practitioner/)
      .sees(/A practitioner, with the person/)
      .sees(/Practitioner's view: Not good at all \(1\)/)
      .says(`my view ${shortRef(record.id)} 2 9`)
      .sees(/9 is not a rating/)
      .says(`my view ${shortRef(record.id)} 1 3`)
      .sees(/recorded on 1 outcome/);
    expect((await app.store.records.get(record.id))!.outcomes[0].practitionerRating).toEqual({ value: 3, label: 'Okay' });
  });

  test('stop ends it and keeps nothing', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: MORAG })
      .says('start carer')
      .says('yes')
      .says('stop')
      .sees(/stopped\. Nothing was kept/)
      .says('carry on')
      .sees(/nothing set aside/);
    expect(await all(app)).toEqual([]);
  });

  test('an unknown script is named', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: MORAG })
      .says('start knitting')
      .sees(/no conversation called 'knitting'.*carer, adult/);
  });
});

describe('a review a practitioner holds with the person', () => {
  test('shows each earlier outcome with what they said, asks met / why / what next, and stores it linked to the earlier record', async () => {
    const app = await start();
    const subjectRef = 'subject-teams-review';
    const earlier = carerRecord({ subjectRef, ratings: { 1: 2, 4: 3 }, words: { 1: 'Up three times a night' }, confirmedAt: '2026-05-01T10:00:00.000Z' });
    await app.store.records.add(earlier);
    const ref = shortRef(earlier.id);
    const chat = teams(app.bot, { aadObjectId: MORAG });
    await chat
      .says(`review ${ref}`)
      .sees(/holding a review with the person/)
      .sees(/what you told us on 1 May 2026/)
      .says('yes')
      .sees(/Your health and sleep/)
      .sees(/In your words: Up three times a night/)
      .sees(/How it was going: Not very good/)
      .presses('Some of it')
      .sees(/Why do you think that is/)
      .says('The sitter comes once a fortnight')
      .says('Ask for a weekly sitter')
      .sees(/Money/)
      .says('fully')
      .says('Nothing to add')
      .says('Nothing to add')
      .sees(/Here is your review/)
      .says('yes')
      .sees(new RegExp(`Review saved as record [0-9A-F]{4}-[0-9A-F]{4}, linked to record ${ref}`))
      .sees(/At review: Partly met/)
      .sees(/Why: The sitter comes once a fortnight/)
      .doesNotSee(CODE_PATTERN);
    const review = (await all(app)).find((r) => r.mode === 'review')!;
    expect(review).toMatchObject({
      previousRecordId: earlier.id,
      subjectRef,
      answeredBy: 'practitioner-on-behalf',
      sharing: 'shared',
      practitioner: MORAG,
      channel: 'msteams',
    });
    expect(review.followUp.assignee).toBe(MORAG);
    expect(review.outcomes.find((o) => o.id === 'health-and-wellbeing')!.review).toEqual({
      met: 'partly',
      why: 'The sitter comes once a fortnight',
      next: 'Ask for a weekly sitter',
    });
    expect(review.outcomes.find((o) => o.id === 'money')!.review).toEqual({ met: 'fully' });
    expect((await audit(app)).map((e) => e.action)).toEqual(['review', 'open']);

    // Reviewing from the review record looks back at the person's last record that was not a review.
    await chat
      .says(`review ${shortRef(review.id)}`)
      .sees(new RegExp('what you told us on 1 May 2026'))
      .says('set aside')
      .sees(/Set aside/)
      .says('carry on')
      .sees(/Carrying on/)
      .sees(/happy to go on/);
  });

  test('a person with nothing shared to look back on', async () => {
    const app = await start();
    const record = carerRecord({ priorityIndex: -1 });
    await app.store.records.add(record);
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`review ${shortRef(record.id)}`)
      .sees(/no earlier shared record to review/)
      .doesNotSee(/holding a review/);
  });
});

describe('stopping a review a practitioner holds', () => {
  test('"stop" asks keep or delete; kept, it waits at the question (no code to give); deleted, nothing is kept', async () => {
    const app = await start();
    const earlier = carerRecord({ subjectRef: 'subject-teams-review-stop', ratings: { 1: 2 }, confirmedAt: '2026-05-01T10:00:00.000Z' });
    await app.store.records.add(earlier);
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`review ${shortRef(earlier.id)}`)
      .says('yes')
      .says('some of it')
      .says('stop')
      .sees(/Do you want to keep what you've said/)
      .says('Keep it for later')
      .sees(/nothing is deleted/)
      .sees(/Why do you think that is/)
      .doesNotSee(CODE_PATTERN)
      .says('stop')
      .says('Delete it')
      .sees(/stopped\. Nothing was kept/);
    expect((await all(app)).filter((r) => r.mode === 'review')).toEqual([]);
  });
});

describe('a person starts their own review in web chat', () => {
  test('"review" and their code finds their last record; the review is stored linked to it', async () => {
    const sender = recordingSender();
    const app = await start(sender);
    const code = 'ABCD-EFGH-23';
    const earlier = carerRecord({ subjectRef: subjectRefFor(code), ratings: { 1: 2 }, words: { 1: 'Up three times a night' }, sharing: 'private' });
    await app.store.records.add(earlier);
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .botSays(/Who are we talking about today/)
      .user('review abcd efgh 23')
      .botSays(/what you told us on/)
      .user('yes')
      .botSays(/In your words: Up three times a night/)
      .user('not met')
      .user('Nobody called')
      .user('skip')
      .botSays(/Has it happened: No/)
      .botDoesNotSay(/Rating: No|Not met/)
      .user('yes')
      .botSays(/keep this review private, or share it/)
      .user('Share it')
      .botSays(/Your review is saved/)
      .user('I look after someone')
      .botSays(/happy to go on/);
    const review = (await all(app)).find((r) => r.mode === 'review')!;
    expect(review).toMatchObject({ previousRecordId: earlier.id, subjectRef: earlier.subjectRef, answeredBy: 'carer', sharing: 'shared', channel: 'webchat' });
    expect(review.outcomes.find((o) => o.id === 'health-and-wellbeing')!.review).toEqual({ met: 'not', why: 'Nobody called' });
    await app.practitioners.notifier.idle();
    // Shared review: the carers team hears of it (nobody has a stored reference here, so nothing is sent).
    expect(sender.sent).toEqual([]);
  });

  test("a code that is nobody's, or not a code, says so plainly", async () => {
    const app = await start();
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user('review ZZZZ-ZZZZ-ZZ')
      .botSays(/couldn't find anything to look back on/)
      .user('review my notes')
      .botSays(/couldn't find anything/);
  });

  test('after five codes that found nothing, a chat has to wait before trying again', async () => {
    const app = await start();
    const code = 'ABCD-EFGH-23';
    await app.store.records.add(carerRecord({ subjectRef: subjectRefFor(code), ratings: { 1: 2 } }));
    const chat = talk(app.bot, { channelId: 'webchat' }).joins();
    for (let i = 0; i < 5; i++) chat.user(`review ZZZZ-ZZZZ-${i}0`).botSays(/couldn't find anything/);
    await chat
      .user(`review ${code}`)
      .botSays(/too many tries/)
      .botDoesNotSay(/what you told us/);
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`review ${code}`)
      .botSays(/what you told us on/);
  });
});

describe('retention of what is left unfinished', () => {
  test('a review or a half-entered action left longer than unfinished conversations are kept is removed', async () => {
    const app = await start();
    const code = 'ABCD-EFGH-23';
    const record = carerRecord({ subjectRef: subjectRefFor(code), ratings: { 1: 2 }, words: { 1: 'Up three times a night' } });
    await app.store.records.add(record);
    await talk(app.bot, { channelId: 'webchat' }).joins().user(`review ${code}`).user('yes').user('partly');
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`action ${shortRef(record.id)}`)
      .says('Call on Friday')
      .sees(/Who will do it/);
    expect(await app.practitioners.sweep(new Date())).toEqual({ reviews: 0, dialogs: 0 });
    const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    expect(await app.practitioners.sweep(later)).toEqual({ reviews: 1, dialogs: 1 });
  });
});
