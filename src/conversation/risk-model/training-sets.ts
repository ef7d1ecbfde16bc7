// Which sets the risk model learns from, and their fingerprint. The held-out sets (holdout*.yaml) are never here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Tuned on by the phrase lists too: the model learns from it, but it cannot show what the lists miss. */
export const BASE_SETS = ['test/safeguarding/corpus.yaml'];
/** Written by other hands and never tuned on by the lists: the threshold is chosen by cross-checking on these. */
export const FRESH_SETS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'k', 'l'].map((writer) => `test/safeguarding/writers-${writer}.yaml`);
/** Everyday replies from the conversation's tuning sets: ordinary answers the model must leave alone. */
export const EVERYDAY_SETS = ['test/understanding/tuning.yaml', 'test/understanding/tuning-2.yaml'];
/** The code that turns a message into features and features into weights: a change to either means training again. */
const TRAINING_CODE = ['src/conversation/risk-model/features.ts', 'src/conversation/risk-model/train.ts', 'src/conversation/risk-model/build.ts'];

export function trainingFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of [...BASE_SETS, ...FRESH_SETS, ...EVERYDAY_SETS, ...TRAINING_CODE]) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}
