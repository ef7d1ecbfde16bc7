// Attack 2 of issue 14 on a real heap: the built bot under a small --max-old-space-size, flooded over real
// HTTP with web chat posts of 16,000 characters from one address. Before the fix the heap ran out and the
// process died; now the heap guard refuses with 429 while the heap is near its limit, and the process
// stays up and takes new chats once the flood stops. Rate limits are raised out of the way, so every 429
// here is the heap guard's.
import { afterAll, describe, expect, test } from '@jest/globals';
import { tempDir } from '../support/app.js';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';
import { DirectLineClient } from '../web/support/direct-line-client.js';

const LONG = 'I look after my dad most days and I am tired. '.repeat(350).slice(0, 16000);
const HEAP_MB = 128;
const CHATS = 118;
const LANES = 24;
const FLOOD_MS = 20_000;

/** A new chat as Web Chat would open one: told to wait (429), it waits and tries again. */
async function startChat(url: string): Promise<DirectLineClient> {
  for (let tries = 1; ; tries++) {
    try {
      return await DirectLineClient.start(url);
    } catch (error) {
      if (tries >= 30) throw error;
      await new Promise((wait) => setTimeout(wait, 1000));
    }
  }
}

let bot: BotProcess | undefined;
afterAll(async () => {
  await bot?.stop('SIGKILL');
});

describe(`a web chat flood against a ${HEAP_MB} MB heap`, () => {
  test('429s appear while the heap is high, the process stays up, and a new chat works afterwards', async () => {
    bot = await startBotProcess({
      DATA_DIR: tempDir('outcomes-heap-flood-'),
      ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml',
      NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
      WEBCHAT_ADDRESS_REQUESTS_PER_MINUTE: '1000000',
      WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: '1000000',
      WEBCHAT_NEW_CHATS_PER_HOUR: '1000000',
    });
    const url = bot.url;
    const chats: DirectLineClient[] = [];
    for (let i = 0; i < CHATS; i++) chats.push(await startChat(url));

    const statuses = new Map<number, number>();
    const reasons = new Set<string>();
    let posted = 0;
    const began = Date.now();
    const done = () => Date.now() - began > FLOOD_MS;
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let i = lane; !done(); i += LANES) {
          posted++;
          const res = await chats[i % CHATS].say(LONG).catch(() => ({ status: 0, body: undefined }));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 429) reasons.add(String(res.body?.error));
        }
      }),
    );
    const seconds = (Date.now() - began) / 1000;
    console.log(
      `heap flood: ${posted} posts of 16,000 characters in ${seconds.toFixed(0)} s from one address against a ${HEAP_MB} MB heap: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    expect(bot.child.exitCode).toBeNull();
    expect(bot.child.signalCode).toBeNull();
    expect([...statuses.keys()].every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
    expect([...reasons]).toEqual(['the chat is very busy just now: please wait a moment and try again']);
    expect(bot.logs.some((l) => l.includes('"event":"webchat.shed-load"'))).toBe(true);
    expect(bot.logs.join('\n')).not.toMatch(/heap limit|out of memory/i);

    // The flood over: the heap comes down and a new chat is answered (it may be told to wait first).
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const fresh = await startChat(url);
    let answered = await fresh.say('yes');
    for (let tries = 0; answered.status === 429 && tries < 30; tries++) {
      await new Promise((wait) => setTimeout(wait, 1000));
      answered = await fresh.say('yes');
    }
    expect(answered.status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  }, 240_000);
});
