// Flagged-conversation notices: when a conversation matches the safeguarding phrases and the organisation
// passes unshared flags on, a notice is kept even if the person never finishes or keeps it private, so a
// practitioner can see that it happened and act on it. A notice holds when, which kinds of harm, the channel,
// how far the conversation got, whether it was shared, links to the record or code once there are any, and,
// only if the person agreed to be contacted, how and when it is safe to (sealed with DATA_KEYS, as all
// personal text is: see sealed-flag-notices.ts). The words that were flagged only where the organisation's
// policy lets someone read them (safeguarding.policy.matchedWords; by default nobody, and they are not kept).
// One small JSON file (notices are rare); DATA_DIR/safeguarding/notices.json.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { PrivateJsonFile } from '../records/private-json-file.js';
import { z } from 'zod';
import { personalText } from '../conversation/personal-text.js';

/** Whether, how and when someone may get in touch, as the person answered the bot's safety question. */
export const FlagContact = z.object({
  method: z.enum(['none', 'phone', 'email']),
  detail: personalText('safeguarding.contact.detail').optional(),
  when: personalText('safeguarding.contact.when').optional(),
});
export type FlagContact = z.infer<typeof FlagContact>;

export const FlagNotice = z.object({
  id: z.string(),
  /** A hash of the conversation id, so later flags in the same conversation update this notice. */
  conversationRef: z.string(),
  firstAt: z.string(),
  lastAt: z.string(),
  categories: z.array(z.string()),
  channel: z.string(),
  script: z.string().optional(),
  /** Whether the person had agreed to the privacy notice when it was flagged. */
  consented: z.boolean(),
  /** The step the conversation was at when last flagged (no words, just where: "what-matters", "done"). */
  step: z.string(),
  /** Set once the conversation has a reference code (paused or finished), so "forget me" finds it. */
  subjectRef: z.string().optional(),
  /** Set when the conversation became a record. */
  recordId: z.string().optional(),
  /** What the person chose at the sharing question, once they answered it. */
  sharing: z.enum(['private', 'shared']).optional(),
  /** Their answer to "may someone get in touch?", once given (kept after they stop or leave; gone if they delete). */
  contact: FlagContact.optional(),
  /**
   * The messages that were flagged, newest last (at most MAX_WORDS), kept only where the organisation lets
   * someone read them (safeguarding.policy.matchedWords); sealed at rest.
   */
  words: z.array(personalText('safeguarding.words')).max(5).optional(),
});
export type FlagNotice = z.infer<typeof FlagNotice>;

export interface Flagged {
  conversationId: string;
  at: string;
  categories: string[];
  channel: string;
  script?: string;
  consented: boolean;
  step: string;
  subjectRef?: string;
  recordId?: string;
  sharing?: FlagNotice['sharing'];
  /** The message that was flagged, only where the organisation's policy lets someone read it. */
  words?: string;
}

/** How many flagged messages a notice keeps (the newest). */
const MAX_WORDS = 5;

function addWords(kept: string[] | undefined, words: string | undefined): string[] | undefined {
  return words ? [...(kept ?? []), words].slice(-MAX_WORDS) : kept;
}

/** What changes on a notice after the flag: the contact answer (null removes it) and the sharing choice. */
export interface FlagDetails {
  contact?: FlagContact | null;
  sharing?: FlagNotice['sharing'];
}

/** A notice with its later details applied. */
export function withDetails(notice: FlagNotice, details: FlagDetails): FlagNotice {
  const { contact, ...rest } = notice;
  const kept = details.contact === null ? rest : { ...rest, ...(details.contact ? { contact: details.contact } : contact ? { contact } : {}) };
  return details.sharing ? { ...kept, sharing: details.sharing } : kept;
}

/** A new notice, or the conversation's notice with a later flag merged in. */
export function mergeFlag(existing: FlagNotice | undefined, ref: string, flag: Flagged): FlagNotice {
  if (!existing)
    return FlagNotice.parse({
      id: randomUUID(),
      conversationRef: ref,
      firstAt: flag.at,
      lastAt: flag.at,
      ...flag,
      conversationId: undefined,
      words: addWords(undefined, flag.words),
    });
  return {
    ...existing,
    lastAt: flag.at,
    categories: [...new Set([...existing.categories, ...flag.categories])],
    consented: existing.consented || flag.consented,
    step: flag.step,
    subjectRef: flag.subjectRef ?? existing.subjectRef,
    recordId: flag.recordId ?? existing.recordId,
    sharing: flag.sharing ?? existing.sharing,
    words: addWords(existing.words, flag.words),
  };
}

