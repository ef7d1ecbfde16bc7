// Shared steps for the privacy tests: a whole carer conversation with invented, distinctive words.
import type { App } from '../../src/app.js';
import type { OutcomeRecord } from '../../src/records/record.js';
import { talk, type BotTalk } from '../support/bot-talk.js';

export const carerOnly = { ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' };

export interface Finished {
  chat: BotTalk;
  code: string;
}

export interface Answers {
  whatMatters?: string;
  ownWords?: string;
  whatWouldHelp?: string;
  share?: boolean;
  phone?: string;
  /** Replies to the held safety questions after words that are flagged ("No, thank you", "Carry on"). */
  afterSafety?: string[];
}

/** Consent, what matters, one outcome rated low with words, the rest skipped, confirm, share or not. */
export async function finishConversation(app: App, a: Answers = {}, chat: BotTalk = talk(app.bot)): Promise<Finished> {
  chat
    .joins()
    .user('yes')
    .user(a.whatMatters ?? 'Teaching Pemberton to play the ocarina')
    .user('2')
    .user(a.ownWords ?? 'Grandad Fitzwilliam naps all afternoon');
  for (const reply of a.afterSafety ?? []) chat.user(reply);
  chat.user(a.whatWouldHelp ?? 'A befriender called Ottoline');
  for (let i = 1; i < 14; i++) chat.user('skip');
  chat.botSays(/Here is what you told me/).user('yes');
  if (a.share) {
    chat.user('Share it');
    if (a.phone) chat.user('Yes, by phone').user(a.phone);
    else chat.user('No, thank you');
  } else {
    chat.user('Keep it private');
  }
  const said = await chat.botSays(/reference code/);
  const code = /reference code is ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})/.exec(said.text)![1];
  return { chat, code };
}

export async function allRecords(app: App): Promise<OutcomeRecord[]> {
  const out: OutcomeRecord[] = [];
  for await (const r of app.store.records.all()) out.push(r);
  return out;
}

/** The code's hidden behind the words: pulls the one shown after "Your code is". */
export function codeIn(text: string): string {
  return /code is ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})/.exec(text)![1];
}
