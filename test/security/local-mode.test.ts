// Attack 3 (issue 14): local mode (no app id) on a public address. Anyone could act as a practitioner by
// claiming a roster member's Teams ids, and make the bot POST to any address through serviceUrl (SSRF).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import { carerRecord, teamsApp, TEAMS_ORG } from '../teams/support/app.js';
import { FakeConnector } from '../teams/support/fake-connector.js';
import { MORAG } from '../teams/support/teams-talk.js';
import { tempDir } from '../support/app.js';
import { startBotProcess } from '../support/bot-process.js';

let app: App;
let url: string;
let internal: FakeConnector;
let ref: string;
beforeAll(async () => {
  // Local mode as DEPLOY.md used to run it for a site-only deployment: no development setting.
  app = await teamsApp({ DEV_UNSIGNED_TEAMS: '' });
  url = await app.listen(0);
  internal = await new FakeConnector().start();
  const record = carerRecord({ words: { 0: 'Invented words that only a practitioner may read' } });
  await app.store.records.add(record);
  ref = shortRef(record.id);
});
afterAll(async () => {
  await app.close();
  await internal.close();
});

function post(activity: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      type: 'message',
      channelId: 'msteams',
      serviceUrl: internal.url,
      conversation: { id: `a:attacker-${Math.random()}`, conversationType: 'personal', tenantId: 'tenant-test' },
      from: { id: `29:user-${MORAG}`, name: 'Morag Test', aadObjectId: MORAG },
      recipient: { id: '28:bot-test' },
      ...activity,
    }),
  });
}

async function auditCount(): Promise<number> {
  let n = 0;
  for await (const _ of app.practitioners.audit.entries()) n++;
  return n;
}

describe('local mode without a Teams token', () => {
  test("a roster member's ids without a token: no queue, no record, nothing in the audit log", async () => {
    for (const text of ['queue', `open ${ref}`]) {
      const res = await post({ text, deliveryMode: 'expectReplies' });
      expect(res.status).toBe(200);
      const body = JSON.stringify(await res.json());
      expect(body).not.toMatch(/Waiting for someone|Invented words/);
    }
    expect(await auditCount()).toBe(0);
  });

  test('a serviceUrl without a token is never called (SSRF): the replies come back in the response', async () => {
    const res = await post({ text: 'hello' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: unknown[] };
    expect(body.activities.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(internal.posts).toHaveLength(0);
  });

  test('a request relayed by a proxy (X-Forwarded-For) is refused with 403 and nothing is stored', async () => {
    const conversationId = 'a:through-proxy';
    const res = await post({ text: 'hello', deliveryMode: 'expectReplies', conversation: { id: conversationId } }, { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/this machine only/);
    expect(await app.store.conversations.get(conversationId)).toBeUndefined();
  });
});

describe('the development setting', () => {
  test('is refused outside local mode and with /api/messages opened to other machines', () => {
    const base = { ORGANISATION_FILE: TEAMS_ORG, DATA_DIR: tempDir(), DEV_UNSIGNED_TEAMS: 'loopback' };
    expect(() => loadConfig({ ...base, NODE_ENV: 'test', MicrosoftAppId: '00000000-0000-0000-0000-000000000001' })).toThrow(/only for local development/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'test', LOCAL_MESSAGES_FROM: 'anywhere' })).toThrow(/LOCAL_MESSAGES_FROM=anywhere/);
  });

  test('will not start on a public address, and says loudly that it is on when it starts', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: '0',
      ORGANISATION_FILE: TEAMS_ORG,
      DATA_DIR: tempDir(),
      DEV_UNSIGNED_TEAMS: 'loopback',
    };
    const refused = spawnSync(process.execPath, ['dist/src/index.js'], { env: { ...env, HOST: '0.0.0.0' }, encoding: 'utf8', timeout: 20000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/DEV_UNSIGNED_TEAMS: the server must listen on this machine only/);
    const bot = await startBotProcess({ ORGANISATION_FILE: TEAMS_ORG, DATA_DIR: tempDir(), DEV_UNSIGNED_TEAMS: 'loopback' });
    try {
      expect(bot.logs.join('\n')).toMatch(/WARNING: DEV_UNSIGNED_TEAMS is set/);
    } finally {
      await bot.stop();
    }
  }, 30000);

  test('with it (on this machine): practitioner commands and replies to a loopback serviceUrl work', async () => {
    const dev = await teamsApp();
    try {
      const devUrl = await dev.listen(0);
      const res = await fetch(`${devUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text: 'help',
          channelId: 'msteams',
          serviceUrl: internal.url,
          conversation: { id: 'a:dev-morag', conversationType: 'personal', tenantId: 'tenant-test' },
          from: { id: `29:user-${MORAG}`, name: 'Morag Test', aadObjectId: MORAG },
          recipient: { id: '28:bot-test' },
        }),
      });
      expect(res.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(JSON.stringify(internal.to('a:dev-morag').map((p) => p.activity))).toMatch(/What you can do/);
    } finally {
      await dev.close();
    }
  });
});
