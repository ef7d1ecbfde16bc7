// No message text or personal detail in any log line: whole conversations (typed and pressed, flagged,
// paused and resumed, shared with contact details, copied and forgotten, the printable page) run with a
// capturing logger, then every word that was typed is looked for in every line.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { testApp } from '../support/app.js';
import { talk, type BotTalk } from '../support/bot-talk.js';
import { carerOnly, codeIn, finishConversation } from './support.js';

const lines: string[] = [];
const typed: string[] = [];
const codes: string[] = [];
const apps: App[] = [];

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

/** Every user message goes through here, so the test knows exactly what was typed. */
function typing(chat: BotTalk): BotTalk {
  const user = chat.user.bind(chat);
  chat.user = (text: string) => {
    typed.push(text);
    return user(text);
  };
  return chat;
}

/** Words the bot itself says (scripts, commands, labels) may appear in logs as event names or steps; the person's own may not. */
function botVocabulary(): Set<string> {
  const text = readdirSync('dialogs', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(`dialogs/${f}`, 'utf8'))
    .join(' ')
    .toLowerCase();
  return new Set(text.split(/[^a-z0-9]+/).filter(Boolean));
}

describe('logs', () => {
  test('hold no word a person typed, no reference code and no contact detail', async () => {
    const app = await testApp({ ...carerOnly, DATA_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}` }, { log: createLogger((line) => lines.push(line)) });
    apps.push(app);
    const url = await app.listen(0);

    const shared = await finishConversation(
      app,
      {
        whatMatters: 'Persuading Montgomery to wear hearing aids',
        ownWords: 'Cordelia phones every Sunday',
        whatWouldHelp: 'Respite at Brackenhurst lodge',
        share: true,
        phone: '07700 900872',
      },
      typing(talk(app.bot)),
    );
    codes.push(shared.code);

    await typing(talk(app.bot)).joins().user('yes').user('My stepson Thaddeus threatens me and took my pension').botSays(/999/).user('stop');

    const paused = typing(talk(app.bot));
    const said = await paused.joins().user('yes').user('Rebuilding the Wurlitzer organ').user('pause');
    const pausedCode = codeIn(said.text);
    codes.push(pausedCode);
    const resumed = typing(talk(app.bot));
    resumed.user(`resume ${pausedCode}`);
    for (let i = 0; i < 15; i++) resumed.user(i === 0 ? 'Quintessa helps on Mondays' : 'skip');
    await resumed
      .user('yes')
      .user('Share it')
      .user('Yes, by email')
      .user('quintessa.w@example.org')
      .botSays(/reference code/);

    await typing(talk(app.bot))
      .user(`my copy ${shared.code}`)
      .botSays(/Persuading Montgomery/);
    await typing(talk(app.bot))
      .user('my copy ZZZZ-YYYY-XX')
      .user(`forget me ${pausedCode}`)
      .user('yes')
      .botSays(/Done\./);
    await typing(talk(app.bot))
      .joins()
      .user('yes')
      .user('x'.repeat(3000))
      .user('   ')
      .user('Zanzibar marmalade')
      .user('help')
      .user('back')
      .user('7')
      .user('Okay');

    const page = await fetch(`${url}/my-copy`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `code=${shared.code}`,
    });
    expect(await page.text()).toContain('Cordelia phones every Sunday');
    await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message","text":"Ebenezer secret"' });

    const ours = botVocabulary();
    const words = [...new Set(typed.flatMap((t) => t.toLowerCase().split(/[^a-z0-9@.]+/)))].filter((w) => w.length >= 4 && !ours.has(w));
    expect(words).toEqual(expect.arrayContaining(['montgomery', 'cordelia', 'brackenhurst', 'thaddeus', 'wurlitzer', 'quintessa', 'zanzibar']));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes('"record.stored"'))).toBe(true);
    expect(lines.some((l) => l.includes('"conversation.flagged"'))).toBe(true);

    const all = lines.join('\n').toLowerCase();
    const leaks = words.filter((w) => new RegExp(`(^|[^a-z0-9])${w.replace(/[.]/g, '\\.')}($|[^a-z0-9])`).test(all));
    const leakedCodes = codes.filter((c) => all.includes(c.toLowerCase()) || all.includes(c.replace(/-/g, '').toLowerCase()));
    const leakedContacts = ['07700 900872', '07700900872', 'quintessa.w@example.org', 'ebenezer'].filter((c) => all.includes(c));
    console.log(
      `logs: ${lines.length} log lines scanned for ${words.length} typed words, ${codes.length} reference codes and 3 contact details: ${leaks.length + leakedCodes.length + leakedContacts.length} found`,
    );
    expect(leaks).toEqual([]);
    expect(leakedCodes).toEqual([]);
    expect(leakedContacts).toEqual([]);
  });
});
