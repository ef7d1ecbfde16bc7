// Reading every record, and the report (issue 5: under 2 s over 100,000 records). Measured as the
// product runs it, on the store's own files:
//   - a bare scan of all() (what the purge, the export and a practitioner's lookup read),
//   - the store's report rows (what the report reads instead, see src/records/report-rows.ts),
//   - buildReport in this process from the store (the figures, records read included),
//   - the same counted on a worker thread, as the bot does for a manager's figures in Teams,
//   - `npm run report`'s own process, start to exit, writing the HTML file with its charts,
//   - that process again with every rows file removed: the first report after an upgrade, which
//     makes them again from the segments (later reports read them),
//   - buildReport and the report command on a store encrypted at rest (DATA_KEYS), as production runs.
// No personal text is printed; the HTML goes to the bench's temporary folder.
import { spawnSync } from 'node:child_process';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScripts } from '../src/conversation/script-loader.js';
import { encryptedStore, mapRecordText } from '../src/records/encrypted-store.js';
import { newKeySpec, parseKeyring } from '../src/records/keyring.js';
import { importRecords, openFileStore } from '../src/records/file-store.js';
import { benchRecords } from './generate.js';
import { buildReport, reportSource } from '../src/report/build-report.js';

export interface ScanFigures {
  records: number;
  scanMs: number;
  scanHeapMb: number;
  rowsScanMs: number;
  rowsMb: number;
  /** Median of the runs, ms. */
  reportMs: number;
  reportRuns: number[];
  reportOnWorkerMs: number;
  cliMs: number;
  cliRuns: number[];
  htmlKb: number;
  cliFirstAfterUpgradeMs: number;
}

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return Math.round(performance.now() - t0);
}

/** The report command as an operator runs it (node directly, as `npm run report` does after its build). */
function runCli(root: string, dataDir: string, organisationFile: string, out: string, dataKeys = ''): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [path.join(root, 'dist/src/cli/report.js'), '--from', '2000-01-01', '--to', '2099-12-31', '--out', out], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, ORGANISATION_FILE: organisationFile, NODE_ENV: 'development', DATA_KEYS: dataKeys },
    encoding: 'utf8',
  });
  const ms = Math.round(performance.now() - t0);
  if (run.status !== 0) throw new Error(`report command failed (exit ${run.status}): ${run.stderr.split('\n')[0]}`);
  return ms;
}

export async function scanAndReport(dataDir: string, options: { root: string; organisationFile: string }): Promise<ScanFigures> {
  const scripts = loadScripts(path.join(options.root, 'dialogs'), ['carer', 'adult', 'care-home']);
  const store = await openFileStore(dataDir);
  const out = path.join(path.dirname(dataDir), 'bench-report.html');
  try {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    let records = 0;
    const scanMs = await timed(async () => {
      for await (const r of store.records.all()) {
        if (r.id && ++records % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    });
    const rowsScanMs = await timed(async () => {
      let rows = 0;
      for await (const batch of store.records.reportBatches?.() ?? []) rows += batch.rows.length;
      if (rows !== records) throw new Error(`report rows of ${rows} records, but ${records} records`);
    });
    const reportRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) reportRuns.push(await timed(() => buildReport(reportSource(store.records), { scripts })));
    const reportOnWorkerMs = await timed(() => buildReport(reportSource(store.records, { dataDir }), { scripts }));
    await store.close();

    const cliRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) cliRuns.push(runCli(options.root, dataDir, options.organisationFile, out));
    const htmlKb = Math.round((await stat(out)).size / 1024);
    const recordsDir = path.join(dataDir, 'records');
    const rowsFiles = (await readdir(recordsDir)).filter((f) => f.endsWith('.rows.json'));
    let rowsBytes = 0;
    for (const f of rowsFiles) rowsBytes += (await stat(path.join(recordsDir, f))).size;
    for (const f of rowsFiles) await rm(path.join(recordsDir, f));
    const cliFirstAfterUpgradeMs = runCli(options.root, dataDir, options.organisationFile, out);
    return {
      records,
      scanMs,
      scanHeapMb: Math.round((peak - heapBefore) / 1e6),
      rowsScanMs,
      rowsMb: Math.round(rowsBytes / 1e6),
      reportMs: median(reportRuns),
      reportRuns,
      reportOnWorkerMs,
      cliMs: median(cliRuns),
      cliRuns,
      htmlKb,
      cliFirstAfterUpgradeMs,
    };
  } finally {
    await store.close().catch(() => undefined);
    await rm(out, { force: true });
  }
}

export interface EncryptedReportFigures {
  records: number;
  seedSeconds: number;
  reportMs: number;
  reportRuns: number[];
  cliMs: number;
  cliRuns: number[];
}

/**
 * The report on a store encrypted at rest, as production runs (it refuses to start without DATA_KEYS):
 * records sealed field by field as the bot writes them, report rows sealed whole (segmented-records.ts).
 */
export async function encryptedReport(dataDir: string, count: number, options: { root: string; organisationFile: string }): Promise<EncryptedReportFigures> {
  const keys = newKeySpec('bench');
  const keyring = parseKeyring(keys);
  const scripts = loadScripts(path.join(options.root, 'dialogs'), ['carer', 'adult', 'care-home']);
  const out = path.join(path.dirname(dataDir), 'bench-report-encrypted.html');
  const t0 = performance.now();
  // Sealed as the decorator seals them, then imported in bulk on the store that holds the keys.
  const raw = await openFileStore(dataDir, { keyring });
  const all = benchRecords(count);
  for (let i = 0; i < all.length; i += 10_000) {
    await importRecords(
      raw,
      all.slice(i, i + 10_000).map((r) => JSON.parse(JSON.stringify(mapRecordText(r, keyring.encrypt.bind(keyring)))) as typeof r),
    );
  }
  await raw.close();
  spawnSync('sync');
  const seedSeconds = Math.round((performance.now() - t0) / 1000);
  const inner = await openFileStore(dataDir, { keyring });
  const store = encryptedStore(inner, keyring);
  try {
    const reportRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) reportRuns.push(await timed(() => buildReport(reportSource(store.records), { scripts })));
    await inner.close();
    const cliRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) cliRuns.push(runCli(options.root, dataDir, options.organisationFile, out, keys));
    return { records: count, seedSeconds, reportMs: median(reportRuns), reportRuns, cliMs: median(cliRuns), cliRuns };
  } finally {
    await inner.close().catch(() => undefined);
    await rm(out, { force: true });
  }
}
