// npm run bench: ours vs a plain echo bot on the same stack, store size 0 / 10k / 100k, memory, report.
// Every loop is bounded in count and time; everything talks to 127.0.0.1; no message text is printed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { carerConversation, Client, drive, echoConversation, percentile, type Recorder } from './client.js';
import { startProcess, type BotProcess } from './processes.js';
import { seedStore } from './seed.js';
import { profileOneTurn, type TurnProfile } from './profile.js';
import { reportTime } from './report.js';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const only = [...args].find((a) => a.startsWith('--only='))?.slice(7).split(',');
const phase = (name: string) => !only || only.includes(name);

const ROOT = process.cwd();
const BOT = path.join(ROOT, 'dist/src/index.js');
const ECHO = path.join(ROOT, 'dist/bench/echo-bot.js');
const ORGANISATION_FILE = 'test/fixtures/organisation.carer-only.yaml';
const SIZES = QUICK ? [0, 10_000] : [0, 10_000, 100_000];
const THROUGHPUT_MS = QUICK ? 4000 : 10_000;
const WARMUP_MS = QUICK ? 1000 : 2000;
const USERS = 50;

const round = (n: number, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function startBot(dataDir: string): Promise<BotProcess> {
  return startProcess(BOT, { DATA_DIR: dataDir, ORGANISATION_FILE });
}

function latency(values: number[]) {
  return { n: values.length, p50: round(percentile(values, 50), 2), p99: round(percentile(values, 99), 2) };
}

interface LoadFigures {
  turnsPerSecond: number | null;
  turns: number;
  errors: number;
  conversations: number;
  latencyMs: ReturnType<typeof latency>;
  confirmMs: ReturnType<typeof latency>;
}

function figures(run: { rec: Recorder; elapsedMs: number; measuredTurns: number }): LoadFigures {
  return {
    turnsPerSecond: round((run.measuredTurns / run.elapsedMs) * 1000, 0),
    turns: run.measuredTurns,
    errors: run.rec.errors,
    conversations: run.rec.conversations,
    latencyMs: latency(run.rec.turns),
    confirmMs: latency(run.rec.confirms),
  };
}

async function throughput(url: string, label: string, script: (seed: number) => ReturnType<typeof carerConversation>, users: number, thinkMs?: number) {
  const client = new Client(url, users);
  try {
    return figures(await drive({ client, users, durationMs: WARMUP_MS + THROUGHPUT_MS, warmupMs: WARMUP_MS, script, label, thinkMs }));
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'outcomes-bench-'));
  const started = performance.now();
  const result: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version, quick: QUICK } };
  try {
    if (phase('throughput')) {
      log(`echo bot: ${USERS} users, ${THROUGHPUT_MS / 1000} s`);
      const echo = await startProcess(ECHO, {});
      const echoFigures = await throughput(echo.url, 'echo', echoConversation, USERS);
      await echo.stop();

      log(`outcomes bot: ${USERS} users, whole carer conversations, ${THROUGHPUT_MS / 1000} s`);
      const dataDir = await mkdtemp(path.join(work, 'throughput-'));
      const bot = await startBot(dataDir);
      const oursFigures = await throughput(bot.url, 'ours', carerConversation, USERS);
      log(`outcomes bot: ${USERS} conversations at a person's pace`);
      const paced = await throughput(bot.url, 'paced', carerConversation, USERS, 250);
      await bot.stop();
      result.throughput = {
        users: USERS,
        echo: echoFigures,
        ours: oursFigures,
        ratio: round((oursFigures.turnsPerSecond ?? 0) / (echoFigures.turnsPerSecond ?? 1), 2),
        paced: { thinkMsMean: 250, ...paced },
      };
    }

    if (phase('store') || phase('memory')) {
      const bySize: Record<string, unknown> = {};
      let base: LoadFigures | undefined;
      for (const size of SIZES) {
        const dataDir = path.join(work, `store-${size}`);
        const t0 = performance.now();
        await seedStore(dataDir, size);
        const seedMs = performance.now() - t0;
        log(`store with ${size} records (seeded in ${Math.round(seedMs)} ms)`);
        const bot = await startBot(dataDir);
        const startRss = bot.rssMb();
        const client = new Client(bot.url, 10);
        // A fixed, modest load: 10 people at once, each whole conversation confirmed and stored.
        const run = figures(await drive({ client, users: 10, durationMs: QUICK ? 6000 : 12_000, warmupMs: 1000, conversationsPerUser: QUICK ? 8 : 20, script: carerConversation, label: `store${size}` }));
        base ??= run;
        const entry: Record<string, unknown> = {
          seedMs: round(seedMs, 0),
          rssAtStartMb: round(startRss),
          ...run,
          latencyRatio: { p50: round((run.latencyMs.p50 ?? 0) / (base.latencyMs.p50 ?? 1), 2), p99: round((run.latencyMs.p99 ?? 0) / (base.latencyMs.p99 ?? 1), 2) },
          confirmRatio: { p50: round((run.confirmMs.p50 ?? 0) / (base.confirmMs.p50 ?? 1), 2), p99: round((run.confirmMs.p99 ?? 0) / (base.confirmMs.p99 ?? 1), 2) },
        };
        if (size === SIZES[SIZES.length - 1] && phase('memory')) {
          // 1,000 conversations left in progress at varied points, on top of the stored records.
          log(`memory: 1,000 conversations in progress over ${size} records`);
          const inProgress = await drive({ client, users: 50, durationMs: 60_000, conversationsPerUser: 20, turnsPerConversation: (u) => 3 + ((u * 7) % 30), script: carerConversation, label: 'inprogress' });
          await new Promise((r) => setTimeout(r, 1000));
          entry.memory = { conversationsInProgress: inProgress.rec.errors === 0 ? 1000 : `1000 (errors ${inProgress.rec.errors})`, rssMb: round(bot.rssMb()) };
        }
        client.close();
        await bot.stop();
        bySize[String(size)] = entry;
      }
      result.storeSize = bySize;
    }

    if (phase('report')) {
      const size = SIZES[SIZES.length - 1];
      result.report = await reportTime(path.join(work, `store-${size}`), size);
    }

    if (phase('profile')) {
      log('profile of one turn');
      const profile: TurnProfile = await profileOneTurn(path.join(work, 'profile'), BOT, ORGANISATION_FILE);
      result.profile = profile;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  result.totalSeconds = round((performance.now() - started) / 1000, 0);
  printTable(result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

function printTable(r: Record<string, any>): void {
  const rows: [string, string, string][] = [];
  const t = r.throughput;
  if (t) {
    rows.push(['turns/s, echo bot (50 users)', String(t.echo.turnsPerSecond), '']);
    rows.push(['turns/s, ours (50 users, whole conversations)', String(t.ours.turnsPerSecond), '']);
    rows.push(['ratio ours / echo', String(t.ratio), t.ratio >= 0.5 ? 'met (>= 0.5)' : 'MISSED (>= 0.5)']);
    rows.push(['turn latency p50 / p99, 50 users flat out (ms)', `${t.ours.latencyMs.p50} / ${t.ours.latencyMs.p99}`, `echo ${t.echo.latencyMs.p50} / ${t.echo.latencyMs.p99}`]);
    rows.push([`turn latency p50 / p99, 50 conversations at a person's pace (ms)`, `${t.paced.latencyMs.p50} / ${t.paced.latencyMs.p99}`, t.paced.latencyMs.p99 < 50 ? 'met (< 50)' : 'MISSED (< 50)']);
  }
  for (const [size, e] of Object.entries<any>(r.storeSize ?? {})) {
    rows.push([`${size} records: turn p50 / p99 (ms), ratio to empty`, `${e.latencyMs.p50} / ${e.latencyMs.p99}`, `x${e.latencyRatio.p50} / x${e.latencyRatio.p99}`]);
    rows.push([`${size} records: confirm p50 / p99 (ms), ratio to empty`, `${e.confirmMs.p50} / ${e.confirmMs.p99}`, `x${e.confirmRatio.p50} / x${e.confirmRatio.p99}${e.confirmMs.p99 < 50 ? ', met (< 50)' : ', MISSED (< 50)'}`]);
    if (e.memory) rows.push([`RSS, ${size} records + 1,000 in progress (MB)`, String(e.memory.rssMb), e.memory.rssMb < 300 ? 'met (< 300)' : 'MISSED (< 300)']);
  }
  if (r.report) rows.push([`report over ${r.report.records ?? '?'} records`, r.report.ms === undefined ? String(r.report.status) : `${r.report.ms} ms`, '']);
  if (r.profile) {
    const p = r.profile;
    rows.push(['one turn, in process (ms): state / engine / cards / HTTP+SDK', `${p.stateMs} / ${p.engineMs} / ${p.cardsMs} / ${p.httpAndSdkMs}`, `of ${p.turnMs}`]);
  }
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length))];
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c}\n`);
  process.stdout.write('\n');
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
