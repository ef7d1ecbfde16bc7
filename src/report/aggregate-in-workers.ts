// The report's one pass over the records on worker threads, each counting a part of the embedded
// store's shards (see tally-transfer.ts for why the parts add up exactly). The bot counts this way,
// so a manager's figures over 100,000 records (about a second of counting) never hold up the event
// loop that answers people's turns. The report command counts in its own thread: on this machine's
// two cores, two workers were no quicker than one thread, once each worker's start-up is paid.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../cards/files.js';
import type { StorePart } from '../records/store.js';
import type { AggregateOptions, Tally } from './aggregate.js';
import { mergeTallies, type SentTally } from './tally-transfer.js';
import type { ThemeDefinition } from '../theme-schema.js';

/** How a worker opens the same embedded store: its folder, and DATA_KEYS when free text is encrypted. */
export interface StoreOnDisk {
  dataDir: string;
  dataKeys?: string;
  /** Worker threads to count on, each a part of the shards. Default 1. */
  threads?: number;
}

/** The aggregate options as plain data: themes as their definitions (each worker compiles them). */
export type SendableOptions = Omit<AggregateOptions, 'themes'> & { themes: readonly ThemeDefinition[] };

export interface WorkerJob {
  store: StoreOnDisk;
  part: StorePart;
  options: SendableOptions;
}

/** The worker's compiled file. Under the tests this module runs from src/ as TypeScript, so the worker runs from the build (npm test builds first). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? path.join(projectRoot(), 'dist', 'src', 'report', 'aggregate-worker.js') : path.join(path.dirname(here), 'aggregate-worker.js');
}

/** False when the build is missing (tests run before a build): the caller then counts in its own thread. */
export function workersAvailable(): boolean {
  return existsSync(workerFile());
}

function runWorker(job: WorkerJob): Promise<SentTally> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), { workerData: job });
    worker.once('message', (m: { tally?: SentTally; error?: string }) => {
      if (m.tally) resolve(m.tally);
      else reject(new Error(m.error ?? 'the report worker sent nothing'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the report worker stopped (exit code ${code})`)));
  });
}

export async function aggregateInWorkers(store: StoreOnDisk, options: SendableOptions): Promise<Tally> {
  const threads = Math.max(1, store.threads ?? 1);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, index) =>
      runWorker({ store: { dataDir: store.dataDir, dataKeys: store.dataKeys }, part: { index, of: threads }, options }),
    ),
  );
  return mergeTallies(parts, {
    themes: options.themes.length,
    candidates: options.candidates,
    unmatchedLimit: options.unmatchedLimit,
    scripts: options.scripts,
    script: options.script,
  });
}
