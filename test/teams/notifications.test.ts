// Proactive notifications through the real CloudAdapter (anonymous, local mode) to a stand-in Teams
// connector on 127.0.0.1: references saved on install, a shared record to its team, a safety flag at
// once and marked urgent, 403 (not installed) forgets the reference, 429 is retried with backoff.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { talk } from '../support/bot-talk.js';
import { teamsApp } from './support/app.js';
import { FakeConnector } from './support/fake-connector.js';
import { IAIN, MORAG } from './support/teams-talk.js';

const FIONA_AAD = '22222222-cccc-4000-8000-000000000003';
const FIONA_KEY = 'fiona.test@example.invalid';

let app: App | undefined;
let connector: FakeConnector | undefined;
afterEach(async () => {
  await app?.close();
  await connector?.close();
  app = connector = undefined;
});

async function post(base: string, activity: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return res.status;
}

function install(base: string, serviceUrl: string, aadObjectId: string, conversationId: string): Promise<number> {
  return post(base, {
    type: 'conversationUpdate',
    id: `install-${conversationId}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${aadObjectId}`, aadObjectId },
    recipient: { id: '28:bot-test', name: 'bot' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-test' },
    membersAdded: [{ id: '28:bot-test' }],
    channelData: { tenant: { id: 'tenant-test' } },
  });
}

async function shareACarerConversation(bot: App['bot'], whatMatters = 'Getting a full night of sleep'): Promise<void> {
  const chat = talk(bot, { channelId: 'webchat' }).joins().user('I look after someone').user('yes').user(whatMatters);
  for (let i = 0; i < 14; i++) chat.user('skip');
  await chat
    .user('Yes, this is right')
    .user('Share it')
    .user('No, thank you')
    .botSays(/reference code/);
}

describe('notifications to practitioners in Teams', () => {
  test('shared: to its team; flagged: at once, urgent, managers too; 403 forgets, 429 retries; logs hold no words', async () => {
    connector = await new FakeConnector().start();
    const lines: string[] = [];
    app = await teamsApp({}, { log: createLogger((l) => lines.push(l)), retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 } });
    const base = await app.listen(0);

    // Fiona is on the roster by principal name only: the bot asks Teams (the connector) who she is.
    connector.member(`29:${FIONA_AAD}`, { id: `29:${FIONA_AAD}`, aadObjectId: FIONA_AAD, userPrincipalName: 'fiona.test@example.invalid', name: 'Fiona' });
    expect(await install(base, connector.url, MORAG, 'a:morag')).toBe(200);
    expect(await install(base, connector.url, IAIN, 'a:iain')).toBe(200);
    expect(await install(base, connector.url, FIONA_AAD, 'a:fiona')).toBe(200);
    expect(await install(base, connector.url, '99999999-bbbb-4000-8000-000000000009', 'a:stranger')).toBe(200);
    // Each practitioner was welcomed through the connector; the stranger got the person's greeting.
    expect(connector.to('a:morag')[0].activity.summary).toMatch(/Hello Morag Test/);
    expect(connector.to('a:fiona')[0].activity.summary).toMatch(/Hello Fiona Test/);
    // In Teams the person's conversation comes as cards alone (Teams would show text and card twice).
    expect(
      connector
        .to('a:stranger')
        .map((p) => JSON.stringify(p.activity.attachments))
        .join('\n'),
    ).toMatch(/Who are we talking about today/);
    expect(connector.to('a:stranger').every((p) => p.activity.text === undefined && Boolean(p.activity.summary))).toBe(true);
    expect(connector.posts.every((p) => p.auth === undefined)).toBe(true);
    expect(await app.practitioners.stores.references.get(FIONA_KEY)).toMatchObject({ serviceUrl: connector.url, conversation: { id: 'a:fiona' } });
    const before = connector.posts.length;

    // A carer shares a conversation: the carers team (Morag, Iain) hears; Iain's chat is throttled twice.
    connector.answer('a:iain', 429, 429);
    await shareACarerConversation(app.bot);
    await app.practitioners.notifier.idle();
    const morag = connector.to('a:morag').slice(1);
    expect(morag).toHaveLength(1);
    expect(morag[0].activity.summary).toMatch(/^New shared record [0-9A-F]{4}-[0-9A-F]{4}/);
    expect(morag[0].activity.text).toBeUndefined();
    expect(morag[0].activity.importance).toBeUndefined();
    expect(
      connector
        .to('a:iain')
        .slice(1)
        .map((p) => p.status),
    ).toEqual([429, 429, 200]);
    expect(connector.to('a:fiona')).toHaveLength(1);
    expect(connector.posts.length - before).toBe(4);

    // Something worrying is typed: at once (before the conversation ends), urgent, and to the manager too.
    connector.answer('a:fiona', 403);
    const worried = talk(app.bot, { channelId: 'webchat' }).joins().user('I look after someone').user('yes');
    await worried.user('Some days I want to kill myself').botSays(/If you need help now|not safe|999/);
    await app.practitioners.notifier.idle();
    const urgent = connector.to('a:morag').at(-1)!;
    expect(urgent.activity.summary).toMatch(/^Urgent: a conversation has been flagged for safety/);
    const urgentWords = JSON.stringify(urgent.activity.attachments);
    expect(urgentWords).toContain('typed a moment ago in web chat (What matters to you: for carers)');
    expect(urgentWords).not.toMatch(/webchat|directline|\bcarer\b,/);
    expect(urgent.activity.importance).toBe('high');
    expect(urgent.activity.channelData?.notification?.alert).toBe(true);
    expect(connector.to('a:fiona').at(-1)!.status).toBe(403);
    expect(await app.practitioners.stores.references.get(FIONA_KEY)).toBeUndefined();
    expect(connector.to('a:iain').at(-1)!.activity.summary).toMatch(/^Urgent/);

    // A second worrying answer in the same conversation does not notify again.
    const count = connector.posts.length;
    await worried.user('I mean it, I want to kill myself');
    await app.practitioners.notifier.idle();
    expect(connector.posts.length).toBe(count);

    // Fiona is not installed any more, so nothing more goes to her until she comes back.
    await shareACarerConversation(app.bot, 'Time to myself');
    await app.practitioners.notifier.idle();
    expect(connector.to('a:fiona').filter((p) => p.status === 200)).toHaveLength(1);

    const log = lines.join('\n');
    expect(log).toMatch(/"event":"notify.retrying".*"status":429/);
    expect(log).toMatch(/"event":"notify.not-installed".*"status":403/);
    expect(log).not.toMatch(/kill myself|full night of sleep|Time to myself|Morag|Fiona|fiona\.test|11111111-aaaa/);
  });

  test('a practitioner whose chat keeps refusing with 429 is given up on after the set attempts', async () => {
    connector = await new FakeConnector().start();
    app = await teamsApp({}, { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
    const base = await app.listen(0);
    await install(base, connector.url, MORAG, 'a:morag');
    connector.answer('a:morag', 429, 429, 429, 429, 429);
    await shareACarerConversation(app.bot);
    await app.practitioners.notifier.idle();
    expect(
      connector
        .to('a:morag')
        .slice(1)
        .map((p) => p.status),
    ).toEqual([429, 429, 429]);
    // Throttling is not "not installed": the reference is kept.
    expect(await app.practitioners.stores.references.get(MORAG)).toBeDefined();
  });
});
