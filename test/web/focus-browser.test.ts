// Keyboard focus is plainly visible on every kind of card control and link in Web Chat (WCAG 2.2 2.4.7,
// 2.4.11). axe does not look at this: here the focused element's outline is measured against every
// ancestor that clips (overflow), and all four sides must show, on a desktop and on a phone.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { testApp } from '../support/app.js';
import { launchBrowser } from '../support/chromium.js';
import { openPage, screenshot } from './support/browser.js';
import { ChatPage } from './support/chat-page.js';

let app: App;
let url: string;
let browser: Browser;

beforeAll(async () => {
  app = await testApp();
  url = await app.listen(0);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Focus {
  tag: string;
  name: string;
  style: string;
  width: number;
  /** Which sides of the outline can be seen, after every clipping ancestor and the window. */
  sides: { left: boolean; top: boolean; right: boolean; bottom: boolean };
}

/** Measures the focused element's outline box against its clipping ancestors. */
function measureFocus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    const width = cs.outlineStyle === 'none' ? 0 : parseFloat(cs.outlineWidth) || 0;
    const grow = (parseFloat(cs.outlineOffset) || 0) + width;
    const r = el.getBoundingClientRect();
    const outer = { left: r.left - grow, top: r.top - grow, right: r.right + grow, bottom: r.bottom + grow };
    const clip = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible' && !/paint|strict|content/.test(s.contain)) continue;
      const ar = a.getBoundingClientRect();
      const left = ar.left + a.clientLeft;
      const top = ar.top + a.clientTop;
      clip.left = Math.max(clip.left, left);
      clip.top = Math.max(clip.top, top);
      clip.right = Math.min(clip.right, left + a.clientWidth);
      clip.bottom = Math.min(clip.bottom, top + a.clientHeight);
    }
    const e = 0.5;
    return {
      tag: el.tagName.toLowerCase(),
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60),
      style: cs.outlineStyle,
      width,
      sides: {
        left: width > 0 && outer.left >= clip.left - e,
        top: width > 0 && outer.top >= clip.top - e,
        right: width > 0 && outer.right <= clip.right + e,
        bottom: width > 0 && outer.bottom <= clip.bottom + e,
      },
    };
  });
}

/** Focuses a control with the keyboard's reach (Tab from its neighbour), then measures. */
/**
 * Waits until nothing on the page scrolls for a few frames: Web Chat keeps the transcript pinned to the
 * newest message, and a message still arriving would move the control after it was measured.
 */
function settled(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((done) => {
        const positions = () =>
          [...document.querySelectorAll<HTMLElement>('*')]
            .filter((e) => e.scrollHeight > e.clientHeight)
            .map((e) => e.scrollTop)
            .join(',') + `|${document.querySelectorAll('[role="listitem"], li').length}`;
        let last = positions();
        let still = 0;
        const started = performance.now();
        const frame = () => {
          const now = positions();
          still = now === last ? still + 1 : 0;
          last = now;
          if (still >= 12 || performance.now() - started > 3000) done();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
}

async function focusAndMeasure(page: Page, target: Locator): Promise<Focus> {
  await settled(page);
  await target.scrollIntoViewIfNeeded();
  await target.focus();
  // A key press makes the browser treat focus as keyboard focus (:focus-visible), as Tab would.
  await page.keyboard.press('Shift');
  return measureFocus(page);
}

function expectPlainlyVisible(focus: Focus): void {
  expect({ name: focus.name, style: focus.style, sides: focus.sides }).toEqual({
    name: focus.name,
    style: 'solid',
    sides: { left: true, top: true, right: true, bottom: true },
  });
  expect(focus.width).toBeGreaterThanOrEqual(3);
}

describe.each([
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 375, height: 667 }],
])('keyboard focus on a %s', (name, size) => {
  test('every kind of card control and link shows its whole outline: button, link, text box, choice', async () => {
    const { page } = await openPage(browser, size);
    const chat = new ChatPage(page);
    await chat.open(url, /Who are we talking about today/);
    const seen: Focus[] = [];

    // Buttons: the two choices of the first card, each outlined when focused and only then.
    const carer = chat.lastBot().getByRole('button', { name: 'I look after someone', exact: true });
    const adult = chat.lastBot().getByRole('button', { name: 'I get support myself', exact: true });
    for (const [focused, other] of [
      [carer, adult],
      [adult, carer],
    ] as const) {
      const focus = await focusAndMeasure(page, focused);
      expectPlainlyVisible(focus);
      seen.push(focus);
      expect(await other.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('none');
    }
    await screenshot(page, `focus-${name}-button`);

    // A link: the consent card's privacy notice.
    await chat.press('I look after someone', /happy to go on/);
    const link = chat.lastBot().getByText('Read how we look after your information', { exact: true });
    const linkFocus = await focusAndMeasure(page, link.locator('xpath=ancestor-or-self::*[self::a or self::button][1]'));
    expectPlainlyVisible(linkFocus);
    seen.push(linkFocus);
    await screenshot(page, `focus-${name}-link`);

    // A text box, and its Send button.
    await chat.press("Yes, let's start", /What matters to you just now/);
    const box = await focusAndMeasure(page, chat.lastBot().getByRole('textbox'));
    expectPlainlyVisible(box);
    seen.push(box);
    const send = await focusAndMeasure(page, chat.lastBot().getByRole('button', { name: 'Send', exact: true }));
    expectPlainlyVisible(send);
    await screenshot(page, `focus-${name}-text`);

    // A list (the quick pass: one per area) and the button that opens back, skip, pause and help.
    await chat.say('Money and sleep', /Step 1 of 4/);
    const list = await focusAndMeasure(page, chat.lastBot().getByRole('combobox').first());
    expectPlainlyVisible(list);
    seen.push(list);
    const more = await focusAndMeasure(page, chat.lastBot().getByRole('button', { name: /^More/ }));
    expectPlainlyVisible(more);
    seen.push(more);
    await screenshot(page, `focus-${name}-list`);

    // A choice (tick box) on the priorities card.
    await chat.say('3', /Step 2 of 4/);
    await chat.say('all okay', /Step 3 of 4/);
    await chat.say('skip', /Step 4 of 4/);
    await chat.say('skip', /tell me more/);
    await chat.say('no', /tell me more/);
    await chat.say('no', /matter most/);
    const choice = await focusAndMeasure(page, chat.lastBot().getByRole('checkbox').first());
    expectPlainlyVisible(choice);
    seen.push(choice);
    await screenshot(page, `focus-${name}-choice`);

    console.log(`focus on a ${name}: ${seen.map((f) => `${f.tag} "${f.name}" ${f.width}px, 4 of 4 sides`).join('; ')}`);
    await page.context().close();
  }, 120_000);
});
