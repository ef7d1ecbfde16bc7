// Trains the risk model's weights: logistic regression over a message's features, by stochastic gradient descent.
// Hand-written on purpose: the JavaScript libraries for it (ml-logistic-regression, natural's classifier) work on
// dense matrices or keep their own feature scheme, and tens of thousands of sparse string features fit neither.
// Deterministic: the same examples in the same order always give the same weights.
import type { Weights } from './model.js';

export interface Example {
  features: readonly string[];
  /** 1: tells of a risk (or of this kind); 0: does not. */
  label: 0 | 1;
}

export interface TrainingOptions {
  epochs?: number;
  rate?: number;
  l2?: number;
  /** Weights smaller than this are dropped from the file: they barely move a chance, and they cost memory. */
  keepAtLeast?: number;
}

/** A small seeded generator, so the shuffles (and so the weights) are the same on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

export function trainWeights(examples: readonly Example[], { epochs = 30, rate = 0.5, l2 = 1e-4, keepAtLeast = 0.02 }: TrainingOptions = {}): Weights {
  const w = new Map<string, number>();
  let bias = 0;
  const order = examples.map((_, i) => i);
  const random = seeded(42);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const step = rate / (1 + epoch * 0.2);
    for (const i of order) {
      const { features, label } = examples[i];
      let z = bias;
      for (const f of features) z += w.get(f) ?? 0;
      // Scaled by the message's length, so a long message does not outweigh a short one.
      const gradient = (1 / (1 + Math.exp(-z)) - label) / Math.sqrt(Math.max(1, features.length));
      for (const f of features) {
        const v = w.get(f) ?? 0;
        w.set(f, v - step * (gradient + l2 * v));
      }
      bias -= step * gradient;
    }
  }
  return { bias: round(bias), weights: Object.fromEntries([...w].filter(([, v]) => Math.abs(v) >= keepAtLeast).map(([f, v]) => [f, round(v)])) };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
