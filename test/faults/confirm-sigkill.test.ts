// Attack 4 of issue 14 as the tester ran it: the real bot process (dist build, real HTTP, lowdb files),
// many conversations pressing their last answer at once, SIGKILL in the middle of those confirms, the
// bot started again and every person sending their last answer again. Before the fix, some ended with two
// records, the first under a code nobody was given. Now: exactly one record each, under the code shown.
import { afterAll, describe, expect, test } from '@jest/globals';
import { openFileStore } from '../../src/records/file-store.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { tempDir } from '../support/app.js';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';
import { HttpChat } from '../support/http-bot.js';

const ENV = { ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' };
const CONVERSATIONS = 40;
/** Up to the sharing question; the last answer is what makes the record. */
const ANSWERS = (n: number) => ['yes', `What matters to person ${n}`, ...Array<string>(14).fill('skip'), 'yes'];
const LAST = 'keep it private';
/** "Your reference code is X" when the record is made; "Your code is X" when it was made already. */
const codeIn = (text: string) => /Your (?:reference )?code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})/.exec(text)?.[1];

async function allRecords(dataDir: string): Promise<OutcomeRecord[]> {
  const store = await openFileStore(dataDir);
  const records: OutcomeRecord[] = [];
  for await (const r of store.records.all()) records.push(r);
  await store.close();
  return records;
}

const bots: BotProcess[] = [];
afterAll(async () => {
  for (const bot of bots) await bot.stop('SIGKILL');
});

describe('SIGKILL while many conversations confirm', () => {
  test('started again and sent the last answer again: one record per person, under the code they are given', async () => {
    const dataDir = tempDir('confirm-sigkill-');
    const first = await startBotProcess({ ...ENV, DATA_DIR: dataDir });
    bots.push(first);
    const chats = Array.from({ length: CONVERSATIONS }, (_, n) => new HttpChat(first.url, `sigkill-confirm-${n}`));

    // Everyone up to the confirm, eight at a time.
    for (let from = 0; from < CONVERSATIONS; from += 8) {
      await Promise.all(
        chats.slice(from, from + 8).map(async (chat, k) => {
          await chat.join();
          for (const text of ANSWERS(from + k)) expect((await chat.say(text)).status).toBe(200);
        }),
      );
    }

    // Everyone presses the last answer at once; the process is killed as the first code comes back.
    const shownBeforeKill = new Map<number, string>();
    let killing: Promise<void> | undefined;
    await Promise.all(
      chats.map(async (chat, n) => {
        try {
          const reply = await chat.say(LAST);
          const code = codeIn(reply.text);
          if (code) shownBeforeKill.set(n, code);
          killing ??= first.stop('SIGKILL');
        } catch {
          // The connection died with the process: this person saw nothing and will send it again.
        }
      }),
    );
    await killing;
    const inFlight = CONVERSATIONS - shownBeforeKill.size;
    // The case the finding was about: a record on disk for a person who never saw their code.
    const atKill = await allRecords(dataDir);
    const unseen = atKill.filter((r) => !shownBeforeKill.has(Number(/person (\d+)$/.exec(r.whatMatters ?? '')?.[1]))).length;

    // Started again: each person, whether or not they saw their code, sends the same last answer again.
    const again = await startBotProcess({ ...ENV, DATA_DIR: dataDir });
    bots.push(again);
    const given = new Map<number, string>();
    for (let from = 0; from < CONVERSATIONS; from += 8) {
      await Promise.all(
        chats.slice(from, from + 8).map(async (_, k) => {
          const n = from + k;
          const reply = await new HttpChat(again.url, `sigkill-confirm-${n}`).say(LAST);
          expect(reply.status).toBe(200);
          const code = codeIn(reply.text);
          expect(code).toBeDefined();
          given.set(n, code!);
        }),
      );
    }
    await again.stop();

    const records = await allRecords(dataDir);
    console.log(
      `confirm under SIGKILL: ${CONVERSATIONS} conversations, ${inFlight} without an answer at the kill, ${unseen} of them with a record already stored, ${records.length} records after the retries`,
    );
    expect(inFlight).toBeGreaterThan(0);
    for (let n = 0; n < CONVERSATIONS; n++) {
      // A code shown before the kill is the code shown after it.
      if (shownBeforeKill.has(n)) expect(given.get(n)).toBe(shownBeforeKill.get(n));
      const mine = records.filter((r) => r.whatMatters === `What matters to person ${n}`);
      expect(mine).toHaveLength(1);
      expect(mine[0].subjectRef).toBe(subjectRefFor(given.get(n)!));
    }
    expect(records).toHaveLength(CONVERSATIONS);
  }, 180_000);
});
