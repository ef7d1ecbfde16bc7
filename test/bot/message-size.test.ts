// Every message fits Teams (about 28 KB as JSON) whatever people write: each script talked through to
// the end with every answer at the organisation's longest, in Teams and in web chat, and every
// practitioner view of the record that makes. Long summaries and records come in parts, the confirm
// button on the last; in Teams the words are in the card alone, once.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import type { App } from '../../src/app.js';
import { jsonBytes, TEAMS_MESSAGE_LIMIT } from '../../src/cards/fit.js';
import { loadScripts } from '../../src/conversation/script-loader.js';
import { addAction, addNote } from '../../src/practitioner/follow-up.js';
import { shortRef } from '../../src/practitioner/record-ref.js';
import { tempDir } from '../support/app.js';
import { teamsApp, TEAMS_ORG } from '../teams/support/app.js';
import { MORAG, TeamsTalk } from '../teams/support/teams-talk.js';
import { BotTalk, findButton } from '../support/bot-talk.js';

const MAX = 2000;
const SCRIPTS = ['carer', 'adult', 'care-home'] as const;
const scripts = loadScripts('dialogs', [...SCRIPTS]);

/** An answer of exactly `length` characters, heavy in what costs most bytes: accents, CJK, emoji, quotes, new lines. */
function longAnswer(length: number, seed: string): string {
  const unit = ` sgìth “gu leòr” 日本語の言葉 "cèilidh" \\ 🌧️ tè\n`;
  let text = `${seed}:`;
  while (text.length < length) text += unit;
  text = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(text) ? `${text.slice(0, -1)}x` : text;
}

let dir: string;
const orgFile = () => path.join(dir, 'organisation.yaml');

beforeAll(() => {
  dir = tempDir('message-size-');
  const org = readFileSync(TEAMS_ORG, 'utf8').replace(/^scripts: \[carer, adult\]$/m, 'scripts: [carer, adult, care-home]');
  expect(org).toMatch(new RegExp(`^maxTextLength: ${MAX}$`, 'm'));
  writeFileSync(orgFile(), org);
});

const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.close?.();
});

async function start(): Promise<App> {
  const app = await teamsApp({ ORGANISATION_FILE: orgFile() });
  apps.push(app);
  return app;
}

type Chat = { send(activity: Partial<Activity>): Promise<Partial<Activity>[]> };

/** Every activity of every turn, with its size as sent. */
class Measured implements Chat {
  readonly sizes: { bytes: number; activity: Partial<Activity> }[] = [];
  constructor(private chat: Chat) {}
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const replies = await this.chat.send(activity);
    for (const a of replies) this.sizes.push({ bytes: jsonBytes(a), activity: a });
    return replies;
  }
  largest(): number {
    return Math.max(...this.sizes.map((s) => s.bytes));
  }
}

function webChat(app: App): Chat {
  const talk = new BotTalk(app.bot, { channelId: 'webchat' });
  return {
    async send(activity) {
      while (talk.adapter.activeQueue.length) talk.adapter.getNextReply();
      await talk.adapter.processActivity(activity);
      const out: Partial<Activity>[] = [];
      while (talk.adapter.activeQueue.length) out.push(talk.adapter.getNextReply());
      return out;
    },
  };
}

function teamsChat(app: App, aadObjectId: string): TeamsTalk {
  return new TeamsTalk(app.bot, { aadObjectId });
}

function cardsOf(replies: Partial<Activity>[]): string {
  return JSON.stringify(replies.map((a) => a.attachments?.map((x) => x.content as unknown)));
}

function submitData(replies: Partial<Activity>[], pick: (data: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const obj = node as Record<string, unknown>;
    if (obj.type === 'Action.Submit' && obj.data && typeof obj.data === 'object' && pick(obj.data as Record<string, unknown>))
      found = obj.data as Record<string, unknown>;
    Object.values(obj).forEach(walk);
  };
  walk(replies.map((a) => a.attachments?.map((x) => x.content as unknown)));
  return found;
}

/**
 * Talks a conversation through to its summary, answering each step as the card asks: every text box
 * with the longest answer allowed, every choice with its first button, the priorities with the first two.
 */
