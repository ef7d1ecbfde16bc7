// What the page and the embed button say and look like, from public/wording.json and the organisation file.
import { escapeHtml } from '../../html-escape.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, type OrganisationFile } from '../../config.js';
import { fillText } from '../../conversation/fill-text.js';
import { formatZodIssue } from '../../conversation/zod-message.js';
import { accentOn, readableOn } from './colours.js';

const words = z.string().min(1);
export const Wording = z.object({
  pageTitle: words,
  heading: words,
  intro: words,
  emergency: words,
  otherContacts: words,
  privacyLink: words,
  chatLabel: words,
  sendBoxPlaceholder: words,
  clearChat: words,
  clearQuestion: words,
  clearExplain: words,
  clearConfirm: words,
  clearCancel: words,
  cleared: words,
  idleQuestion: words,
  idleExplain: words,
  idleStay: words,
  idleHidden: words,
  carryOn: words,
  carryOnFailed: words,
  startNew: words,
  loading: words,
  loadFailed: words,
  tryAgain: words,
  noScript: words,
  embedButton: words,
  embedClose: words,
  embedTitle: words,
});
export type Wording = z.infer<typeof Wording>;

export function loadWording(file: string): Wording {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON'}`);
  }
  const parsed = Wording.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatZodIssue(file, parsed.error));
  return parsed.data;
}

export interface PageView {
  wording: Wording;
  colours: { primary: string; onPrimary: string; background: string; text: string; accent: string };
  organisation: OrganisationFile;
}

/** Every wording string with the organisation's name, the bot's name and the emergency number filled in. */
export function pageView(organisation: OrganisationFile, wording: Wording): PageView {
  const values = {
    organisation: organisation.name,
    botName: organisation.botName,
    phone: organisation.safetyContacts.contacts[0].phone,
    minutes: organisation.webChat.idleMinutes,
  };
  const filled = Object.fromEntries(Object.entries(wording).map(([k, v]) => [k, fillText(v, values)])) as Wording;
  const { primaryColour, backgroundColour } = organisation.branding;
  return {
    wording: filled,
    organisation,
    colours: {
      primary: primaryColour,
      onPrimary: readableOn(primaryColour),
      background: backgroundColour,
      text: readableOn(backgroundColour),
      accent: accentOn(backgroundColour, primaryColour),
    },
  };
}

/** JSON that is safe inside a <script type="application/json"> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Fills `{{name}}` in a template; every value is HTML-escaped unless it is listed as markup. */
export function fillTemplate(template: string, values: Record<string, string>, markup: Record<string, string> = {}): string {
  return template.replace(/\{\{([A-Za-z][A-Za-z0-9_]*)\}\}/g, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(markup, name)) return markup[name];
    if (Object.prototype.hasOwnProperty.call(values, name)) return escapeHtml(values[name]);
    throw new Error(`template placeholder {{${name}}} has no value`);
  });
}
