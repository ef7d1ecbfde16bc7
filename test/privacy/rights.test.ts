// The person's rights in the chat: "my copy CODE" shows what was kept; "forget me CODE", once confirmed,
// erases everything under the code and leaves only a non-personal tombstone.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { testApp } from '../support/app.js';
import { talk } from '../support/bot-talk.js';
import { allRecords, carerOnly, codeIn, finishConversation } from './support.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(env: Record<string, string> = {}) {
  const app = await testApp({ ...carerOnly, ...env });
  apps.push(app);
  return app;
}

function tombstoneText(dataDir: string): string {
  const dir = path.join(dataDir, 'audit');
  return readdirSync(dir)
    .filter((n) => n.startsWith('erasures-'))
    .map((n) => readFileSync(path.join(dir, n), 'utf8'))
    .join('');
}

describe('my copy', () => {
  test('in a new chat, "my copy CODE" shows what was kept, as a card and as plain text', async () => {
    const app = await start();
    const { code } = await finishConversation(app, { share: true });
    await talk(app.bot)
      .user(`my copy ${code.toLowerCase().replace(/-/g, ' ')}`)
      .botSays(/Here is a copy of what you told us on \d+ \w+ \d{4}/)
      .botSays(/Teaching Pemberton to play the ocarina/)
      .botSays(/Grandad Fitzwilliam naps all afternoon/)
      .botSays(/A befriender called Ottoline/)
      // The person sees plain titles, not the published labels staff see.
      .botSays(/Life for the person you look after/)
      .botSays(/Your health and sleep/)
      .botDoesNotSay(/Quality of life for the cared-for person|Maintaining health and well-being|Freedom from financial hardship/)
      .check((said) => expect(said.activities.some((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive')).toBe(true));
  });

  test('"my copy" alone after finishing shows it without typing the code again', async () => {
    const app = await start();
    const { chat } = await finishConversation(app);
    await chat
      .user('my copy')
      .botSays(/Teaching Pemberton/)
      .botDoesNotSay(/type 'my copy' and then your code/);
  });

  test('a paused conversation can be seen too, marked as not finished', async () => {
    const app = await start();
    const said = await talk(app.bot)
      .joins()
      .user('yes')
      .user('Visiting Aunt Philomena')
      .user('pause')
      .botSays(/Your code is/);
    await talk(app.bot)
      .user(`my copy ${codeIn(said.text)}`)
      .botSays(/You have not finished yet/)
      .botSays(/Visiting Aunt Philomena/);
  });

  test('a wrong code, or no code, gets a plain answer and the question again', async () => {
    const app = await start();
    await talk(app.bot)
      .joins()
      .user('yes')
      .user('my copy ABCD-EFGH-JK')
      .botSays(/couldn't find anything kept under that code/)
      .botSays(/What matters to you/);
    await talk(app.bot)
      .joins()
      .user('yes')
      .user('my copy')
      .botSays(/type 'my copy' and then your code/);
  });

  test('"copy" inside an ordinary answer is an answer', async () => {
    const app = await start();
    const chat = talk(app.bot);
    await chat
      .joins()
      .user('yes')
      .user('copy of my care plan would help')
      .botSays(/Step 1 of 14/);
    expect((await app.store.conversations.get(chat.conversationId))?.whatMatters).toBe('copy of my care plan would help');
  });
});

describe('forget me', () => {
  test('asks first, then erases records, paused and finished conversations and notes, leaving a non-personal tombstone', async () => {
    const app = await start();
    const { code, chat: first } = await finishConversation(app, { share: true, phone: '07700 900456' });
    const [record] = await allRecords(app);
    await app.store.records.update(record.id, (r) => ({
      ...r,
      followUp: { ...r.followUp, notes: [{ by: 'pat', at: r.createdAt, text: 'Rang about Ottoline' }] },
    }));
    // The finished chat keeps a pointer to the record, not a second copy of the words.
    expect(await app.store.conversations.get(first.conversationId)).toMatchObject({ code, recordId: record.id, answers: {} });
    expect((await app.store.conversations.get(first.conversationId))?.whatMatters).toBeUndefined();

    const chat = talk(app.bot);
    await chat
      .user(`forget me ${code}`)
      .botSays(/This will delete everything we keep under that code/)
      .botSays(/Yes, delete it/)
      .user('yes')
      .botSays(/Done\. Everything we kept under that code has been deleted/);

    expect(await allRecords(app)).toEqual([]);
    expect(await app.store.records.bySubject(subjectRefFor(code))).toEqual([]);
    expect(await app.store.conversations.get(first.conversationId)).toBeUndefined();
    const tombs = tombstoneText(app.dataDir);
    expect(tombs).toContain(`"record":"${record.id}"`);
    expect(tombs).toContain('"who":"person"');
    for (const personal of [code, subjectRefFor(code), 'Ottoline', 'Pemberton', '07700']) expect(tombs).not.toContain(personal);

    await talk(app.bot)
      .user(`my copy ${code}`)
      .botSays(/couldn't find anything/);
  });

  test('a paused conversation is erased, and so is the chat it was paused in', async () => {
    const app = await start();
    const paused = talk(app.bot);
    const said = await paused
      .joins()
      .user('yes')
      .user('Learning the bagpipes')
      .user('pause')
      .botSays(/Your code is/);
    const code = codeIn(said.text);
    expect(await app.store.paused.get(code)).toBeDefined();
    await talk(app.bot)
      .user(`delete ${code}`)
      .user('Yes, delete it')
      .botSays(/Done\./);
    expect(await app.store.paused.get(code)).toBeUndefined();
    expect(await app.store.conversations.get(paused.conversationId)).toBeUndefined();
    await talk(app.bot)
      .user(`resume ${code}`)
      .botSays(/couldn't find that code/);
  });

  test('saying no keeps everything, and the conversation carries on where it was', async () => {
    const app = await start();
    const { code } = await finishConversation(app);
    const chat = talk(app.bot);
    await chat
      .joins()
      .user('yes')
      .user(`forget me ${code}`)
      .botSays(/Do you want to delete it/)
      .user('no wait i want to keep it')
      .botSays(/Nothing has been deleted/)
      .botSays(/What matters to you/);
    expect(await allRecords(app)).toHaveLength(1);
    expect((await app.store.conversations.get(chat.conversationId))?.pending).toBeUndefined();
  });

  test('"forget me" after finishing erases this conversation, and "withdraw consent" does the same', async () => {
    const app = await start();
    const { chat } = await finishConversation(app);
    await chat
      .user('forget me')
      .botSays(/Do you want to delete it/)
      .user('yes')
      .botSays(/Done\./);
    expect(await allRecords(app)).toEqual([]);
    expect(await app.store.conversations.get(chat.conversationId)).toBeUndefined();

    const again = await finishConversation(app);
    await again.chat
      .user('withdraw consent')
      .user('aye')
      .botSays(/Done\./);
    expect(await allRecords(app)).toEqual([]);
  });

  test('a code with nothing under it says so; without a code it explains how', async () => {
    const app = await start();
    await talk(app.bot)
      .user('forget me ABCD-EFGH-JK')
      .user('yes')
      .botSays(/couldn't find anything kept under that code/);
    await talk(app.bot)
      .joins()
      .user('yes')
      .user('forget me')
      .botSays(/type 'forget me' and then your code/)
      .botSays(/What matters to you/);
  });

  test('code looks are limited per conversation: after ten, even a right code finds nothing', async () => {
    const app = await start();
    const { code } = await finishConversation(app);
    const chat = talk(app.bot);
    for (let i = 0; i < 10; i++) chat.user(`my copy ABCD-EFGH-${'ABCDEFGHJK'[i]}A`).botSays(/couldn't find anything/);
    await chat
      .user(`my copy ${code}`)
      .botSays(/couldn't find anything/)
      .botDoesNotSay(/Teaching Pemberton/);
    await talk(app.bot)
      .user(`my copy ${code}`)
      .botSays(/Teaching Pemberton/);
  });
});

describe('forget me, with a review in progress', () => {
  test('a review the person had started is erased with their records', async () => {
    const app = await start();
    const { code } = await finishConversation(app, { share: true });
    const reviewing = talk(app.bot);
    await reviewing
      .user(`review ${code}`)
      .botSays(/what you told us on/)
      .user('yes');
    expect(await app.practitioners.stores.reviews.get(reviewing.conversationId)).toBeDefined();

    await talk(app.bot)
      .user(`forget me ${code}`)
      .user('yes')
      .botSays(/has been deleted/);
    expect(await app.practitioners.stores.reviews.get(reviewing.conversationId)).toBeUndefined();
  });
});
