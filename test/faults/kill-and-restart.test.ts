// Kill the bot with SIGKILL while many conversations are in flight; start it again; nothing confirmed is lost.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openFileStore } from '../../src/records/file-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { tempDir } from '../support/app.js';
import { startBotProcess } from '../support/bot-process.js';
import { HttpChat } from '../support/http-bot.js';

const ENV = { ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' };
const CONVERSATIONS = 24;

/** Answers for one whole conversation; the words are unique per conversation so a mix-up shows. */
function script(n: number): string[] {
  const answers = ['yes', `What matters to person ${n}`];
  // Even conversations skip every outcome, so they finish before the kill; odd ones are still going.
  if (n % 2 === 0) return [...answers, ...Array<string>(14).fill('skip'), 'yes', 'keep it private'];
  for (let i = 0; i < 14; i++) answers.push(String((i % 5) + 1), i % 3 === 0 ? `Words ${n}-${i}` : 'skip', ...((i % 5) + 1 <= 2 ? ['skip'] : []));
  answers.push('1', 'yes', 'keep it private');
  return answers;
}

describe('a bot killed mid-conversation', () => {
  test('keeps every confirmed record, resumes every conversation, and no file is corrupt', async () => {
    const dataDir = tempDir('kill-');
    const bot = await startBotProcess({ ...ENV, DATA_DIR: dataDir });
    const progress = new Map<number, { sent: number; lastReply: string; confirmed: boolean }>();

    let killed = false;
    const runs = Array.from({ length: CONVERSATIONS }, async (_, n) => {
      const chat = new HttpChat(bot.url, `kill-test-${n}`);
      const p = { sent: 0, lastReply: '', confirmed: false };
      progress.set(n, p);
      try {
        await chat.join();
        // Half the conversations are short enough to finish before the kill.
        const answers = script(n);
        for (const text of answers) {
          if (killed) return;
          const reply = await chat.say(text);
          if (reply.status !== 200) return;
          p.sent++;
          p.lastReply = reply.text;
          if (/Your reference code is/.test(reply.text)) p.confirmed = true;
        }
      } catch {
        // The connection dies with the process: that is the point of the test.
      }
    });
    // Kill once half the conversations have confirmed.
    const began = Date.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const confirmed = [...progress.values()].filter((p) => p.confirmed).length;
        if (confirmed >= CONVERSATIONS / 2 || Date.now() - began > 15000) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    killed = true;
    await bot.stop('SIGKILL');
    await Promise.all(runs);

    // Every store file is whole JSON.
    for (const folder of ['conversations', 'records', 'paused']) {
      let files: string[] = [];
      try {
        files = readdirSync(path.join(dataDir, folder)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
      } catch {
        continue;
      }
      for (const f of files) expect(() => JSON.parse(readFileSync(path.join(dataDir, folder, f), 'utf8')) as unknown).not.toThrow();
    }

    const again = await startBotProcess({ ...ENV, DATA_DIR: dataDir });
    try {
      const confirmed = [...progress.entries()].filter(([, p]) => p.confirmed);
      expect(confirmed.length).toBeGreaterThan(0);
      // Every in-progress conversation carries on where it was: "help" explains the step it was at, not a new welcome.
      for (const [n, p] of progress) {
        if (p.confirmed || p.sent === 0) continue;
        const reply = await new HttpChat(again.url, `kill-test-${n}`).say('help');
        expect(reply.status).toBe(200);
        expect(reply.text).not.toMatch(/happy to go on/);
        // The step is the last one answered, or the next if the answer in flight was saved before the kill.
        const before = Number(/Step (\d+) of 14/.exec(p.lastReply)?.[1] ?? NaN);
        const after = Number(/Step (\d+) of 14/.exec(reply.text)?.[1] ?? NaN);
        if (!Number.isNaN(before) && !Number.isNaN(after)) expect([before, before + 1]).toContain(after);
      }
    } finally {
      await again.stop();
    }

    const store = await openFileStore(dataDir);
    const records: OutcomeRecord[] = [];
    for await (const r of store.records.all()) records.push(r);
    await store.close();
    for (const [n, p] of progress) {
      if (!p.confirmed) continue;
      const mine = records.filter((r) => r.whatMatters === `What matters to person ${n}`);
      expect(mine).toHaveLength(1);
      // Nobody else's words in this record.
      for (const o of mine[0].outcomes) if (o.ownWords) expect(o.ownWords).toMatch(new RegExp(`^Words ${n}-`));
    }
  });
});
