// Attack 2 (issue 14): many web chat tokens from one address posting long messages as fast as they can
// filled the heap until the process died. The channel's memory is now bounded as a whole, in bytes, and
// load is shed with 429 while the heap is near its limit.
import { afterAll, describe, expect, test } from '@jest/globals';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';
import { tempDir } from '../support/app.js';
import { Transcripts } from '../../src/server/web-channel/transcripts.js';
import type { App } from '../../src/app.js';
import { testApp } from '../support/app.js';
import { DirectLineClient } from '../web/support/direct-line-client.js';

const MB = 1024 * 1024;
const LONG = 'I look after my dad most days and I am tired. '.repeat(350).slice(0, 16000);

const bots: BotProcess[] = [];
const apps: App[] = [];
afterAll(async () => {
  for (const bot of bots) await bot.stop();
  for (const app of apps) await app.close();
});

describe('web chat memory as a whole', () => {
  test('transcripts never hold more bytes than the budget, however many conversations post', () => {
    const t = new Transcripts({ maxActivities: 400, maxConversations: 5000, idleMs: 60_000, maxBytes: 2 * MB, maxConversationBytes: 256 * 1024 });
    let highest = 0;
    for (let i = 0; i < 2000; i++) {
      t.append(`c${i % 118}`, { type: 'message', text: LONG });
      highest = Math.max(highest, t.bytes);
    }
    expect(highest).toBeLessThanOrEqual(2 * MB);
    // The newest messages are still there to read.
    expect(t.since('c117', 0).activities.at(-1)?.text).toBe(LONG);
    t.close();
  });

  test('118 chats from one address posting 16,000-character messages: the channel holds no more than its budget, the bot keeps answering', async () => {
    const app = await testApp({
      ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml',
      WEBCHAT_MEMORY_MB: '2',
      WEBCHAT_ADDRESS_REQUESTS_PER_MINUTE: '100000',
      WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: '100000',
    });
    apps.push(app);
    const url = await app.listen(0);
    const chats = await Promise.all(Array.from({ length: 118 }, () => DirectLineClient.start(url)));
    const statuses = new Map<number, number>();
    let posted = 0;
    let highest = 0;
    // 20 posts in flight at a time: 400 posts, about 6 MB of text, three times the budget.
    await Promise.all(
      Array.from({ length: 20 }, async (_, lane) => {
        for (let i = lane; posted < 400; i += 20) {
          posted++;
          const res = await chats[i % chats.length].say(LONG);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          highest = Math.max(highest, app.web.transcripts.bytes);
        }
      }),
    );
    console.log(
      `web chat flood: ${posted} posts of 16,000 characters (${Math.round((posted * LONG.length) / MB)} MB), statuses ${JSON.stringify(Object.fromEntries(statuses))}, transcripts at most ${(highest / MB).toFixed(1)} MB`,
    );
    expect([...statuses.keys()].every((s) => s === 200 || s === 429)).toBe(true);
    expect(highest).toBeLessThanOrEqual(2 * MB);
    const fresh = await DirectLineClient.start(url);
    expect((await fresh.say('yes')).status).toBe(200);
    expect(await fresh.botText()).toMatch(/What matters to you just now/);
  }, 150_000);

  test('with the heap over the shedding mark: a new chat gets 429 with a plain reason and a wait', async () => {
    const bot = await startBotProcess({ DATA_DIR: tempDir('outcomes-shed-'), WEBCHAT_SHED_AT_HEAP_PERCENT: '1' });
    bots.push(bot);
    const token = await fetch(`${bot.url}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(token.status).toBe(429);
    const body = (await token.json()) as { error: string; retryAfterSeconds: number };
    expect(body.error).toMatch(/very busy/);
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
  });
});
