// npm run bench [-- --quick] [-- --only=throughput,store,scan,report,profile,safety]: ours against a plain echo bot on
// the same stack, turn and confirm latency over stores of 0 / 10,000 / 100,000 records, resident memory,
// a full scan and the report. Bots run in their own processes on 127.0.0.1; the load runs here. Every loop
// is bounded in count and time. Measurements of two bots are interleaved in short rounds, so a busy
// machine (other work on the same cores) weighs on both alike. No message text is ever printed.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openFileStore } from '../src/records/file-store.js';
import { newRecordId } from '../src/records/record-id.js';
import { carerConversation, Client, drive, echoConversation, percentile, Recorder, type Conversation } from './client.js';
import { benchRecords } from './generate.js';
import { startOptions, startProcess, type BotProcess } from './processes.js';
import { encryptedReport, scanAndReport } from './report.js';
import { seedStores } from './seed.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const phase = (name: string) => !only || only.includes(name);

const ROOT = process.cwd();
const BOT = path.join(ROOT, 'dist/src/index.js');
const ECHO = path.join(ROOT, 'dist/bench/echo-bot.js');
const ORGANISATION_FILE = 'test/fixtures/organisation.bench.yaml';
const SIZES = QUICK ? [0, 10_000] : [0, 10_000, 100_000];
const USERS = 50;
/** A person reads the reply and answers; here after 0 to 500 ms (mean 250), far quicker than anyone types. */
const PACED_THINK_MS = 250;
const STORE_USERS = 10;
const STORE_THINK_MS = 20;
const IN_PROGRESS = 1000;

const round = (n: number, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => os.loadavg().map((n) => round(n, 2));

interface Tally {
  rec: Recorder;
  turns: number;
  elapsedMs: number;
  cpuMs: number;
}

const tally = (): Tally => ({ rec: new Recorder(), turns: 0, elapsedMs: 0, cpuMs: 0 });

function latency(values: number[]) {
  return { n: values.length, p50: round(percentile(values, 50), 2), p99: round(percentile(values, 99), 2) };
}

function summary(t: Tally) {
  return {
    turnsPerSecond: round((t.turns / t.elapsedMs) * 1000, 0),
    turns: t.turns,
    conversationsCompleted: t.rec.conversations,
    errors: t.rec.errors,
    cpuMsPerTurn: round(t.cpuMs / t.turns, 3),
    latencyMs: latency(t.rec.turns),
    confirmMs: latency(t.rec.confirms),
  };
}

interface Target {
  bot: BotProcess;
  client: Client;
  script: (seed: number) => Conversation;
  label: string;
}

function target(bot: BotProcess, script: (seed: number) => Conversation, label: string, sockets = USERS): Target {
  return { bot, client: new Client(bot.url, sockets), script, label };
}

/** One bounded stretch of load on one bot, added to its tally. */
async function stretch(t: Target, into: Tally, options: { users: number; ms: number; thinkMs?: number; conversationsPerUser?: number }): Promise<void> {
  const cpu0 = t.bot.cpuMs();
  const run = await drive({
    client: t.client,
    users: options.users,
    durationMs: options.ms,
    warmupMs: 0,
    thinkMs: options.thinkMs,
    conversationsPerUser: options.conversationsPerUser,
    script: t.script,
    label: t.label,
  });
  into.cpuMs += t.bot.cpuMs() - cpu0;
  into.turns += run.measuredTurns;
  into.elapsedMs += run.elapsedMs;
  into.rec.merge(run.rec);
}

/** Alternates stretches between targets, `rounds` times, each round starting one further along (so each goes first, second, ... in turn). */
async function interleave(targets: Target[], rounds: number, options: Parameters<typeof stretch>[2]): Promise<Tally[]> {
  const tallies = targets.map(tally);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < targets.length; k++) {
      const i = (r + k) % targets.length;
      await stretch(targets[i], tallies[i], options);
    }
  }
  return tallies;
}

async function throughputPhase(work: string) {
  const echo = target(await startProcess(ECHO, {}), echoConversation, 'echo');
  const ours = target(await startProcess(BOT, { DATA_DIR: await mkdtemp(path.join(work, 'throughput-')), ORGANISATION_FILE }), carerConversation, 'ours');
  try {
    log(`throughput: ${USERS} users flat out, echo and ours in alternating rounds`);
    await interleave([echo, ours], 1, { users: USERS, ms: 1500 }); // warm-up, not counted
    const [e, o] = await interleave([echo, ours], QUICK ? 2 : 4, { users: USERS, ms: 2500 });
    log(`latency: ${USERS} conversations at a person's pace (think 0-${PACED_THINK_MS * 2} ms)`);
    const [pe, po] = await interleave([echo, ours], 1, { users: USERS, ms: QUICK ? 5000 : 10_000, thinkMs: PACED_THINK_MS });
    const echoFigures = summary(e);
    const oursFigures = summary(o);
    return {
      users: USERS,
      echo: echoFigures,
      ours: oursFigures,
      ratio: round((oursFigures.turnsPerSecond ?? 0) / (echoFigures.turnsPerSecond ?? 1), 2),
      cpuRatio: round((echoFigures.cpuMsPerTurn ?? 0) / (oursFigures.cpuMsPerTurn ?? 1), 2),
      paced: { thinkMsMean: PACED_THINK_MS, echo: summary(pe), ours: summary(po) },
    };
  } finally {
    for (const t of [echo, ours]) t.client.close();
    await Promise.all([echo.bot.stop(), ours.bot.stop()]);
  }
}

