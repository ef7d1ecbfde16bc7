// Conversation tests over Bot Framework's TestAdapter, with the real bot and real lowdb files.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { findButton, talk } from '../support/bot-talk.js';
import { testApp } from '../support/app.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(env: Record<string, string> = {}) {
  const app = await testApp(env);
  apps.push(app);
  return app;
}

async function storedRecords(app: App): Promise<OutcomeRecord[]> {
  const all: OutcomeRecord[] = [];
  for await (const r of app.store.records.all()) all.push(r);
  return all;
}

const carerOnly = { ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' };

describe('a carer talks to the bot', () => {
  test('the whole happy path, by pressing buttons and typing, is stored in their words', async () => {
    const app = await start();
    const chat = talk(app.bot);
    await chat
      .joins()
      .botSays(/Who are we talking about today/)
      .presses('I look after someone')
      .botSays(/happy to go on/)
      .presses("Yes, let's start")
      .botSays(/What matters to you just now/)
      .user('Getting a full night of sleep')
      // A quick pass: one card per group, a list per area; typing works too.
      .botSays(/Step 1 of 4/)
      .submits({ kind: 'areas', area1: '4' })
      .botSays(/Step 2 of 4/)
      .submits({ kind: 'areas', area1: '1', area2: '3', area3: '4', area4: '3' })
      // The lowest rating on health brings one gentle question first.
      .botSays(/Are you, or the person you look after, safe right now\?/)
      .presses('Yes, safe')
      .botSays(/Step 3 of 4/)
      .user('all okay')
      .user('good')
      // Then more only where it matters: sleep, named in "what matters" and rated low.
      .botSays(/more about 'Your health and sleep'/)
      .botSays(/tell me more/)
      .user('I am up three times a night')
      .botSays(/What would help/)
      .user('A night sitter once a week')
      .botSays(/Here is what you told me/)
      .botSays(/A night sitter once a week/)
      .presses('Yes, this is right')
      .presses('Share it')
      .presses('No, thank you')
      .botSays(/Your reference code is [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}/);

    const [record] = await storedRecords(app);
    expect(record.whatMatters).toBe('Getting a full night of sleep');
    const health = record.outcomes.find((o) => o.id === 'health-and-wellbeing')!;
    expect(health).toMatchObject({
      status: 'answered',
      rating: { value: 1, label: 'Not good at all' },
      ownWords: 'I am up three times a night',
      whatWouldHelp: 'A night sitter once a week',
    });
    expect(record.outcomes.find((o) => o.id === 'cared-for-quality-of-life')).toMatchObject({ rating: { value: 4 } });
    expect(record.outcomes.find((o) => o.id === 'money')).toMatchObject({ rating: { value: 3 } });
    expect(record.outcomes.find((o) => o.id === 'money')?.ownWords).toBeUndefined();
    expect(record.sharing).toBe('shared');
    expect(record.answeredBy).toBe('carer');
    expect(record.channel).toBe('test');
  });

  test('skipping everything still stores a record with nothing made up', async () => {
    const app = await start(carerOnly);
    const chat = talk(app.bot)
      .joins()
      .botSays(/happy to go on/)
      .user('yes')
      .user('skip');
    for (let i = 0; i < 14; i++) chat.user('skip');
    await chat
      .botSays(/Here is what you told me/)
      .user('yes')
      .user('Keep it private')
      .botSays(/reference code/);
    const [record] = await storedRecords(app);
    expect(record.whatMatters).toBeUndefined();
    expect(record.outcomes.every((o) => o.status === 'skipped' && !o.rating)).toBe(true);
    expect(record.sharing).toBe('private');
  });

  test('going back changes an answer', async () => {
    const app = await start(carerOnly);
    const chat = talk(app.bot);
    await chat
      .joins()
      .user('yes')
      .user('Time to myself')
      .user('5')
      .botSays(/tell me more/)
      .user('back')
      .botSays(/Step 1 of 14/)
      .user('2')
      .botSays(/tell me more/)
      .user('Dad is lonely')
      .botSays(/What would help/);
    const state = await app.store.conversations.get(chat.conversationId);
    expect(state?.answers['cared-for-quality-of-life']).toMatchObject({ value: 2, ownWords: 'Dad is lonely' });
  });

  test('declining the privacy notice stores nothing at all', async () => {
    const app = await start(carerOnly);
    const chat = talk(app.bot);
    await chat
      .joins()
      .presses('No, thank you')
      .botSays(/Nothing you typed has been kept/);
    expect(await storedRecords(app)).toEqual([]);
    expect(await app.store.conversations.get(chat.conversationId)).toBeUndefined();
  });

  test('editing an answer from the summary', async () => {
    const app = await start(carerOnly);
    const chat = talk(app.bot).joins().user('yes').user('Keeping my job');
    for (let i = 0; i < 14; i++) chat.user('skip');
    await chat
      .botSays(/Here is what you told me/)
      .presses('Change an answer')
      .botSays(/Which answer do you want to change/)
      .user('what matters')
      .user('Keeping my job and my health')
      .botSays(/Here is what you told me/)
      .botSays(/Keeping my job and my health/)
      .user('change the sleep one')
      .botSays(/Step 2 of 14/)
      .user('okay')
      .user('Sleeping better since the new tablets')
      .botSays(/Sleeping better since the new tablets/)
      .user('yes')
      .user('keep it private');
    const [record] = await storedRecords(app);
    expect(record.whatMatters).toBe('Keeping my job and my health');
    expect(record.outcomes[1]).toMatchObject({ rating: { value: 3 }, ownWords: 'Sleeping better since the new tablets' });
  });

  test('pause, a new process on the same data, resume by code, finish', async () => {
    const first = await start(carerOnly);
    let code = '';
    await talk(first.bot)
      .joins()
      .user('yes')
      .user('Getting out of the house')
      .user('3')
      .user('pause')
      .check(({ text }) => {
        code = /resume ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})/.exec(text)![1];
      });
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await start({ ...carerOnly, DATA_DIR: first.dataDir });
    const chat = talk(second.bot, { conversationId: 'a-new-conversation-on-another-device' })
      .joins()
      .user(`resume ${code.toLowerCase()}`)
      .botSays(/Welcome back/)
      .botSays(/tell me more/)
      .user('I miss my walks');
    for (let i = 1; i < 14; i++) chat.user('skip');
    await chat.user('yes').user('keep it private').botSays(new RegExp(code));
    const [record] = await storedRecords(second);
    expect(record.whatMatters).toBe('Getting out of the house');
    expect(record.outcomes[0]).toMatchObject({ rating: { value: 3 }, ownWords: 'I miss my walks' });
  });

  test('"carry on CODE", in the words of the script, also resumes', async () => {
    const app = await start(carerOnly);
    let code = '';
    await talk(app.bot)
      .joins()
      .user('yes')
      .user('Seeing my sister')
      .user('pause')
      .check(({ text }) => {
        code = /resume ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})/.exec(text)![1];
      });
    await talk(app.bot)
      .joins()
      .user(`Carry on  ${code}`)
      .botSays(/Welcome back/)
      .botSays(/Step 1 of 14/);
  });

  test('a code that does not exist gets a plain answer', async () => {
    const app = await start(carerOnly);
    await talk(app.bot)
      .joins()
      .user('resume ZZZZ-ZZZZ-ZZ')
      .botSays(/couldn't find that code/);
  });

  test('ten letters of everyday words at the first question are an answer, not a code', async () => {
    const app = await start();
    // "i hav a carer" is ten letters without its spaces, all of them letters a code can hold.
    await talk(app.bot)
      .joins()
      .botSays(/Who are we talking about today/)
      .user('i hav a carer')
      .botSays(/happy to go on/);
  });

  test('a card pressed twice is recorded once', async () => {
    const app = await start(carerOnly);
    const chat = talk(app.bot).joins().user('yes').user('Rest');
    let good: unknown;
    await chat.check(({ activities }) => {
      good = findButton(activities, 'Good');
    });
    await chat
      .submits(good)
      .botSays(/tell me more/)
      .submits(good)
      .botSays(/tell me more/);
    const state = await app.store.conversations.get(chat.conversationId);
    expect(state?.step).toEqual({ kind: 'own-words', outcome: 0 });
    expect(state?.answers['cared-for-quality-of-life']).toEqual({ status: 'answered', value: 4 });
  });

  test('a malformed card submission gets a re-prompt and loses nothing', async () => {
    const app = await start(carerOnly);
    const chat = talk(app.bot);
    await chat
      .joins()
      .user('yes')
      .user('Rest')
      .submits({ answer: 42 })
      .botSays(/didn't get that/)
      .botSays(/Step 1 of 14/)
      .submits('not an object')
      .botSays(/Step 1 of 14/);
    const state = await app.store.conversations.get(chat.conversationId);
    expect(state?.whatMatters).toBe('Rest');
  });
});
