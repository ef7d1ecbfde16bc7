// The risk model as shipped (config/safeguarding.model.json) and how it scores a message. Pure: the features
// come from features.ts, the weights from the file; `npm run train:safety` writes the file (train.ts).
import { z } from 'zod';
import { riskFeatures } from './features.js';

const Weights = z.object({ bias: z.number(), weights: z.record(z.string(), z.number()) });
export type Weights = z.infer<typeof Weights>;

export const RiskModel = z.object({
  /** A fingerprint of the training sets: the model test fails when they change and the model was not trained again. */
  trainedOn: z.string().min(1),
  /** Flag at or above this chance that a message tells of a risk (chosen in training; see docs/PRIVACY.md). */
  threshold: z.number().gt(0).lt(1),
  /** A match of the lists is let go when the model's chance is below this (0: never), unless a life may be at risk now. */
  vetoBelow: z.number().min(0).lt(1),
  /** Does the message tell of a risk at all. */
  risk: Weights,
  /** For a message the lists missed: which kind of risk it most likely tells of (one against the rest). */
  kinds: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), Weights),
});
export type RiskModel = z.infer<typeof RiskModel>;

/** The kind named when the model flags a message but no kind is likely enough to name. */
export const UNCLEAR_RISK = 'possible-risk';
// Below this, naming a kind would more often be wrong than right (cross-checked): the default words and every contact instead.
const KIND_AT_LEAST = 0.25;

export function chance(w: Weights, features: readonly string[]): number {
  let z = w.bias;
  for (const f of features) z += w.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

function likeliestKind(model: RiskModel, features: readonly string[]): string {
  let kind = UNCLEAR_RISK;
  let best = KIND_AT_LEAST;
  for (const [id, w] of Object.entries(model.kinds)) {
    const p = chance(w, features);
    if (p > best) [kind, best] = [id, p];
  }
  return kind;
}

/** Kinds the lists name that the model never overrules: a life may be at risk now. */
const NEVER_LET_GO = ['immediate-danger', 'harm-to-self'];

/** Whether a message is flagged, from what the lists named and the model's chance: the one rule for training and use. */
export function flagged(model: Pick<RiskModel, 'threshold' | 'vetoBelow'>, named: readonly string[], p: number): 'lists' | 'model' | undefined {
  if (named.length > 0 && (p >= model.vetoBelow || named.some((k) => NEVER_LET_GO.includes(k)))) return 'lists';
  return p >= model.threshold ? 'model' : undefined;
}

/**
 * The lists and the model together. What the lists name is kept, in their words, unless the model is all but
 * sure it is an ordinary sentence ("she took the lot of the scones"); what they miss, the model may flag.
 * What an organisation's own phrases match (`own`) is always kept: the model never learned their words.
 */
export function withRiskModel(lists: (text: string) => string[], model: RiskModel, own?: (text: string) => string[]): (text: string) => string[] {
  return (text) => {
    const named = lists(text);
    if (own && own(text).length > 0) return named;
    const features = riskFeatures(text);
    const by = flagged(model, named, chance(model.risk, features));
    return by === 'lists' ? named : by === 'model' ? [likeliestKind(model, features)] : [];
  };
}