async function storePhase(work: string) {
  const dirs = SIZES.map((size) => ({ size, dataDir: path.join(work, `store-${size}`) }));
  log(`seeding ${SIZES.join(' / ')} records`);
  const seeded = await seedStores(dirs.map((d) => ({ dataDir: d.dataDir, count: d.size })));
  const targets = await Promise.all(
    dirs.map(async (d) => target(await startProcess(BOT, { DATA_DIR: d.dataDir, ORGANISATION_FILE }), carerConversation, `store${d.size}`, STORE_USERS)),
  );
  const rssAtStart = targets.map((t) => t.bot.rssMb());
  const peak = targets.map((t) => t.bot.rssMb());
  const sampler = setInterval(() => targets.forEach((t, i) => (peak[i] = Math.max(peak[i], t.bot.rssMb()))), 250);
  try {
    await interleave(targets, 1, { users: 5, ms: 10_000, conversationsPerUser: 1, thinkMs: STORE_THINK_MS }); // warm-up
    log(`memory: ${IN_PROGRESS} conversations left in progress on the empty and the largest store`);
    const memoryOn = [0, targets.length - 1];
    await Promise.all(
      memoryOn.map(async (i) => {
        const client = new Client(targets[i].bot.url, 50);
        try {
          // Each left after 3 to 32 turns: some just begun, some nearly at the summary.
          await drive({
            client,
            users: 50,
            durationMs: 90_000,
            conversationsPerUser: IN_PROGRESS / 50,
            turnsPerConversation: (u) => 3 + ((u * 7) % 30),
            script: carerConversation,
            label: `inprogress${i}`,
          });
        } finally {
          client.close();
        }
      }),
    );
    // The bot's retention purge reads every record a minute after start (and daily): wait for it, so
    // memory is measured with every shard's index loaded, as after a day's running, and the rounds
    // below time ordinary turns, not turns beside that once-a-day read.
    const purged = (await Promise.all(targets.map((t) => t.bot.waitForEvent('retention.purged', 75_000)))).every(Boolean);
    await new Promise((r) => setTimeout(r, 5000));
    const rssAfter = targets.map((t) => t.bot.rssMb());

    log(`turns and confirms: ${STORE_USERS} people at once on each store, in alternating rounds`);
    const tallies = await interleave(targets, QUICK ? 2 : 6, { users: STORE_USERS, ms: 15_000, conversationsPerUser: 2, thinkMs: STORE_THINK_MS });

    const base = summary(tallies[0]);
    const bySize: Record<string, unknown> = {};
    dirs.forEach((d, i) => {
      const s = summary(tallies[i]);
      bySize[String(d.size)] = {
        seedMs: round(seeded.get(d.dataDir) ?? NaN, 0),
        ...s,
        latencyRatio: { p50: round((s.latencyMs.p50 ?? 0) / (base.latencyMs.p50 ?? 1), 2), p99: round((s.latencyMs.p99 ?? 0) / (base.latencyMs.p99 ?? 1), 2) },
        confirmRatio: { p50: round((s.confirmMs.p50 ?? 0) / (base.confirmMs.p50 ?? 1), 2), p99: round((s.confirmMs.p99 ?? 0) / (base.confirmMs.p99 ?? 1), 2) },
        rssMb: { atStart: round(rssAtStart[i]), withInProgress: memoryOn.includes(i) ? round(rssAfter[i]) : undefined, peak: round(peak[i]) },
      };
    });
    return { users: STORE_USERS, thinkMsMean: STORE_THINK_MS, inProgress: IN_PROGRESS, afterDailyPurge: purged, bySize };
  } finally {
    clearInterval(sampler);
    for (const t of targets) t.client.close();
    await Promise.all(targets.map((t) => t.bot.stop()));
  }
}

