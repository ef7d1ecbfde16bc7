// One report worker thread (started by aggregate-in-workers.ts): opens the embedded store, counts its
// part of the records, and sends the tally back as plain data. Errors go back as one line, never text.
import { parentPort, workerData } from 'node:worker_threads';
import { encryptedStore } from '../records/encrypted-store.js';
import { parseKeyring } from '../records/keyring.js';
import { openFileStore } from '../records/file-store.js';
import { aggregate } from './aggregate.js';
import type { WorkerJob } from './aggregate-in-workers.js';
import { sendableTally } from './tally-transfer.js';
import { compileThemes } from './themes.js';

async function count({ store: onDisk, part, options }: WorkerJob) {
  const keyring = onDisk.dataKeys ? parseKeyring(onDisk.dataKeys) : undefined;
  const inner = await openFileStore(onDisk.dataDir, { keyring });
  try {
    const store = keyring ? encryptedStore(inner, keyring) : inner;
    const batches = store.records.reportBatches?.bind(store.records);
    if (!batches) throw new Error('the store keeps no report rows');
    return sendableTally(await aggregate({ reportBatches: () => batches(part) }, { ...options, themes: compileThemes(options.themes) }));
  } finally {
    await inner.close();
  }
}

count(workerData as WorkerJob).then(
  (tally) => parentPort?.postMessage({ tally }),
  (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message.split('\n')[0] : String(error) }),
);