async function toSummary(chat: Chat, start: Partial<Activity>[], chooser: string | undefined, confirm: string): Promise<Partial<Activity>[]> {
  let replies = start;
  let n = 0;
  for (let turn = 0; turn < 200; turn++) {
    const cards = cardsOf(replies);
    if (cards.includes(`"title":"${confirm}"`)) return replies;
    if (cards.includes('"kind":"areas"')) {
      // The quick pass: every area "Not good at all", so every area is asked about in depth, at the longest.
      const areas = [...new Set(cards.match(/"id":"area\d+"/g) ?? [])].map((m) => m.slice(6, -1));
      replies = await chat.send({
        type: 'message',
        value: { ...submitData(replies, (d) => d.kind === 'areas'), ...Object.fromEntries(areas.map((a) => [a, '1'])) },
      });
    } else if (cards.includes('"type":"Input.Text"')) {
      replies = await chat.send({ type: 'message', text: longAnswer(MAX, `Answer ${++n}`) });
    } else if (cards.includes('"type":"Input.ChoiceSet"')) {
      replies = await chat.send({ type: 'message', value: { ...submitData(replies, (d) => d.kind === 'choices'), choices: '1,2' } });
    } else {
      const chosen = chooser && cards.includes(`"title":"${chooser}"`) ? chooser : undefined;
      const data = chosen ? findButton(replies, chosen) : submitData(replies, (d) => typeof d.answer === 'string');
      expect(data).toBeDefined();
      replies = await chat.send({ type: 'message', value: data });
    }
  }
  throw new Error('the summary never came');
}

function expectAllFit(measured: Measured): void {
  const over = measured.sizes.filter((s) => s.bytes > TEAMS_MESSAGE_LIMIT).map((s) => s.bytes);
  expect(over).toEqual([]);
}

describe.each(SCRIPTS)('the %s script with every answer at the longest allowed', (id) => {
  const script = scripts.get(id)!;

  test.each(['msteams', 'webchat'])('every message in %s fits; the summary comes in parts, confirm on the last', async (channel) => {
    const app = await start();
    const chat = new Measured(channel === 'msteams' ? teamsChat(app, `person-${id}`) : webChat(app));
    const greeting = await chat.send({ type: 'conversationUpdate', membersAdded: [{ id: 'person', name: 'Person' }] });
    const summary = await toSummary(chat, greeting, script.text.chooserLabel, script.text.confirm);

    expect(summary.length).toBeGreaterThan(1);
    summary.forEach((a, i) => expect(JSON.stringify(a)).toContain(`Part ${i + 1} of ${summary.length}`));
    expect(findButton(summary.slice(-1), script.text.confirm)).toBeDefined();
    expect(findButton(summary.slice(0, -1), script.text.confirm)).toBeUndefined();
    for (const a of summary) {
      const card = a.attachments![0].content as { fallbackText: string };
      // The words are never carried a third time.
      expect(card.fallbackText.length).toBeLessThanOrEqual(200);
      if (channel === 'msteams') {
        // Teams shows text and card both: the card alone, with a line for notifications.
        expect(a.text).toBeUndefined();
        expect(a.summary).toBeTruthy();
      } else {
        expect(a.text).toBeTruthy();
      }
    }
    // In Teams each answer is in one message once: its opening words appear once across the summary.
    const opening = JSON.stringify(longAnswer(20, 'Answer 1')).slice(1, -1);
    const seen = summary.map((a) => JSON.stringify(a).split(opening).length - 1).reduce((x, y) => x + y, 0);
    expect(seen).toBe(channel === 'msteams' ? 1 : 2);

    const shared = await chat.send({ type: 'message', value: findButton(summary.slice(-1), script.text.confirm) });
    const contact = await chat.send({ type: 'message', value: findButton(shared, script.text.share) });
    await chat.send({ type: 'message', value: findButton(contact, script.text.noContact) });
    expectAllFit(chat);
    console.log(
      `${id} in ${channel}: summary in ${summary.length} parts; largest message ${(chat.largest() / 1024).toFixed(1)} KB (limit ${TEAMS_MESSAGE_LIMIT / 1024} KB)`,
    );
    const records = [];
    for await (const r of app.store.records.all()) records.push(r);
    expect(records).toHaveLength(1);
    expect(records[0].whatMatters).toHaveLength(MAX);
  });
});

