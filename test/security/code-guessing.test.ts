// Attack 7 (issue 14): "resume CODE" had no limit (3,040 misses, never locked). Every command that takes a
// code now counts, per conversation and per address, over real HTTP through the web chat channel.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { testApp } from '../support/app.js';
import { DirectLineClient } from '../web/support/direct-line-client.js';

let app: App;
let url: string;
let code: string;
beforeAll(async () => {
  app = await testApp({ ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' });
  url = await app.listen(0);
  const owner = await DirectLineClient.start(url);
  await owner.say('yes');
  await owner.say('pause');
  code = /Your code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})/.exec(await replyTo(owner))![1];
});
afterAll(async () => {
  await app.close();
});

const wrong = (n: number) =>
  `ZZZZ-ZZZZ-${String(n % 32)
    .padStart(2, '0')
    .replace(/[^0-9]/g, '0')
    .slice(0, 2)}`;

/** What the bot said after the person's last message (waiting for it to arrive). */
async function replyTo(chat: DirectLineClient): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const { activities } = await chat.activities();
    const lastUser = activities.map((a) => a.from?.role).lastIndexOf('user');
    const after = activities.slice(lastUser + 1).filter((a) => a.from?.role === 'bot');
    if (after.length) return after.map((a) => a.text ?? '').join('\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return '';
}

describe('guessing reference codes', () => {
  test('after 5 tries in one conversation even the right code is not found; a new conversation still can', async () => {
    const guesser = await DirectLineClient.start(url);
    for (let n = 0; n < 5; n++) await guesser.say(`resume ${wrong(n)}`);
    await guesser.say(`resume ${code}`);
    const answer = await replyTo(guesser);
    expect(answer).toMatch(/couldn't find that code/);
    expect(answer).not.toMatch(/Welcome back/);

    const other = await DirectLineClient.start(url);
    await other.say(`resume ${code}`);
    expect(await replyTo(other)).toMatch(/Welcome back/);
    // The owner paused it again for the next test.
    await other.say('pause');
    code = /Your code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})/.exec(await replyTo(other))![1];
  });

  test('60 tries from one address across many conversations: then the right code is not found either', async () => {
    // 6 tries counted above (the right code after 5 misses was over its conversation's limit); 54 more make this address's 60.
    let tries = 6;
    while (tries < 60) {
      const chat = await DirectLineClient.start(url);
      for (let n = 0; n < 5 && tries < 60; n++, tries++) await chat.say(`resume ${wrong(n)}`);
    }
    const last = await DirectLineClient.start(url);
    await last.say(`resume ${code}`);
    expect(await replyTo(last)).toMatch(/couldn't find that code/);
    // The paused conversation is still there for its owner once the window has passed (nothing was lost).
    expect(await app.store.paused.get(code)).toBeDefined();
  }, 120_000);
});
