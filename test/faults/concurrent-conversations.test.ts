// 200 conversations at once over real HTTP: every answer lands in its own conversation.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { testApp } from '../support/app.js';
import { HttpChat } from '../support/http-bot.js';

let app: App;
let url: string;
beforeAll(async () => {
  app = await testApp({ ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' });
  url = await app.listen(0);
});
afterAll(async () => {
  await app.close();
});

describe('200 concurrent conversations', () => {
  test('no answer lands in the wrong conversation', async () => {
    const codes = await Promise.all(
      Array.from({ length: 200 }, async (_, n) => {
        const chat = new HttpChat(url, `concurrent-${n}`);
        await chat.join();
        await chat.say('yes');
        await chat.say(`Person ${n} wants a weekend off`);
        await chat.say(String((n % 3) + 3));
        await chat.say(`Person ${n} own words`);
        for (let i = 1; i < 14; i++) await chat.say('skip');
        await chat.say('skip');
        await chat.say('yes');
        const done = await chat.say('keep it private');
        return /Your reference code is ([0-9A-Z-]{12})/.exec(done.text)?.[1];
      }),
    );
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(200);

    const records: OutcomeRecord[] = [];
    for await (const r of app.store.records.all()) records.push(r);
    expect(records).toHaveLength(200);
    for (const r of records) {
      const n = /^Person (\d+) wants/.exec(r.whatMatters ?? '')![1];
      expect(r.outcomes[0].ownWords).toBe(`Person ${n} own words`);
      expect(r.outcomes[0].rating?.value).toBe((Number(n) % 3) + 3);
    }
  }, 120000);
});
