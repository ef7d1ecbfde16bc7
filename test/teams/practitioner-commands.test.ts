// Practitioners in Teams (channelId msteams, a personal chat) over the real bot and real files:
// who gets commands, and every command typed and pressed.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { talk } from '../support/bot-talk.js';
import { carerRecord, teamsApp } from './support/app.js';
import { IAIN, MORAG, RAVI, STRANGER, plainText, teams } from './support/teams-talk.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(...args: Parameters<typeof teamsApp>) {
  const app = await teamsApp(...args);
  apps.push(app);
  return app;
}

async function audit(app: App): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of app.practitioners.audit.entries()) out.push(e);
  return out;
}

async function seed(app: App, ...records: OutcomeRecord[]): Promise<string[]> {
  for (const r of records) await app.store.records.add(r);
  return records.map((r) => shortRef(r.id));
}

describe('who gets practitioner commands', () => {
  test('someone not on the roster gets the person conversation in Teams', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: STRANGER })
      .installs()
      .sees(/Who are we talking about today/)
      .says('queue')
      .doesNotSee(/Waiting for someone/);
  });

  test('a roster practitioner is welcomed on install and gets help', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: MORAG })
      .installs()
      .sees(/Hello Morag Test/)
      .doesNotSee(/Who are we talking about today/)
      .says('help')
      .sees(/What you can do/)
      .sees(/claim REF/)
      .sees(/my view REF 3 2[\s\S]*Only on a conversation you held with the person/)
      .presses('Queue')
      .sees(/Waiting for someone \(0\)/);
    expect(await app.practitioners.stores.references.get(MORAG)).toMatchObject({ channelId: 'msteams', conversation: { conversationType: 'personal' } });
  });

  test('the same roster id on web chat gets the person conversation, never commands', async () => {
    const app = await start();
    const [ref] = await seed(app, carerRecord({}));
    await teams(app.bot, { aadObjectId: MORAG, channelId: 'webchat' })
      .says(`open ${ref}`)
      .doesNotSee(/Record /)
      .sees(/Who are we talking about today/);
    await teams(app.bot, { aadObjectId: MORAG, channelId: 'directline' })
      .submits({ pr: 'open', ref })
      .doesNotSee(/In their words/);
    expect(await audit(app)).toEqual([]);
  });

  test('with an app id, an unsigned msteams request is not trusted as Teams', async () => {
    const app = await start({ MicrosoftAppId: '00000000-0000-4000-8000-00000000abcd', MicrosoftAppPassword: 'not-used', NODE_ENV: 'test' });
    await teams(app.bot, { aadObjectId: MORAG })
      .says('queue')
      .doesNotSee(/Waiting for someone/)
      .sees(/Who are we talking about today/);
  });

  test('a group chat gets no records', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: MORAG, conversationType: 'groupChat' })
      .says('queue')
      .sees(/only in your one-to-one chat/)
      .doesNotSee(/Waiting/);
  });

  test('a roster entry with only a principal name is found through Teams', async () => {
    const app = await start({}, { principalName: async () => 'Fiona.Test@example.invalid' });
    await teams(app.bot, { aadObjectId: '22222222-cccc-4000-8000-000000000003' })
      .says('queue')
      .sees(/Waiting for someone/);
  });
});

