// Real Bot Framework Web Chat in Debian's Chromium against the real server: whole conversations, reload and resume,
// clearing, the idle timeout, accessibility (axe-core, WCAG 2.2 A/AA), phone widths and screenshots in artifacts/.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { testApp } from '../support/app.js';
import { axeViolations } from './support/axe.js';
import { launchBrowser } from '../support/chromium.js';
import { openPage, screenshot, type OpenedPage } from './support/browser.js';
import { ChatPage, CODE, SEND_BOX } from './support/chat-page.js';

let app: App;
let url: string;
let browser: Browser;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  app = await testApp();
  url = await app.listen(0);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function newChat(size?: { width: number; height: number }): Promise<{ chat: ChatPage; page: Page; problems: string[] }> {
  const o = await openPage(browser, size);
  opened.push(o);
  return { chat: new ChatPage(o.page), page: o.page, problems: o.problems };
}

async function recordWith(whatMatters: string): Promise<OutcomeRecord> {
  for await (const r of app.store.records.all()) if (r.whatMatters === whatMatters) return r;
  throw new Error(`no record with what matters "${whatMatters}"`);
}

async function savedSession(page: Page): Promise<{ conversationId: string } | null> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('outcomes-bot.chat') ?? 'null') as { conversationId: string } | null);
}

/** Tab from wherever focus is until `done` says so; fails after `max` presses. */
async function tabUntil(page: Page, done: () => Promise<boolean>, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('keyboard focus never got there');
}

const onSendBox = (page: Page) => () => page.locator(SEND_BOX).evaluate((e) => e === document.activeElement);