describe('every practitioner view of the longest record fits', () => {
  test('queue, open (notes and actions at the longest too), copy, a held conversation, your view and a held review', async () => {
    const app = await start();
    const carer = scripts.get('carer')!;
    const person = webChat(app);
    const greeting = await person.send({ type: 'conversationUpdate', membersAdded: [{ id: 'person', name: 'Person' }] });
    const summary = await toSummary(person, greeting, carer.text.chooserLabel, carer.text.confirm);
    const shared = await person.send({ type: 'message', value: findButton(summary.slice(-1), carer.text.confirm) });
    const contact = await person.send({ type: 'message', value: findButton(shared, carer.text.share) });
    await person.send({ type: 'message', value: findButton(contact, carer.text.noContact) });
    const [record] = await (async () => {
      const all = [];
      for await (const r of app.store.records.all()) all.push(r);
      return all;
    })();
    const ref = shortRef(record.id);
    const now = new Date().toISOString();
    await app.store.records.update(record.id, (r) => {
      let next = r;
      for (let i = 0; i < 6; i++) next = addNote(next, MORAG, longAnswer(MAX, `Note ${i}`), now);
      for (let i = 0; i < 6; i++)
        next = addAction(next, MORAG, { what: longAnswer(MAX, `Action ${i}`), who: longAnswer(200, 'Who'), byWhen: '2026-12-31' }, `a${i}`, now);
      return next;
    });

    const morag = new Measured(teamsChat(app, MORAG));
    await morag.send({ type: 'message', text: 'queue' });
    const opened = await morag.send({ type: 'message', text: `open ${ref}` });
    expect(opened.length).toBeGreaterThan(1);
    // Its buttons end the last part; every note and action is there, in order.
    expect(findButton(opened.slice(-1), 'Add note')).toBeDefined();
    const shown = cardsOf(opened);
    for (let i = 0; i < 6; i++) expect(shown).toContain(`Note ${i}`);
    expect(shown.indexOf('Note 5')).toBeLessThan(shown.indexOf('Action 0'));
    expect(opened.filter((a) => a.importance === 'high')).toHaveLength(0);
    await morag.send({ type: 'message', text: `export ${ref}` });

    // A conversation held with the person in Teams, every answer at the longest, then their view and a review.
    const held = await morag.send({ type: 'message', text: 'start carer' });
    const heldSummary = await toSummary(morag, held, undefined, carer.text.confirm);
    expect(heldSummary.length).toBeGreaterThan(1);
    const heldShared = await morag.send({ type: 'message', value: findButton(heldSummary.slice(-1), carer.text.confirm) });
    const heldContact = await morag.send({ type: 'message', value: findButton(heldShared, carer.text.share) });
    await morag.send({ type: 'message', value: findButton(heldContact, carer.text.noContact) });
    const heldRecord = (
      await (async () => {
        const all = [];
        for await (const r of app.store.records.all()) all.push(r);
        return all;
      })()
    ).find((r) => r.mode === 'with-practitioner')!;
    await morag.send({ type: 'message', text: `my view ${shortRef(heldRecord.id)}` });
    await morag.send({ type: 'message', text: `open ${shortRef(heldRecord.id)}` });
    const review = await morag.send({ type: 'message', text: `review ${ref}` });
    const reviewSummary = await toSummary(morag, review, undefined, 'Yes, this is right');
    expect(findButton(reviewSummary.slice(-1), 'Yes, this is right')).toBeDefined();
    expectAllFit(morag);
    console.log(
      `practitioner in Teams: largest message ${(morag.largest() / 1024).toFixed(1)} KB (limit ${TEAMS_MESSAGE_LIMIT / 1024} KB); the record with 6 notes and 6 actions in ${opened.length} parts`,
    );
  });
});
