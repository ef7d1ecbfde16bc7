// A set of safeguarding sentences (test/safeguarding/*.yaml): disclosures by kind, ordinary sentences by the kind
// whose words they borrow, and judgement calls. The model trains on some sets; the tests measure on the others.
import { z } from 'zod';
import { readYamlFile } from '../yaml-file.js';

export const SafetySet = z.object({
  match: z.record(z.string(), z.array(z.string())),
  /** A flat list, or grouped by the kind whose words the sentences borrow. */
  noMatch: z.union([z.array(z.string()), z.record(z.string(), z.array(z.string()))]),
  judgement: z.array(z.object({ text: z.string(), flag: z.boolean(), why: z.string().min(10) })).default([]),
});
export type SafetySet = z.infer<typeof SafetySet>;

export interface Sentence {
  text: string;
  /** The kind a disclosure tells of, or the kind an ordinary sentence borrows words from. */
  kind: string;
}

export function readSafetySet(file: string): { disclosures: Sentence[]; ordinary: Sentence[]; judgement: SafetySet['judgement'] } {
  const set = readYamlFile(file, SafetySet, (m) => new Error(m));
  const grouped = Array.isArray(set.noMatch) ? { general: set.noMatch } : set.noMatch;
  return {
    disclosures: Object.entries(set.match).flatMap(([kind, texts]) => texts.map((text) => ({ kind, text }))),
    ordinary: Object.entries(grouped).flatMap(([kind, texts]) => texts.map((text) => ({ kind, text }))),
    judgement: set.judgement,
  };
}

const EverydayReplies = z.array(z.object({ text: z.string() }).passthrough());

/** The replies of an understanding set (test/understanding/*.yaml): everyday answers to the conversation's questions. */
export function readEverydayReplies(file: string): string[] {
  return readYamlFile(file, EverydayReplies, (m) => new Error(m)).map((r) => r.text);
}
