// The everyday-replies corpus (test/understanding/*.yaml): what people type at each question and the meaning
// it should get. Read here, checked with zod, and each `expect` line parsed into a typed meaning, so the
// corpus test, the personas bench and any tuning test read it the same way. Format: test/understanding/README.md.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

export const ASKS = [
  'chooser',
  'consent',
  'what-matters',
  'quick-pass',
  'rating',
  'say-more',
  'what-would-help',
  'priorities',
  'summary',
  'change',
  'sharing',
  'contact',
  'stop-choice',
] as const;
export type Ask = (typeof ASKS)[number];

export const STYLES = ['rambling', 'short-misspelt', 'third-person', 'scots', 'emoji', 'plain'] as const;
export type Style = (typeof STYLES)[number];

export const SCRIPTS = ['carer', 'adult', 'care-home'] as const;
export type ScriptId = (typeof SCRIPTS)[number];

export const COMMANDS = ['pause', 'stop', 'back', 'skip', 'help', 'start-again', 'explain', 'leaving'] as const;
export type Command = (typeof COMMANDS)[number];

export const CHOICES = [
  'carer',
  'adult',
  'care-home',
  'for-someone',
  'private',
  'shared',
  'none',
  'phone',
  'email',
  'keep',
  'delete',
  'carry-on',
  'confirm',
  'change',
] as const;
export type Choice = (typeof CHOICES)[number];

/** A rating in a quick pass: a number, or "low" when the person said it is not fine without a number. */
export type QuickValue = number | 'low';

/** The meaning one reply should get; `words` says the text must be kept as the person's own words. */
export type Meaning =
  | { kind: 'yes' | 'no' | 'unsure' | 'nothing' | 'not-understood' | 'ambiguous' }
  | { kind: 'rating'; value: number; words: boolean }
  | { kind: 'between'; low: number; high: number; words: boolean }
  | { kind: 'unclear'; words: true }
  | { kind: 'declined' | 'not-applicable'; words: boolean }
  | { kind: 'words' }
  | { kind: 'choice'; choice: Choice }
  | { kind: 'outcomes'; ids: string[] }
  | { kind: 'quick'; ratings: Record<string, QuickValue>; rest?: number }
  | { kind: 'command'; command: Command };

const entrySchema = z
  .object({
    text: z.string().min(1),
    at: z.enum(ASKS),
    script: z.enum(SCRIPTS).default('carer'),
    outcome: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
    style: z.enum(STYLES),
    expect: z.string().min(1),
  })
  .strict();

export type CorpusEntry = z.infer<typeof entrySchema> & { meaning: Meaning };

const scale = z.coerce.number().int().min(1).max(5);
const single = new Set(['yes', 'no', 'unsure', 'nothing', 'not-understood', 'ambiguous', 'words']);

/** Parses one `expect` line; throws with the reason when it does not follow the grammar. */
export function parseExpect(expect: string): Meaning {
  const [head, ...rest] = expect.trim().split(/\s+/);
  const words = rest.at(-1) === '+words';
  const args = words ? rest.slice(0, -1) : rest;
  const none = () => {
    if (args.length > 0 || words) throw new Error(`"${head}" takes nothing after it`);
  };
  if (single.has(head)) {
    none();
    return { kind: head } as Meaning;
  }
  if ((COMMANDS as readonly string[]).includes(head)) {
    none();
    return { kind: 'command', command: head as Command };
  }
  switch (head) {
    case 'rating':
      if (args.length !== 1) throw new Error('rating takes one number');
      return { kind: 'rating', value: scale.parse(args[0]), words };
    case 'between': {
      if (args.length !== 2) throw new Error('between takes two numbers');
      const [low, high] = args.map((a) => scale.parse(a));
      if (low >= high) throw new Error('between: the first number must be the lower');
      return { kind: 'between', low, high, words };
    }
    case 'unclear':
      if (args.length > 0 || !words) throw new Error('unclear is written "unclear +words"');
      return { kind: 'unclear', words: true };
    case 'declined':
    case 'not-applicable':
      if (args.length > 0) throw new Error(`${head} takes only +words`);
      return { kind: head, words };
    case 'choice':
      if (args.length !== 1 || words) throw new Error('choice takes one id');
      return { kind: 'choice', choice: z.enum(CHOICES).parse(args[0]) };
    case 'outcomes':
      if (args.length === 0 || words) throw new Error('outcomes takes one or more ids');
      return { kind: 'outcomes', ids: args };
    case 'quick': {
      if (args.length === 0 || words) throw new Error('quick takes ID=N pairs');
      const ratings: Record<string, QuickValue> = {};
      let restValue: number | undefined;
      for (const pair of args) {
        const [id, value] = pair.split('=');
        if (!id || !value) throw new Error(`quick: "${pair}" is not ID=N`);
        if (id === 'rest') restValue = scale.parse(value);
        else ratings[id] = value === 'low' ? 'low' : scale.parse(value);
      }
      return { kind: 'quick', ratings, rest: restValue };
    }
    default:
      throw new Error(`unknown expect "${head}"`);
  }
}

/** Reads one corpus file; every entry checked, each error names the entry's position and text. */
export function loadCorpus(file: string): CorpusEntry[] {
  const raw: unknown = parse(readFileSync(file, 'utf8'));
  const list = z.array(z.unknown()).parse(raw);
  return list.map((item, index) => {
    const entry = entrySchema.safeParse(item);
    if (!entry.success) throw new Error(`${file} entry ${index + 1}: ${entry.error.message}`);
    try {
      return { ...entry.data, meaning: parseExpect(entry.data.expect) };
    } catch (error) {
      throw new Error(`${file} entry ${index + 1} ("${entry.data.text}"): ${(error as Error).message}`);
    }
  });
}