export interface FlagNotices {
  /** Adds a notice for the conversation, or updates its notice (categories merged). */
  flagged(flag: Flagged): Promise<FlagNotice>;
  /** Adds the code or record to a conversation's notice, if it has one. */
  link(conversationId: string, links: { subjectRef?: string; recordId?: string }): Promise<void>;
  /** Notes the contact answer or the sharing choice on a conversation's notice, if it has one. */
  update(conversationId: string, details: FlagDetails): Promise<void>;
  list(): Promise<FlagNotice[]>;
  deleteBySubject(subjectRef: string): Promise<number>;
  deleteRecord(recordId: string): Promise<number>;
  /** Rewrites every notice through `change` (npm run rotate-keys seals their personal text under the current key); returns how many. */
  rewrite(change: (notice: FlagNotice) => FlagNotice): Promise<number>;
  /** Removes notices last flagged before `iso`. */
  deleteOlderThan(iso: string): Promise<number>;
}

export function conversationRefFor(conversationId: string): string {
  return createHash('sha256').update(`flag:${conversationId}`).digest('hex');
}

interface Data {
  notices: FlagNotice[];
}

export async function openFlagNotices(dataDir: string): Promise<FlagNotices> {
  const dir = path.join(dataDir, 'safeguarding');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'notices.json');
  const db = new Low<Data>(
    new PrivateJsonFile<Data>(file, {
      parse: (text) => {
        try {
          return { notices: z.array(FlagNotice).parse((JSON.parse(text) as Data).notices) };
        } catch {
          throw new Error(`${file}: not a valid notices file`);
        }
      },
      stringify: (data) => JSON.stringify(data),
    }),
    { notices: [] },
  );
  await db.read();
  let chain: Promise<unknown> = Promise.resolve();
  const change = <T>(fn: (notices: FlagNotice[]) => { notices: FlagNotice[]; result: T }): Promise<T> => {
    const run = chain.then(async () => {
      const { notices, result } = fn(db.data.notices);
      if (notices !== db.data.notices) {
        db.data = { notices };
        await db.write();
      }
      return result;
    });
    chain = run.catch(() => undefined);
    return run;
  };
  const remove = (keep: (n: FlagNotice) => boolean) =>
    change((notices) => {
      const kept = notices.filter(keep);
      return { notices: kept.length === notices.length ? notices : kept, result: notices.length - kept.length };
    });

  return {
    flagged: (flag) =>
      change((notices) => {
        const ref = conversationRefFor(flag.conversationId);
        const existing = notices.find((n) => n.conversationRef === ref);
        const notice = mergeFlag(existing, ref, flag);
        return { notices: [...notices.filter((n) => n !== existing), notice], result: notice };
      }),
    link: (conversationId, links) =>
      change((notices) => {
        const ref = conversationRefFor(conversationId);
        if (!notices.some((n) => n.conversationRef === ref)) return { notices, result: undefined };
        return { notices: notices.map((n) => (n.conversationRef === ref ? { ...n, ...links } : n)), result: undefined };
      }),
    update: (conversationId, details) =>
      change((notices) => {
        const ref = conversationRefFor(conversationId);
        if (!notices.some((n) => n.conversationRef === ref)) return { notices, result: undefined };
        return { notices: notices.map((n) => (n.conversationRef === ref ? FlagNotice.parse(withDetails(n, details)) : n)), result: undefined };
      }),
    rewrite: (fn) =>
      change((notices) => (notices.length ? { notices: notices.map((n) => FlagNotice.parse(fn(n))), result: notices.length } : { notices, result: 0 })),
    list: async () => {
      await chain;
      return db.data.notices.map((n) => ({ ...n }));
    },
    deleteBySubject: (subjectRef) => remove((n) => n.subjectRef !== subjectRef),
    deleteRecord: (recordId) => remove((n) => n.recordId !== recordId),
    deleteOlderThan: (iso) => remove((n) => Date.parse(n.lastAt) >= Date.parse(iso)),
  };
}