/** The store's own cost of a confirm, without HTTP: records.add on each store, interleaved, from a cold start. */
async function storeAddPhase(work: string) {
  const count = QUICK ? 30 : 150;
  const fresh = benchRecords(count, 99);
  const stores = await Promise.all(SIZES.map(async (size) => ({ size, store: await openFileStore(path.join(work, `store-${size}`)) })));
  const times = SIZES.map(() => [] as number[]);
  try {
    for (let i = 0; i < count; i++) {
      for (const [k, { store }] of stores.entries()) {
        const record = { ...fresh[i], id: newRecordId(`${fresh[i].subjectRef}:${k}`) };
        const t0 = performance.now();
        await store.records.add(record);
        times[k].push(performance.now() - t0);
      }
    }
  } finally {
    await Promise.all(stores.map((s) => s.store.close()));
  }
  return Object.fromEntries(
    SIZES.map((size, k) => [
      String(size),
      { n: count, p50: round(percentile(times[k], 50), 2), p99: round(percentile(times[k], 99), 2), max: round(Math.max(...times[k]), 2) },
    ]),
  );
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'outcomes-bench-'));
  const started = performance.now();
  const result: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version, quick: QUICK, loadAtStart: load() } };
  try {
    if (phase('throughput')) result.throughput = await throughputPhase(work);
    if (phase('store') || phase('scan')) {
      result.storeSize = await storePhase(work);
      log('store add, in process');
      result.storeAddMs = await storeAddPhase(work);
    }
    if (phase('scan') || phase('report')) {
      const size = SIZES[SIZES.length - 1];
      const dataDir = path.join(work, `store-${size}`);
      // `--only=report` seeds the largest store on its own (about 15 s), without the bots of the store phase.
      if (!existsSync(dataDir)) {
        log(`seeding ${size} records for the report`);
        await seedStores([{ dataDir, count: size }]);
      }
      log(`full scan and report over ${size} records`);
      result.scan = await scanAndReport(dataDir, { root: ROOT, organisationFile: ORGANISATION_FILE });
      await rm(dataDir, { recursive: true, force: true });
      log(`the report over ${size} records encrypted at rest (seeding takes about a minute: every value is sealed)`);
      result.encryptedReport = await encryptedReport(path.join(work, `store-encrypted-${size}`), size, { root: ROOT, organisationFile: ORGANISATION_FILE });
    }
    if (phase('safety')) {
      log('the safeguarding check per message, lists alone and with the risk model');
      result.safety = (await import('./safety-check.js')).safetyCheckCost();
    }
    if (phase('profile')) {
      log('profile of one turn');
      await mkdir(path.join(work, 'profile'), { recursive: true });
      // Imported only here: it loads the whole app into this process.
      const { profileOneTurn, profileUnderLoad } = await import('./profile.js');
      result.profile = await profileOneTurn(path.join(work, 'profile'), { bot: BOT, echo: ECHO, organisationFile: ORGANISATION_FILE });
      log('where the event loop goes, 20 users flat out (V8 sampling profiler)');
      result.cpuShares = await profileUnderLoad(path.join(work, 'cpu'), { bot: BOT, organisationFile: ORGANISATION_FILE }, startOptions());
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  (result.machine as Record<string, unknown>).loadAtEnd = load();
  result.totalSeconds = round((performance.now() - started) / 1000, 0);
  printTable(result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the table reads back the figures printed as JSON below, whatever phases ran */
function printTable(r: Record<string, any>): void {
  const rows: [string, string, string][] = [];
  const verdict = (ok: boolean, target: string) => (ok ? `met (${target})` : `MISSED (${target})`);
  const t = r.throughput;
  if (t) {
    rows.push(['turns/s echo bot / ours (50 users flat out)', `${t.echo.turnsPerSecond} / ${t.ours.turnsPerSecond}`, '']);
    rows.push(['throughput ratio ours / echo', String(t.ratio), verdict(t.ratio >= 0.5, '>= 0.5')]);
    rows.push(['bot CPU ms per turn, echo / ours', `${t.echo.cpuMsPerTurn} / ${t.ours.cpuMsPerTurn}`, `capacity ratio ${t.cpuRatio}`]);
    rows.push([
      'turn p50 / p99 ms, 50 users flat out',
      `${t.ours.latencyMs.p50} / ${t.ours.latencyMs.p99}`,
      `echo ${t.echo.latencyMs.p50} / ${t.echo.latencyMs.p99}`,
    ]);
    rows.push([
      `turn p50 / p99 ms, 50 conversations at a person's pace`,
      `${t.paced.ours.latencyMs.p50} / ${t.paced.ours.latencyMs.p99}`,
      `${verdict(t.paced.ours.latencyMs.p99 < 50, 'p99 < 50')}; echo ${t.paced.echo.latencyMs.p50} / ${t.paced.echo.latencyMs.p99}`,
    ]);
  }
  const sizes = r.storeSize?.bySize ?? {};
  const largest = Object.keys(sizes).at(-1);
  for (const [size, e] of Object.entries<any>(sizes)) {
    const big = size === largest && size !== '0';
    rows.push([
      `${size} records: turn p50 / p99 ms (x empty)`,
      `${e.latencyMs.p50} / ${e.latencyMs.p99}`,
      `x${e.latencyRatio.p50} / x${e.latencyRatio.p99}${big ? `; ${verdict(e.latencyRatio.p50 <= 1.2, 'p50 <= 1.2x')}` : ''}`,
    ]);
    rows.push([
      `${size} records: confirm turn p50 / p99 ms (x empty)`,
      `${e.confirmMs.p50} / ${e.confirmMs.p99}`,
      `x${e.confirmRatio.p50} / x${e.confirmRatio.p99}${big ? `; ${verdict(e.confirmMs.p99 < 50, 'p99 < 50')}` : ''}`,
    ]);
    const add = r.storeAddMs?.[size];
    if (add) rows.push([`${size} records: records.add p50 / p99 ms, in process`, `${add.p50} / ${add.p99}`, `max ${add.max}`]);
    if (e.rssMb.withInProgress !== undefined) {
      rows.push([
        `${size} records + ${r.storeSize.inProgress} in progress: RSS MB`,
        String(e.rssMb.withInProgress),
        `${big ? verdict(e.rssMb.withInProgress < 300, '< 300') + '; ' : ''}at start ${e.rssMb.atStart}, peak ${e.rssMb.peak}`,
      ]);
    }
  }
  if (r.scan) {
    const n = r.scan.records;
    rows.push([`full scan of ${n} records (all())`, `${r.scan.scanMs} ms`, `heap +${r.scan.scanHeapMb} MB`]);
    rows.push([`report rows of ${n} records (reportBatches())`, `${r.scan.rowsScanMs} ms`, `${r.scan.rowsMb} MB of rows files`]);
    rows.push([
      `report over ${n} records, buildReport in process`,
      `${r.scan.reportMs} ms`,
      `${verdict(r.scan.reportMs < 2000, '< 2 s')}; runs ${r.scan.reportRuns.join(', ')}`,
    ]);
    rows.push([`report over ${n} records, counted on a worker (Teams figures)`, `${r.scan.reportOnWorkerMs} ms`, '']);
    rows.push([
      `report command over ${n} records, start to exit, HTML`,
      `${r.scan.cliMs} ms`,
      `${verdict(r.scan.cliMs < 2000, '< 2 s')}; runs ${r.scan.cliRuns.join(', ')}; ${r.scan.htmlKb} KB`,
    ]);
    rows.push([`report command, first run after an upgrade (no rows files)`, `${r.scan.cliFirstAfterUpgradeMs} ms`, 'makes the rows files again']);
  }
  if (r.encryptedReport) {
    const e = r.encryptedReport;
    rows.push([
      `encrypted at rest: report over ${e.records} records, buildReport`,
      `${e.reportMs} ms`,
      `${verdict(e.reportMs < 2000, '< 2 s')}; runs ${e.reportRuns.join(', ')}`,
    ]);
    rows.push([`encrypted at rest: report command, start to exit, HTML`, `${e.cliMs} ms`, `${verdict(e.cliMs < 2000, '< 2 s')}; runs ${e.cliRuns.join(', ')}`]);
  }
  if (r.profile) {
    const p = r.profile;
    rows.push([
      'one turn ms: state / engine / cards / hooks / HTTP+SDK',
      `${p.stateMs} / ${p.engineMs} / ${p.cardsMs} / ${p.hooksMs} / ${p.httpAndSdkMs}`,
      `of ${p.turnMs} (echo turn ${p.echoTurnMs})`,
    ]);
  }
  if (r.safety) {
    const c = r.safety;
    rows.push([
      `safeguarding check µs per message, lists / lists + model`,
      `${c.listsUs.mean} / ${c.withModelUs.mean}`,
      `p99 ${c.listsUs.p99} / ${c.withModelUs.p99} over ${c.messages} messages; model heap +${c.modelHeapMb} MB`,
    ]);
  }
  if (r.cpuShares)
    rows.push([
      'event loop under load: state / HTTP / SDK / engine / cards',
      ['state', 'HTTP (restify, node http)', 'Bot Framework SDK', 'engine', 'cards'].map((k) => r.cpuShares[k] ?? '-').join(' / '),
      `GC ${r.cpuShares['garbage collection'] ?? '-'}; all areas in the JSON`,
    ]);
  rows.push(['load average at start / end (2 cores)', `${r.machine.loadAtStart[0]} / ${r.machine.loadAtEnd[0]}`, `${r.totalSeconds} s in all`]);
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length))];
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c}\n`);
  process.stdout.write('\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
