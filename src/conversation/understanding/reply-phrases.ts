// How people answer, as data: dialogs/replies/LOCALE.yaml, checked with zod and loaded with the scripts.
import { z } from 'zod';

const phrase = z.string().trim().min(1, 'must not be empty');
const phrases = z.array(phrase).default([]);

export const ReplyPhrases = z.object({
  locale: z.string(),
  yes: phrases,
  no: phrases,
  unsure: phrases,
  nothing: phrases,
  explain: phrases,
  leaving: phrases,
  /** Rating words by value on the usual five-point scale; a script's own option aliases come first. */
  ratings: z.record(z.string().regex(/^\d+$/, 'must be a number'), phrases).default({}),
  between: z.array(z.object({ words: z.array(phrase).min(1), values: z.tuple([z.number().int(), z.number().int()]) })).default([]),
  negations: phrases,
  ratingConnectors: phrases,
  listSeparators: phrases,
  allAreas: phrases,
  except: phrases,
  notFine: phrases,
  /** Who someone may fill it in for: never a name, only a relationship ("your mum"). */
  relationships: z.array(z.object({ id: z.string().regex(/^[a-z][a-z-]*$/), label: phrase, whom: phrase, keywords: phrases })).default([]),
  /** Other words for a script's choices, by the text key of the choice ("contactPhone": phone, call, ring). */
  choiceWords: z.record(z.string(), phrases).default({}),
});
export type ReplyPhrases = z.infer<typeof ReplyPhrases>;

/** No phrases at all: a script loaded without a replies file still works, understanding only its own words. */
export const NO_REPLY_PHRASES: ReplyPhrases = ReplyPhrases.parse({ locale: 'none' });