test('a person in Teams costs one look-up of their name, not one per message', async () => {
  let calls = 0;
  const app = await start({}, { principalName: async () => void calls++ });
  await teams(app.bot, { aadObjectId: STRANGER })
    .says('hello')
    .says('I look after someone')
    .says('queue')
    .sees(/Who are we talking about|happy to go on|didn't get that/);
  expect(calls).toBe(1);
});

describe('the queue', () => {
  test('shared and flagged records nobody has claimed, flagged first then newest; private ones never', async () => {
    const app = await start();
    const older = carerRecord({ confirmedAt: '2026-11-01T09:00:00.000Z' });
    const newer = carerRecord({ confirmedAt: '2026-11-10T09:00:00.000Z' });
    const flagged = carerRecord({ confirmedAt: '2026-10-01T09:00:00.000Z', flagged: true, sharing: 'private' });
    const hidden = carerRecord({ sharing: 'private' });
    const [olderRef, newerRef, flaggedRef, hiddenRef] = await seed(app, older, newer, flagged, hidden);
    const replies = await teams(app.bot, { aadObjectId: MORAG })
      .says('queue')
      .sees(/Waiting for someone \(3\)/)
      .doesNotSee(new RegExp(hiddenRef));
    const text = replies.map(plainText).join('\n');
    expect(text.indexOf(flaggedRef)).toBeLessThan(text.indexOf(newerRef));
    expect(text.indexOf(newerRef)).toBeLessThan(text.indexOf(olderRef));
    expect(text).toMatch(new RegExp(`Safety flag: ${flaggedRef}`));
  });

  test('a conversation flagged for safety but not finished is in the queue, without any of its words', async () => {
    const app = await start();
    await talk(app.bot, { channelId: 'webchat' }).joins().user('I look after someone').user('yes').user('Some days I want to kill myself');
    await teams(app.bot, { aadObjectId: MORAG })
      .says('queue')
      .sees(/Flagged for safety, not finished \(1\)/)
      .sees(/What matters to you: for carers, in web chat\. Flagged because they may harm themselves\./)
      .doesNotSee(/webchat|harm-to-self/)
      .doesNotSee(/kill myself/);
    await teams(app.bot, { aadObjectId: RAVI })
      .says('queue')
      .doesNotSee(/not finished/);
  });

  test("another team's records are not in the queue; a manager's queue is everyone's", async () => {
    const app = await start();
    const [ref] = await seed(app, carerRecord({}));
    await teams(app.bot, { aadObjectId: RAVI }).says('queue').doesNotSee(new RegExp(ref));
    await teams(app.bot, { aadObjectId: MORAG }).says('queue').sees(new RegExp(ref));
  });
});

describe('a record, from opening to closing', () => {
  test('open shows ratings beside their words, what would help, priorities, safety, contact, and change since the earlier record', async () => {
    const app = await start();
    const subjectRef = 'subject-teams-open';
    const earlier = carerRecord({ subjectRef, confirmedAt: '2026-05-01T10:00:00.000Z', ratings: { 0: 4, 1: 2 } });
    const later = carerRecord({
      subjectRef,
      confirmedAt: '2026-11-01T10:00:00.000Z',
      ratings: { 0: 3, 1: 4 },
      words: { 1: 'I sleep better since the sitter started' },
      flagged: true,
    });
    const [earlierRef, ref] = await seed(app, earlier, later);
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`open ${ref.toLowerCase()}`)
      .sees(new RegExp(`Record ${ref}`))
      .sees(/Flagged for safety: they may harm themselves\./)
      .sees(/Channel: web chat/)
      .doesNotSee(/webchat|directline|harm-to-self/)
      .sees(/Rating: Good \(4 of 5\)/)
      .sees(/In their words: I sleep better since the sitter started/)
      .sees(/A priority for them/)
      .sees(/By phone: 07700 900123/)
      .sees(new RegExp(`record ${earlierRef}`))
      .sees(/Not very good → Good \(up 2\)/)
      .sees(/Good → Okay \(down 1\)/);
    expect(await audit(app)).toEqual([expect.objectContaining({ who: MORAG, action: 'open', record: later.id })]);
  });

  test('a reference nobody has, a private record, or no reference at all get a clear answer', async () => {
    const app = await start();
    const [hiddenRef] = await seed(app, carerRecord({ sharing: 'private' }));
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`open ${hiddenRef}`)
      .sees(/can't find a shared record/)
      .says('open')
      .sees(/Which record\?/)
      .says('claim ZZZZ')
      .sees(/can't find a shared record ZZZZ/);
    expect(await audit(app)).toEqual([]);
  });

  test('claim, note, action (asked step by step), done and close, by typing; each audited', async () => {
    const app = await start();
    const record = carerRecord({});
    const [ref] = await seed(app, record);
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`claim ${ref}`)
      .sees(/You have claimed record/)
      .says(`claim ${ref}`)
      .sees(/already claimed by you/)
      .says(`note ${ref} Phoned, left a message`)
      .sees(/Note added/)
      .says(`action ${ref}`)
      .sees(/What is the action/)
      .says('Refer to the short breaks fund')
      .sees(/Who will do it/)
      .says('Morag')
      .sees(/By when/)
      .says('31/02/2027')
      .sees(/couldn't read that date/)
      .says('15/12/2026')
      .sees(/Action 1 added/)
      .says(`done ${ref} 2`)
      .sees(/has no action 2/)
      .says(`done ${ref} 1`)
      .sees(/Action 1 .* is marked done/)
      .says(`close ${ref}`)
      .sees(/is closed/)
      .says('queue')
      .sees(/Claimed by you \(0\)/);
    const stored = (await app.store.records.get(record.id))!;
    expect(stored.followUp).toMatchObject({
      status: 'done',
      assignee: MORAG,
      notes: [{ by: MORAG, text: 'Phoned, left a message' }],
      actions: [{ what: 'Refer to the short breaks fund', who: 'Morag', byWhen: '2026-12-15', done: true }],
    });
    expect((await audit(app)).map((e) => [e.action, e.record])).toEqual([
      ['claim', record.id],
      ['note', record.id],
      ['action-add', record.id],
      ['action-done', record.id],
      ['close', record.id],
    ]);
    await teams(app.bot, { aadObjectId: IAIN })
      .says(`claim ${ref}`)
      .sees(/already claimed by Morag Test/);
  });

  test('the same by pressing buttons, with a note typed into the card', async () => {
    const app = await start();
    const record = carerRecord({ ratings: { 0: 2 } });
    await seed(app, record);
    await teams(app.bot, { aadObjectId: IAIN })
      .says('queue')
      .presses('Open')
      .sees(/In their words|Rating: Not very good/)
      .presses('Claim')
      .sees(/You have claimed/)
      .presses('Open')
      .presses('Add note')
      .sees(/Type your note/)
      .presses('Send', { text: 'Carer asked for a call on Friday' })
      .sees(/Note added/)
      .presses('Open')
      .presses('Add action')
      .presses('Send', { text: 'Call on Friday' })
      .presses('Send', { text: 'Iain' })
      .presses('Send', { text: 'no date' })
      .sees(/Action 1 added/)
      .presses('Open')
      .presses('Mark done')
      .sees(/Action 1 .* is marked done/)
      .presses('Open')
      .presses('Close follow-up')
      .sees(/is closed/);
    const stored = (await app.store.records.get(record.id))!;
    expect(stored.followUp.status).toBe('done');
    expect(stored.followUp.notes[0].text).toBe('Carer asked for a call on Friday');
    expect(stored.followUp.actions[0]).toMatchObject({ what: 'Call on Friday', who: 'Iain', done: true });
    expect(stored.followUp.actions[0].byWhen).toBeUndefined();
  });

  test('cancel drops a half-entered action; a button press leaves it too', async () => {
    const app = await start();
    const record = carerRecord({});
    const [ref] = await seed(app, record);
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`action ${ref}`)
      .says('Something')
      .says('cancel')
      .sees(/Cancelled. Nothing was saved/)
      .says(`note ${ref}`)
      .submits({ pr: 'queue' })
      .sees(/Cancelled/)
      .sees(/Waiting for someone/)
      .says('cancel')
      .sees(/nothing to cancel/);
    expect((await app.store.records.get(record.id))!.followUp.actions).toEqual([]);
  });

  test('export gives a plain copy for the person, without internal notes, and is audited', async () => {
    const app = await start();
    const record = carerRecord({ ratings: { 1: 2 }, words: { 1: 'Up three times a night' } });
    const [ref] = await seed(app, record);
    await teams(app.bot, { aadObjectId: MORAG })
      .says(`note ${ref} Internal: check benefits`)
      .says(`export ${ref}`)
      .sees(/Copy of record/)
      .sees(/Up three times a night/)
      .doesNotSee(/Internal: check benefits/);
    expect((await audit(app)).map((e) => e.action)).toEqual(['note', 'export']);
  });

  test('bad card submissions and unknown words get a clear message', async () => {
    const app = await start();
    await teams(app.bot, { aadObjectId: MORAG })
      .submits({ pr: 'open' })
      .sees(/That didn't work: ref is not valid/)
      .submits({ pr: 'delete-everything', ref: 'x' })
      .sees(/That didn't work/)
      .submits({ pr: 'done', ref: 'ABCDEF12', n: 'many' })
      .sees(/That didn't work/)
      .says('make me a sandwich')
      .sees(/didn't recognise that/);
  });
});
