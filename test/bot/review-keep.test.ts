// A review kept for later (issue 12, item 5): "stop", then "no wait i want to keep it", in her own web chat. The
// chat is closed; in a new one "review ABCD-EFGH-23" carries on at the question she was on, with her answers,
// and each question carries what kind of answer it waits for (channelData.outcomesBot.ask).
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { App } from '../../src/app.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { talk } from '../support/bot-talk.js';
import { carerRecord, teamsApp } from '../teams/support/app.js';

const CODE = 'ABCD-EFGH-23';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(): Promise<App> {
  const app = await teamsApp();
  apps.push(app);
  await app.store.records.add(carerRecord({ subjectRef: subjectRefFor(CODE), ratings: { 1: 2 }, words: { 1: 'Up three times a night' }, sharing: 'shared' }));
  return app;
}

async function reviews(app: App): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of app.store.records.all()) if (r.mode === 'review') out.push(r);
  return out;
}

/** What the last question waits for, as the web chat and bench clients read it. */
const asked = (activities: Partial<Activity>[]) =>
  activities.map((a) => (a.channelData as { outcomesBot?: { ask: string } } | undefined)?.outcomesBot?.ask).filter(Boolean);

/** Her review in a new chat: consent, "some of it" on the first area, then stop and keep it for later. */
async function keptInANewChat(app: App) {
  const chat = talk(app.bot, { channelId: 'webchat' });
  await chat
    .joins()
    .user(`review ${CODE}`)
    .user('yes')
    .user('some of it')
    .user('stop')
    .user('keep it for later')
    .botSays(/I've kept your answers/);
  // Wrapped: the chat is itself awaitable, and returning it bare would await it.
  return { chat };
}

/** From "why do you think that is?" (the first area, "some of it") to the end of the review, kept private. */
const finishFrom = (chat: ReturnType<typeof talk>) => chat.user('the sitter comes on tuesdays now').user('no').user('skip').user('yes').user('Keep it private');

describe('a review kept for later', () => {
  test('kept with her code; in a new chat "review CODE" carries on where she was, and it is stored once', async () => {
    const app = await start();
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`review ${CODE}`)
      .botSays(/what you told us on/)
      .check((said) => expect(asked(said.activities)).toEqual(['consent']))
      .user('yes')
      .check((said) => expect(asked(said.activities)).toEqual(['met']))
      .user('some of it')
      .user('stop')
      .botSays(/Do you want to keep what you've said/)
      .user('no wait i want to keep it')
      .botSays(new RegExp(`I've kept your answers\\. To carry on later, type 'review ${CODE}'`));

    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`review ${CODE}`)
      .botSays(/Welcome back\. Let's carry on where you left off/)
      .botSays(/Why do you think that is/)
      .check((said) => expect(asked(said.activities)).toEqual(['say-more']))
      .user('the sitter comes on tuesdays now')
      .user('no')
      .user('skip')
      .botSays(/Here is your review/)
      .user('yes')
      .user('Keep it private')
      .botSays(/Your review is saved/);
    const [review] = await reviews(app);
    expect(review.outcomes.find((o) => o.review?.why)?.review).toEqual({ met: 'partly', why: 'the sitter comes on tuesdays now' });

    // Finished, it is no longer kept: the next "review CODE" starts a new review.
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`review ${CODE}`)
      .botSays(/what you told us on/)
      .botDoesNotSay(/Welcome back/);
  }, 30_000);

  test('"resume CODE" carries a kept review on too, as a person who kept it may well type', async () => {
    const app = await start();
    await keptInANewChat(app);

    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`resume ${CODE.toLowerCase()}`)
      .botSays(/Welcome back\. Let's carry on where you left off/)
      .botSays(/Why do you think that is/)
      .botDoesNotSay(/couldn't find that code/);
  }, 30_000);

  test('carried on in a new chat, the review ends in the chat it was kept in: it is stored once', async () => {
    const app = await start();
    const { chat: first } = await keptInANewChat(app);

    const second = talk(app.bot, { channelId: 'webchat' });
    await second
      .joins()
      .user(`review ${CODE}`)
      .botSays(/Welcome back/);
    await finishFrom(second).botSays(/Your review is saved/);

    // Back in the first chat, the same answers again do not finish the review a second time.
    await finishFrom(first).botDoesNotSay(/Your review is saved/);
    expect(await reviews(app)).toHaveLength(1);
  }, 30_000);

  test('deleted after "stop", nothing is kept: "review CODE" starts again', async () => {
    const app = await start();
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`review ${CODE}`)
      .user('yes')
      .user('some of it')
      .user('pause')
      .botSays(/type 'review/);
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`review ${CODE}`)
      .botSays(/Welcome back/)
      .user('stop')
      .user('delete it')
      .botSays(/Nothing new has been kept/);
    await talk(app.bot, { channelId: 'webchat' })
      .joins()
      .user(`review ${CODE}`)
      .botSays(/what you told us on/)
      .botDoesNotSay(/Welcome back/);
    expect(await reviews(app)).toEqual([]);
  }, 30_000);
});
