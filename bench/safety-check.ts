// The safeguarding check's cost per message, the phrase lists alone and with the risk model beside them,
// over every sentence of the safeguarding and understanding sets (long answers and one-word replies alike),
// in this process. The model's heap is read as the difference after a full collection. No text is printed.
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { readEverydayReplies, readSafetySet } from '../src/conversation/risk-model/sets.js';
import { EVERYDAY_SETS, FRESH_SETS } from '../src/conversation/risk-model/training-sets.js';
import { loadSafeguarding } from '../src/privacy/safeguarding-file.js';
import { percentile } from './client.js';

export interface SafetyCheckCost {
  messages: number;
  listsUs: { mean: number; p99: number };
  withModelUs: { mean: number; p99: number };
  modelHeapMb: number;
}

const ROUNDS = 5;

function sentences(): string[] {
  const safety = FRESH_SETS.flatMap((file) => {
    const set = readSafetySet(file);
    return [...set.disclosures, ...set.ordinary].map((s) => s.text);
  });
  const everyday = EVERYDAY_SETS.flatMap(readEverydayReplies);
  return [...safety, ...everyday];
}

function heapAfterCollect(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return v8.getHeapStatistics().used_heap_size;
}

function timed(check: (text: string) => string[], texts: string[]): { mean: number; p99: number } {
  for (const text of texts) check(text); // warm
  const micros: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const text of texts) {
      const began = performance.now();
      check(text);
      micros.push((performance.now() - began) * 1000);
    }
  }
  const mean = micros.reduce((a, b) => a + b, 0) / micros.length;
  return { mean: Math.round(mean), p99: Math.round(percentile(micros, 99)) };
}

export function safetyCheckCost(): SafetyCheckCost {
  const texts = sentences();
  const lists = loadSafeguarding({ model: false });
  const before = heapAfterCollect();
  const withModel = loadSafeguarding();
  withModel('he hit me'); // the English reader loads on first use
  const modelHeapMb = Math.round((heapAfterCollect() - before) / 1e5) / 10;
  return { messages: texts.length, listsUs: timed(lists, texts), withModelUs: timed(withModel, texts), modelHeapMb };
}
