// Reading every record: a bare scan (what retention's daily purge and a practitioner's lookup do), and
// the report (src/report, issue 5) when it is built. Both in this process, on the store's files.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openLowdbStore } from '../src/records/lowdb-store.js';
import type { OutcomeRecord } from '../src/records/record.js';

type BuildReport = (records: AsyncIterable<OutcomeRecord>, options?: Record<string, unknown>) => Promise<unknown>;

export interface ScanFigures {
  records: number;
  scanMs: number;
  scanHeapMb: number;
  report: { status: string; ms?: number };
}

async function findBuildReport(): Promise<BuildReport | undefined> {
  const entry = path.join(process.cwd(), 'dist/src/report/build-report.js');
  if (!existsSync(entry)) return undefined;
  const mod = (await import(pathToFileURL(entry).href)) as { buildReport?: unknown };
  return typeof mod.buildReport === 'function' ? (mod.buildReport as BuildReport) : undefined;
}

export async function scanAndReport(dataDir: string): Promise<ScanFigures> {
  const store = await openLowdbStore(dataDir);
  try {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    let records = 0;
    const t0 = performance.now();
    for await (const r of store.records.all()) {
      if (r.id && ++records % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const scanMs = performance.now() - t0;
    const buildReport = await findBuildReport();
    let report: ScanFigures['report'] = { status: 'not built yet' };
    if (buildReport) {
      const t1 = performance.now();
      await buildReport(store.records.all(), {});
      report = { status: 'built', ms: Math.round(performance.now() - t1) };
    }
    return { records, scanMs: Math.round(scanMs), scanHeapMb: Math.round((peak - heapBefore) / 1e6), report };
  } finally {
    await store.close();
  }
}
