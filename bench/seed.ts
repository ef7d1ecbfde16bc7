// Seeds store folders with generated completed records through the store's bulk path (one write per
// touched file). The records are generated once; a smaller store gets the first `count` of them.
import { spawnSync } from 'node:child_process';
import { importRecords, openFileStore } from '../src/records/file-store.js';
import { benchRecords } from './generate.js';

const BATCH = 10_000;

export async function seedStores(stores: { dataDir: string; count: number }[]): Promise<Map<string, number>> {
  const timings = new Map<string, number>();
  const records = benchRecords(Math.max(0, ...stores.map((s) => s.count)));
  for (const { dataDir, count } of stores) {
    const started = performance.now();
    const store = await openFileStore(dataDir);
    try {
      for (let i = 0; i < count; i += BATCH) await importRecords(store, records.slice(i, Math.min(count, i + BATCH)));
    } finally {
      await store.close();
    }
    timings.set(dataDir, performance.now() - started);
  }
  // Written out before anything is timed, so the disk is not still busy with the seed.
  spawnSync('sync');
  return timings;
}
