// The real restify server on an ephemeral port: a whole carer conversation over HTTP, then the export.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import type { App } from '../../src/app.js';
import { csvToRows } from '../../src/records/export.js';
import { testApp } from '../support/app.js';
import { HttpChat } from '../support/http-bot.js';

let app: App & { dataDir: string };
let url: string;

beforeAll(async () => {
  app = await testApp({ ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' });
  url = await app.listen(0);
});
afterAll(async () => {
  await app.close();
});

describe('over HTTP', () => {
  test('a whole carer conversation, then the export holds the words that were typed', async () => {
    const chat = new HttpChat(url, 'http-conversation-1');
    expect((await chat.join()).text).toMatch(/happy to go on/);
    expect((await chat.say('yes')).text).toMatch(/What matters to you just now/);
    expect((await chat.say('Having a break on Saturdays')).text).toMatch(/Step 1 of 14/);
    expect((await chat.say('2')).text).toMatch(/tell me more/);
    expect((await chat.say('He gets bored at home')).text).toMatch(/What would help/);
    expect((await chat.say('A club he could go to')).text).toMatch(/Step 2 of 14/);
    // The last skip reaches the summary: one area talked about leaves nothing to choose priorities from.
    for (let i = 1; i < 13; i++) await chat.say('skip');
    expect((await chat.say('skip')).text).toMatch(/Here is what you told me/);
    expect((await chat.say('yes')).text).toMatch(/share/i);
    const done = await chat.say('share');
    expect(done.text).toMatch(/get in touch/);
    const finished = await chat.say('No, thank you');
    expect(finished.status).toBe(200);
    expect(finished.text).toMatch(/Your reference code is/);
    // Every reply is a card and plain text.
    expect(finished.activities[0].attachments?.[0].contentType).toBe('application/vnd.microsoft.card.adaptive');

    await app.store.close();
    const csv = execFileSync(process.execPath, ['dist/src/cli/export.js', '--format', 'csv'], {
      env: { ...process.env, DATA_DIR: app.dataDir },
      encoding: 'utf8',
    });
    const rows = csvToRows(csv);
    const row = rows.find((r) => r.outcome_id === 'cared-for-quality-of-life')!;
    expect(row.what_matters).toBe('Having a break on Saturdays');
    expect(row.own_words).toBe('He gets bored at home');
    expect(row.what_would_help).toBe('A club he could go to');
    expect(row.rating_value).toBe('2');
    expect(row.priority).toBe('false');
    const json = execFileSync(process.execPath, ['dist/src/cli/export.js', '--format', 'json'], {
      env: { ...process.env, DATA_DIR: app.dataDir },
      encoding: 'utf8',
    });
    expect((JSON.parse(json.trim().split('\n')[0]) as { whatMatters: string }).whatMatters).toBe('Having a break on Saturdays');
  });

  test('the health check answers', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('a body that is not an activity gets a 400 with a reason', async () => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'there' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'not a Bot Framework activity: type: missing (expected string)' });
  });

  test('an activity without a conversation gets a 400 naming the field', async () => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', channelId: 'test', serviceUrl: 'http://127.0.0.1:9/' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'not a Bot Framework activity: conversation: missing (expected object)' });
  });

  test('a body that is not JSON gets a 400, never a stack trace', async () => {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at .*\.js/);
  });

  test('a body over the size limit gets a 413', async () => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});
