// Drives the real page in Chromium like a person would, reading like the conversation:
//   await chat.pickForEach({ Money: 'Okay' }, /Step 3 of 4/); await chat.say('all okay except sleep', /Step 4 of 4/);
import { expect } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';

const ACTIVITY = '.webchat__basic-transcript__activity';
const FROM_BOT = `${ACTIVITY}:not(:has(.webchat__stacked-layout--from-user))`;
export const SEND_BOX = '[data-id="webchat-sendbox-input"]';
export const CODE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}/;

export class ChatPage {
  constructor(readonly page: Page) {}

  /** Opens the page and waits for the bot's greeting. */
  async open(url: string, greeting: RegExp): Promise<void> {
    await this.page.goto(url);
    await this.waitForReply(0, greeting);
  }

  botCount(): Promise<number> {
    return this.page.locator(FROM_BOT).count();
  }

  /** The last thing the bot said (its cards' words). */
  lastBot(): Locator {
    return this.page.locator(FROM_BOT).last();
  }

  async lastBotText(): Promise<string> {
    return (await this.lastBot().innerText()).trim();
  }

  /** Waits until the bot has said something new after `before` messages that matches, then for it to finish its turn. */
  async waitForReply(before: number, pattern: RegExp, timeout = 15_000): Promise<void> {
    await this.page
      .waitForFunction(
        ({ selector, before, source, flags }) => {
          const said = [...document.querySelectorAll(selector)].slice(before).map((e) => (e as HTMLElement).innerText);
          return said.length > 0 && new RegExp(source, flags).test(said.join('\n'));
        },
        { selector: FROM_BOT, before, source: pattern.source, flags: pattern.flags },
        { timeout, polling: 50 },
      )
      .catch(async (error: Error) => {
        throw new Error(`the bot did not say ${pattern} (it last said: ${(await this.lastBotText()).slice(0, 300)}): ${error.message.split('\n')[0]}`);
      });
    await this.settle();
  }

  /** A turn can bring more than one message: wait until no more arrive for a moment. */
  private async settle(): Promise<void> {
    let count = await this.botCount();
    for (;;) {
      await this.page.waitForTimeout(120);
      const now = await this.botCount();
      if (now === count) return;
      count = now;
    }
  }

  /** Types into Web Chat's send box with the keyboard and presses Enter. */
  async say(text: string, reply: RegExp): Promise<void> {
    const before = await this.botCount();
    const box = this.page.locator(SEND_BOX);
    if (!(await box.evaluate((e) => e === document.activeElement))) await box.focus();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.waitForReply(before, reply);
  }

  /** Clicks a button on the bot's latest card. */
  async press(label: string, reply: RegExp): Promise<void> {
    const before = await this.botCount();
    await this.lastBot().getByRole('button', { name: label, exact: true }).click();
    await this.waitForReply(before, reply);
  }

  /** Writes in the latest card's answer box and clicks the card's Send button. */
  async answerInCard(text: string, reply: RegExp): Promise<void> {
    const before = await this.botCount();
    await this.lastBot().getByRole('textbox').fill(text);
    await this.lastBot().getByRole('button', { name: 'Send', exact: true }).click();
    await this.waitForReply(before, reply);
  }

  /** Ticks boxes on the latest card, then clicks its Send button. */
  async tickAndSend(labels: string[], reply: RegExp): Promise<void> {
    const before = await this.botCount();
    for (const label of labels) await this.lastBot().getByRole('checkbox', { name: label }).check();
    await this.lastBot().getByRole('button', { name: 'Send', exact: true }).click();
    await this.waitForReply(before, reply);
  }

  /** Picks an answer in each area's list on the latest card (the quick pass), then clicks its Send button. */
  async pickForEach(answers: Record<string, string>, reply: RegExp): Promise<void> {
    const before = await this.botCount();
    for (const [area, answer] of Object.entries(answers)) await this.lastBot().getByRole('combobox', { name: area }).selectOption({ label: answer });
    await this.lastBot().getByRole('button', { name: 'Send', exact: true }).click();
    await this.waitForReply(before, reply);
  }

  async referenceCode(): Promise<string> {
    const match = CODE.exec(await this.lastBotText());
    expect(match).not.toBeNull();
    return match![0];
  }
}