describe('a carer in Web Chat', () => {
  test('a whole conversation by pressing the card buttons, on a desktop screen', async () => {
    const { chat, page, problems } = await newChat({ width: 1280, height: 800 });
    await chat.open(url, /Who are we talking about today/);
    // No duplicate: each message shows as its card only, with no text bubble beside it.
    expect(await page.locator('.webchat__stacked-layout--no-message').count()).toBeGreaterThan(0);
    expect(await page.locator('.webchat__stacked-layout__message-row').count()).toBe(0);

    await chat.press('I look after someone', /happy to go on/);
    await chat.press("Yes, let's start", /What matters to you just now/);
    await chat.answerInCard('Getting a full night of sleep', /Step 1 of 4/);
    // The quick pass: one list per area, one card per group.
    await chat.pickForEach({ 'Life for the person you look after': 'Good' }, /Step 2 of 4/);
    await chat.pickForEach(
      { 'Your health and sleep': 'Not good at all', 'Time for yourself': 'Okay', 'How you get on together': 'Good', Money: 'Okay' },
      /safe right now/,
    );
    await chat.press('Yes, safe', /Step 3 of 4/);
    await chat.pickForEach({ 'Your choice about caring': 'Okay', 'Knowing what to do': 'Good' }, /Step 4 of 4/);
    await chat.pickForEach({ 'Being respected': 'Good' }, /tell me more/);
    // Then deeper questions only where it matters: sleep was named in "what matters" and rated low.
    await chat.answerInCard('I am up three times a night', /What would help/);
    await chat.answerInCard('A night sitter once a week', /Here is what you told me/);
    expect(await chat.lastBotText()).toContain('A night sitter once a week');
    // The numbers a person types to change an answer show as written, not renumbered as a list.
    const heading = chat.lastBot().locator('.ac-textBlock', { hasText: 'Getting help when you need it' });
    expect((await heading.innerText()).trim()).toBe('14. Getting help when you need it');

    const withSummary = await axeViolations(page);
    expect(withSummary.violations).toEqual([]);
    await screenshot(page, 'webchat-desktop-summary');

    await chat.press('Yes, this is right', /share/);
    await chat.press('Share it', /get in touch/);
    await chat.press('No, thank you', /Your reference code is/);
    expect(await chat.lastBotText()).toMatch(CODE);
    await screenshot(page, 'webchat-desktop-finished');

    const record = await recordWith('Getting a full night of sleep');
    expect(record.channel).toBe('webchat');
    expect(record.sharing).toBe('shared');
    expect(record.outcomes[0]).toMatchObject({ rating: { value: 4 } });
    expect(record.outcomes[0].ownWords).toBeUndefined();
    expect(record.outcomes[1]).toMatchObject({ rating: { value: 1 }, ownWords: 'I am up three times a night', whatWouldHelp: 'A night sitter once a week' });
    expect(record.outcomes.find((o) => o.id === 'satisfaction-in-caring')?.status).toBe('skipped');
    expect(record.outcomes.find((o) => o.id === 'valued-and-respected')?.rating?.value).toBe(4);
    expect(problems).toEqual([]);
  }, 90_000);

  test('a whole conversation by typing only, with the keyboard alone, on a phone', async () => {
    const { chat, page, problems } = await newChat({ width: 375, height: 667 });
    await chat.open(url, /Who are we talking about today/);
    expect((await axeViolations(page)).violations).toEqual([]);
    await screenshot(page, 'webchat-375x667-start');

    // From the top of the page to the send box with Tab only.
    await tabUntil(page, onSendBox(page));
    await chat.say('I look after someone', /happy to go on/);
    await chat.say('yes', /What matters to you just now/);
    await chat.say('Keeping my job', /Step 1 of 4/);
    await chat.say('3', /Step 2 of 4/);
    await chat.say('all okay except sleep', /Step 3 of 4/);
    await chat.say('skip', /Step 4 of 4/);
    await chat.say('fine', /tell me more/);
    await chat.say('My boss is kind', /How are you keeping/);
    await chat.say('not very good', /tell me more/);
    await chat.say('I get headaches', /What would help/);
    await chat.say('Time to see the doctor', /matter most/);
    await chat.say('my health', /Here is what you told me/);
    await chat.say('yes', /share/);
    await chat.say('keep it private', /Your reference code is/);
    await screenshot(page, 'webchat-375x667-finished');

    const record = await recordWith('Keeping my job');
    expect(record.sharing).toBe('private');
    expect(record.outcomes[0]).toMatchObject({ rating: { value: 3 } });
    expect(record.outcomes[1]).toMatchObject({ rating: { value: 2 }, ownWords: 'I get headaches', whatWouldHelp: 'Time to see the doctor', priority: true });
    expect(record.outcomes[2]).toMatchObject({ rating: { value: 3 }, ownWords: 'My boss is kind', priority: false });
    expect(record.outcomes.filter((o) => o.group === 'caring-role').every((o) => o.status === 'skipped')).toBe(true);
    expect(problems).toEqual([]);
  });

  test('a card button can be pressed with the keyboard', async () => {
    const { chat, page } = await newChat({ width: 1280, height: 800 });
    await chat.open(url, /Who are we talking about today/);
    const before = await chat.botCount();
    // Tab into the transcript, Enter goes into the latest message, Tab moves between its buttons.
    await tabUntil(page, () => page.evaluate(() => document.activeElement?.classList.contains('webchat__basic-transcript') ?? false));
    await page.keyboard.press('Enter');
    await tabUntil(page, () => page.evaluate(() => document.activeElement?.textContent === 'I look after someone'), 5);
    await page.keyboard.press('Enter');
    await chat.waitForReply(before, /happy to go on/);
  });

  test('pause, reload the page, clear it, resume by code on a new chat, finish', async () => {
    const { chat, page, problems } = await newChat({ width: 1280, height: 800 });
    await chat.open(url, /Who are we talking about today/);
    await chat.say('I look after someone', /happy to go on/);
    await chat.say('yes', /What matters to you just now/);
    await chat.say('Getting out of the house', /Step 1 of 4/);
    await chat.say('4', /Step 2 of 4/);
    await chat.say('pause', /resume/);
    const code = await chat.referenceCode();
    const first = await savedSession(page);
    const shown = await chat.botCount();

    // Reloading keeps the same conversation, with what was said before still on screen.
    await page.reload();
    await chat.waitForReply(0, new RegExp(code));
    expect((await savedSession(page))?.conversationId).toBe(first?.conversationId);
    expect(await chat.botCount()).toBe(shown);

    // "Clear this chat" wipes it from the device: nothing in storage, nothing on screen.
    await page.getByRole('button', { name: 'Clear this chat' }).click();
    await expect(page.getByRole('dialog', { name: 'Clear this chat from this screen?' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Yes, clear it' }).click();
    await page.getByText('The chat has been cleared from this screen.').waitFor();
    expect(await savedSession(page)).toBeNull();
    expect(await page.locator('.webchat__basic-transcript__activity').count()).toBe(0);
    expect((await axeViolations(page)).violations).toEqual([]);

    // A new chat, and the code carries on where the person left off.
    await page.getByRole('button', { name: 'Start a new chat' }).click();
    await chat.waitForReply(0, /Who are we talking about today/);
    expect((await savedSession(page))?.conversationId).not.toBe(first?.conversationId);
    await chat.say(`resume ${code.toLowerCase()}`, /Welcome back/);
    expect(await chat.lastBotText()).toMatch(/Step 2 of 4/);
    await chat.say('all okay', /Step 3 of 4/);
    await chat.say('skip', /Step 4 of 4/);
    await chat.say('skip', /Here is what you told me/);
    await chat.say('yes', /share/);
    await chat.say('keep it private', new RegExp(code));

    const record = await recordWith('Getting out of the house');
    expect(record.outcomes[0]).toMatchObject({ rating: { value: 4 } });
    expect(record.outcomes[1]).toMatchObject({ rating: { value: 3 } });
    expect(problems).toEqual([]);
  });

  test('after the idle time it warns, can be kept, then hides the chat; the person carries on or starts afresh', async () => {
    const { chat, page, problems } = await newChat({ width: 1280, height: 800 });
    await page.clock.install();
    await chat.open(url, /Who are we talking about today/);
    await chat.say('I look after someone', /happy to go on/);
    const first = await savedSession(page);
    await page.clock.fastForward('19:10');
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await warning.waitFor();
    expect((await axeViolations(page)).violations).toEqual([]);
    await page.getByRole('button', { name: "I'm still here" }).click();
    await warning.waitFor({ state: 'hidden' });
    expect(await savedSession(page)).not.toBeNull();

    // Idle again: nothing of the conversation is left on screen, but it is kept in this tab.
    await page.clock.fastForward('21:00');
    await page.getByText('We hid the chat because nobody used it for 20 minutes.').waitFor();
    expect(await page.locator('.webchat__basic-transcript__activity').count()).toBe(0);
    await expect(page.getByText(/happy to go on|look after someone/).count()).resolves.toBe(0);
    expect((await savedSession(page))?.conversationId).toBe(first?.conversationId);
    expect((await axeViolations(page)).violations).toEqual([]);
    // Focus is on the first choice, and the keyboard reaches the other.
    const carryOn = page.getByRole('button', { name: 'Carry on where I left off' });
    const startNew = page.getByRole('button', { name: 'Start a new chat' });
    await expect(carryOn.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    await tabUntil(page, () => startNew.evaluate((e) => e === document.activeElement), 3);

    // Carry on: the same conversation, where it was.
    await carryOn.click();
    await chat.waitForReply(0, /happy to go on/);
    expect((await savedSession(page))?.conversationId).toBe(first?.conversationId);
    await chat.say('yes', /What matters to you just now/);

    // Idle once more, and this time a new chat: the old one is gone from this tab.
    await page.clock.fastForward('21:00');
    await startNew.waitFor();
    await startNew.click();
    await chat.waitForReply(0, /Who are we talking about today/);
    expect((await savedSession(page))?.conversationId).not.toBe(first?.conversationId);
    await expect(page.getByText(/What matters to you just now/).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  test('works 320 pixels wide: nothing cut off, nothing to scroll sideways, no accessibility problems', async () => {
    const { chat, page, problems } = await newChat({ width: 320, height: 568 });
    await chat.open(url, /Who are we talking about today/);
    await chat.press('I look after someone', /happy to go on/);
    await chat.press("Yes, let's start", /What matters to you just now/);
    await chat.say('Rest', /Step 1 of 4/);
    await chat.say('good', /Step 2 of 4/);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const button = await chat.lastBot().getByRole('combobox', { name: 'Money' }).boundingBox();
    expect(button!.x).toBeGreaterThanOrEqual(0);
    expect(button!.x + button!.width).toBeLessThanOrEqual(320);
    await expect(page.getByText('In an emergency, call 999.').isVisible()).resolves.toBe(true);
    expect((await axeViolations(page)).violations).toEqual([]);
    await screenshot(page, 'webchat-320-quick-pass');
    expect(problems).toEqual([]);
  });
});
