// Issue 14, finding 8: safeguarding/notices.json and teams-references/*.json were 0644 (readable by every
// account on the machine). Every data file is now 0600 and every data folder 0700.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/app.js';
import { teamsApp } from '../teams/support/app.js';
import { FakeConnector } from '../teams/support/fake-connector.js';
import { MORAG } from '../teams/support/teams-talk.js';
import { HttpChat } from '../support/http-bot.js';

let app: App & { dataDir: string };
let url: string;
let connector: FakeConnector;
beforeAll(async () => {
  app = await teamsApp();
  url = await app.listen(0);
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await app.close();
  await connector.close();
});

function walk(dir: string): { file: string; mode: number; folder: boolean }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    const s = statSync(file);
    return s.isDirectory() ? [{ file, mode: s.mode & 0o777, folder: true }, ...walk(file)] : [{ file, mode: s.mode & 0o777, folder: false }];
  });
}

describe('data files on disk', () => {
  test('after a flagged conversation, a pause and a Teams install: every file 0600, every folder 0700', async () => {
    const person = new HttpChat(url, 'modes-person');
    await person.join();
    for (const text of ['1', 'yes', 'I feel like ending it all', 'pause']) await person.say(text);
    // A practitioner installs the app in Teams (its reference is kept for notifications).
    await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'conversationUpdate',
        channelId: 'msteams',
        serviceUrl: connector.url,
        conversation: { id: 'a:modes-morag', conversationType: 'personal', tenantId: 'tenant-test' },
        from: { id: `29:user-${MORAG}`, aadObjectId: MORAG },
        recipient: { id: '28:bot-test' },
        membersAdded: [{ id: '28:bot-test' }],
      }),
    });
    const entries = walk(app.dataDir);
    const names = entries.map((e) => path.relative(app.dataDir, e.file));
    expect(names.some((n) => n.startsWith('safeguarding'))).toBe(true);
    expect(names.some((n) => n.startsWith('teams-references'))).toBe(true);
    for (const e of entries)
      expect([path.relative(app.dataDir, e.file), e.mode.toString(8)]).toEqual([path.relative(app.dataDir, e.file), e.folder ? '700' : '600']);
  });
});
