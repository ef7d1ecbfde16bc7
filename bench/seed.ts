// Seeds a store folder with generated completed records through the store's bulk path (one write per
// touched file), in batches so the bench never holds all of them in memory.
import { importRecords, openLowdbStore } from '../src/records/lowdb-store.js';
import type { OutcomeRecord } from '../src/records/record.js';
import { generateRecords } from './generate.js';

const BATCH = 10_000;

export async function seedStore(dataDir: string, count: number): Promise<void> {
  const store = await openLowdbStore(dataDir);
  try {
    let batch: OutcomeRecord[] = [];
    for (const record of generateRecords({ count, seed: 42 })) {
      batch.push(record);
      if (batch.length === BATCH) {
        await importRecords(store, batch);
        batch = [];
      }
    }
    if (batch.length) await importRecords(store, batch);
  } finally {
    await store.close();
  }
}
