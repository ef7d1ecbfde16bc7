// npm run bench:two-instances [-- --quick]: the same load on one instance (lowdb, then PostgreSQL) and on
// two instances sharing one PostgreSQL, each turn of a conversation going to the other instance (as a
// load balancer without affinity would send it). Loopback only; no message text is printed.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a server where a database may be created), else a
// throwaway cluster started here, as the tests do.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { testDatabase } from '../test/support/postgres.js';
import { carerConversation, Client, drive, percentile, type Recorder, type Reply } from './client.js';
import { startProcess, type BotProcess } from './processes.js';

const QUICK = process.argv.includes('--quick');
const BOT = path.join(process.cwd(), 'dist/src/index.js');
const ORGANISATION_FILE = 'test/fixtures/organisation.carer-only.yaml';
const USERS = 50;
const DURATION_MS = QUICK ? 5000 : 15_000;
const WARMUP_MS = QUICK ? 1000 : 2000;

const round = (n: number, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Sends each request to the next instance in turn. */
class Alternating extends Client {
  private readonly clients: Client[];
  private next = 0;

  constructor(urls: string[], sockets: number) {
    super(urls[0], sockets);
    this.clients = urls.map((url) => new Client(url, sockets));
  }

  override post(route: string, payload: unknown): Promise<Reply> {
    return this.clients[this.next++ % this.clients.length].post(route, payload);
  }

  override close(): void {
    super.close();
    for (const c of this.clients) c.close();
  }
}

interface Figures {
  instances: number;
  store: string;
  turnsPerSecond: number | null;
  errors: number;
  conversations: number;
  turnMs: { p50: number | null; p99: number | null };
  confirmMs: { p50: number | null; p99: number | null };
  rssMb: (number | null)[];
}

async function measure(store: string, bots: BotProcess[]): Promise<Figures> {
  const client =
    bots.length === 1
      ? new Client(bots[0].url, USERS)
      : new Alternating(
          bots.map((b) => b.url),
          USERS,
        );
  try {
    const run: { rec: Recorder; elapsedMs: number; measuredTurns: number } = await drive({
      client,
      users: USERS,
      durationMs: WARMUP_MS + DURATION_MS,
      warmupMs: WARMUP_MS,
      script: carerConversation,
      label: `${store}x${bots.length}`,
    });
    return {
      instances: bots.length,
      store,
      turnsPerSecond: round((run.measuredTurns / run.elapsedMs) * 1000, 0),
      errors: run.rec.errors,
      conversations: run.rec.conversations,
      turnMs: { p50: round(percentile(run.rec.turns, 50), 2), p99: round(percentile(run.rec.turns, 99), 2) },
      confirmMs: { p50: round(percentile(run.rec.confirms, 50), 2), p99: round(percentile(run.rec.confirms, 99), 2) },
      rssMb: bots.map((b) => round(b.rssMb())),
    };
  } finally {
    client.close();
  }
}

async function withBots<T>(count: number, env: Record<string, string>, fn: (bots: BotProcess[]) => Promise<T>): Promise<T> {
  const bots = await Promise.all(Array.from({ length: count }, () => startProcess(BOT, { ORGANISATION_FILE, ...env })));
  try {
    return await fn(bots);
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const work = await mkdtemp(path.join(os.tmpdir(), 'outcomes-bench-two-'));
  const shared = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (shared) process.env.TEST_DATABASE_URL = shared;
  const results: Figures[] = [];
  try {
    log(`one instance, lowdb: ${USERS} users, ${DURATION_MS / 1000} s`);
    results.push(await withBots(1, { DATA_DIR: path.join(work, 'lowdb') }, (bots) => measure('lowdb', bots)));

    const one = await testDatabase();
    try {
      log(`one instance, PostgreSQL: ${USERS} users, ${DURATION_MS / 1000} s`);
      results.push(await withBots(1, { DATABASE_URL: one.url }, (bots) => measure('postgres', bots)));
    } finally {
      await one.drop();
    }

    const two = await testDatabase();
    try {
      log(`two instances, one PostgreSQL, turns alternating: ${USERS} users, ${DURATION_MS / 1000} s`);
      results.push(await withBots(2, { DATABASE_URL: two.url }, (bots) => measure('postgres', bots)));
    } finally {
      await two.drop();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const header = ['', 'turns/s', 'turn p50 / p99 ms', 'confirm p50 / p99 ms', 'errors', 'RSS MB'];
  const rows = results.map((r) => [
    `${r.instances} instance${r.instances > 1 ? 's' : ''}, ${r.store}`,
    String(r.turnsPerSecond),
    `${r.turnMs.p50} / ${r.turnMs.p99}`,
    `${r.confirmMs.p50} / ${r.confirmMs.p99}`,
    String(r.errors),
    r.rssMb.join(' + '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) process.stdout.write(`${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}\n`);
  process.stdout.write(`\n(${os.cpus().length} CPUs shared by the load, the instances and PostgreSQL; compare ratios, not absolutes)\n`);
  process.stdout.write(
    `${JSON.stringify({ machine: { cpus: os.cpus().length, node: process.version, quick: QUICK }, users: USERS, durationMs: DURATION_MS, results, totalSeconds: round((performance.now() - started) / 1000, 0) }, null, 2)}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
