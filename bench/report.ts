// Times the report over the seeded store, once src/report exists (issue 5); until then says so.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function reportTime(dataDir: string, records: number): Promise<{ status: string; records: number; ms?: number }> {
  const entry = path.join(process.cwd(), 'dist/src/report/index.js');
  if (!existsSync(entry)) return { status: 'not built yet', records };
  const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  if (typeof mod.buildReport !== 'function') return { status: 'not built yet (no buildReport)', records };
  void dataDir;
  return { status: 'not wired yet', records };
}
