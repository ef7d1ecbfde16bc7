// A flag reaches the record, and under the organisation's policy an unshared or unfinished flagged
// conversation is still passed on: a notice without the person's words.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { conversationRefFor } from '../../src/privacy/flag-notices.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { testApp } from '../support/app.js';
import { talk } from '../support/bot-talk.js';
import { allRecords, carerOnly, finishConversation } from '../privacy/support.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(env: Record<string, string> = carerOnly) {
  const app = await testApp(env);
  apps.push(app);
  return app;
}

describe('passed on by default', () => {
  test('a conversation flagged and then stopped leaves a notice with no words in it', async () => {
    const app = await start();
    const chat = talk(app.bot);
    await chat
      .joins()
      .user('yes')
      .user('My husband Barnaby hits me')
      .botSays(/Nobody should hurt you/)
      .botSays(/999/)
      .user('stop')
      .user('delete it')
      .botSays(/Before you go: what you told us about your safety has been passed to/)
      .botSays(/we have stopped/);
    expect(await app.store.conversations.get(chat.conversationId)).toBeUndefined();
    const notices = await app.privacy.notices.list();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      conversationRef: conversationRefFor(chat.conversationId),
      categories: ['harm-from-others', 'domestic-abuse'],
      consented: true,
      step: 'what-matters',
      channel: 'test',
    });
    expect(JSON.stringify(notices)).not.toMatch(/Barnaby|hits/);
  });

  test('a flagged conversation kept private is stored flagged and passed on, linked from its notice', async () => {
    const app = await start();
    const { code } = await finishConversation(app, {
      ownWords: 'I am scared of my son when he drinks',
      afterSafety: ['No, thank you', 'Carry on'],
      share: false,
    });
    const [record] = await allRecords(app);
    expect(record.sharing).toBe('private');
    expect(record.safeguardingFlag).toMatchObject({ flagged: true, categories: ['harm-from-others'], passedOn: true });
    const [notice] = await app.privacy.notices.list();
    expect(notice).toMatchObject({ recordId: record.id, subjectRef: subjectRefFor(code) });
  });

  test('a disclosure after the end flags the stored record', async () => {
    const app = await start();
    const { chat } = await finishConversation(app, { share: true });
    expect((await allRecords(app))[0].safeguardingFlag.flagged).toBe(false);
    await chat
      .user("I didn't say before but I'm not safe at home")
      .botSays(/999/)
      .botSays(/You have finished/);
    const [record] = await allRecords(app);
    expect(record.safeguardingFlag).toMatchObject({ flagged: true, categories: ['immediate-danger'], passedOn: true });
    expect((await app.privacy.notices.list())[0].recordId).toBe(record.id);
  });

  test('a flagged conversation paused is linked to its code, so "forget me" removes the notice too', async () => {
    const app = await start();
    const said = await talk(app.bot)
      .joins()
      .user('yes')
      .user('I keep thinking about suicide')
      .user('pause')
      .botSays(/Your code is/);
    const code = /code is ([0-9A-Z-]{12})/.exec(said.text)![1];
    expect((await app.privacy.notices.list())[0].subjectRef).toBe(subjectRefFor(code));
    await talk(app.bot)
      .user(`forget me ${code}`)
      .user('yes')
      .botSays(/Done\./);
    expect(await app.privacy.notices.list()).toEqual([]);
  });
});

describe('when the organisation does not pass unshared flags on', () => {
  const privateFlags = { ORGANISATION_FILE: 'test/fixtures/organisation.private-flags.yaml' };

  test('the person is told nobody sees it unless shared, no notice is kept, and a private record is not passed on', async () => {
    const app = await start(privateFlags);
    await talk(app.bot)
      .joins()
      .botSays(/We only read it if you choose to share it with us\. We also count answers together/)
      .user('yes')
      .user('I want to kill myself')
      .botSays(/Nobody at Hillside Carers Trust will see what you said unless you choose to share it/)
      .user('stop');
    expect(await app.privacy.notices.list()).toEqual([]);

    await finishConversation(app, { ownWords: 'my partner strangled me', afterSafety: ['Carry on'], share: false });
    const [record] = await allRecords(app);
    expect(record.safeguardingFlag).toMatchObject({ flagged: true, passedOn: false });
    expect(await app.privacy.notices.list()).toEqual([]);
  });

  test('shared, it is passed on as any shared record is', async () => {
    const app = await start(privateFlags);
    await finishConversation(app, { ownWords: 'my partner strangled me', afterSafety: ['Carry on'], share: true });
    expect((await allRecords(app))[0].safeguardingFlag).toMatchObject({ flagged: true, passedOn: true });
  });

  test("the organisation's own phrase, in a file next to its organisation file, is checked too", async () => {
    const app = await start(privateFlags);
    await talk(app.bot).joins().user('yes').user('The landlord has threatened to evict me if I complain').botSays(/999/);
  });
});
