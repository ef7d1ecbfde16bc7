// Where one turn's time goes, as mean milliseconds per turn of whole carer conversations, one at a time:
//   state    the store's get and put of the conversation state (in process, real files)
//   engine   the pure step (with the safeguarding check)
//   cards    templating the prompts into cards and activities
//   hooks    the rest of the bot's own turn: queue, review and rights checks, record building, logging
//            (the in-process turn through PersonConversations, minus the three above)
//   http+sdk restify, JSON, the Bot Framework adapter and handler, and the client side of the request
//            (the whole turn over HTTP against the bot in its own process, minus the in-process turn)
// The echo bot's whole turn, measured the same way, is the floor for http+sdk.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promptActivities } from '../src/bot/send-prompts.js';
import { stepKey } from '../src/bot/person-turn.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startConversation, step } from '../src/conversation/engine.js';
import type { Prompt } from '../src/conversation/prompt.js';
import type { EngineSetup } from '../src/conversation/setup.js';
import type { ConversationState } from '../src/conversation/state.js';
import { openFileStore } from '../src/records/file-store.js';
import { areasTyped, carerAnswers, carerConversation, Client, drive, echoConversation, type CarerAnswer } from './client.js';
import { startProcess } from './processes.js';

export interface TurnProfile {
  turns: number;
  /** Mean per turn, ms. */
  turnMs: number | null;
  stateMs: number | null;
  engineMs: number | null;
  cardsMs: number | null;
  hooksMs: number | null;
  httpAndSdkMs: number | null;
  echoTurnMs: number | null;
  shares: Record<string, string>;
}

const ROUNDS = 40;
const WARM = 5;
const r3 = (n: number) => Math.round(n * 1000) / 1000;

/** What the last of a turn's prompts asks, and over how many areas (a quick-pass card). */
function asked(prompts: Prompt[]): { ask?: string; areas: number } {
  const question = [...prompts].reverse().find((p) => p.ask);
  return { ask: question?.ask, areas: question?.areas?.length ?? 0 };
}

/** The words of a carer's answer, as the bot reads it (a pressed quick-pass card as "1: 3; 2: 4"). */
function typed(answer: CarerAnswer): string {
  return 'text' in answer ? answer.text : areasTyped(answer.areas);
}

/** The states and prompts of one whole conversation, and the time the engine took for it. */
function runEngine(setup: EngineSetup, seed: number): { states: ConversationState[]; prompts: Prompt[][]; ms: number } {
  const ctx = { now: new Date().toISOString(), newCode: () => 'ABCD-EFGH-JK' };
  const carer = carerAnswers(seed);
  const states: ConversationState[] = [];
  const prompts: Prompt[][] = [];
  const t0 = performance.now();
  let result = startConversation(setup, ctx, { channel: 'webchat' });
  states.push(result.state);
  prompts.push(result.prompts);
  for (let answer = carer.answer(asked(result.prompts).ask, asked(result.prompts).areas); answer;) {
    result = step(setup, result.state, { kind: 'text', text: typed(answer) }, ctx);
    states.push(result.state);
    prompts.push(result.prompts);
    const next = asked(result.prompts);
    answer = carer.answer(next.ask, next.areas);
  }
  return { states, prompts, ms: performance.now() - t0 };
}

/** The bot's whole turn in process, without HTTP or the SDK: PersonConversations, then the activities. */
async function inProcessTurns(app: App, seed: number, id: string): Promise<{ ms: number; turns: number }> {
  const carer = carerAnswers(seed);
  const t0 = performance.now();
  let out = await app.people.greet(id, { channel: 'webchat' });
  promptActivities(out.prompts, out.stepKey, 2000);
  let turns = 1;
  for (let answer = carer.answer(asked(out.prompts).ask, asked(out.prompts).areas); answer; turns++) {
    out = await app.people.answer(id, typed(answer), { channel: 'webchat' });
    promptActivities(out.prompts, out.stepKey, 2000);
    const next = asked(out.prompts);
    answer = carer.answer(next.ask, next.areas);
  }
  return { ms: performance.now() - t0, turns };
}

export async function profileOneTurn(dir: string, paths: { bot: string; echo: string; organisationFile: string }): Promise<TurnProfile> {
  const appDir = await mkdtemp(path.join(dir, 'app-'));
  const app = await createApp(loadConfig({ ORGANISATION_FILE: paths.organisationFile, DATA_DIR: appDir }), { log: silentLogger });
  const setup = app.setup;
  let engineMs = 0;
  let cardsMs = 0;
  let stateMs = 0;
  let appMs = 0;
  let turns = 0;
  let appTurns = 0;
  const storeDir = await mkdtemp(path.join(dir, 'store-'));
  const store = await openFileStore(storeDir);
  try {
    for (let round = 0; round < ROUNDS + WARM; round++) {
      const warm = round < WARM;
      const { states, prompts, ms } = runEngine(setup, round + 1);
      const t1 = performance.now();
      for (let i = 0; i < prompts.length; i++) promptActivities(prompts[i], stepKey(states[i]), 2000);
      const t2 = performance.now();
      const id = `profile-${round}`;
      for (const state of states) {
        const loaded = await store.conversations.getWithVersion(id);
        await store.conversations.putIfVersion(id, state, loaded?.version ?? null);
      }
      const t3 = performance.now();
      const whole = await inProcessTurns(app, round + 1, `in-process-${round}`);
      if (warm) continue;
      engineMs += ms;
      cardsMs += t2 - t1;
      stateMs += t3 - t2;
      turns += states.length;
      appMs += whole.ms;
      appTurns += whole.turns;
    }
  } finally {
    await store.close();
    await app.close();
  }

  // The whole turn, one person at a time, against the bot in its own process; and the echo bot the same way.
  const sequential = async (script: string, env: Record<string, string>, echo: boolean) => {
    const proc = await startProcess(script, env);
    const client = new Client(proc.url, 1);
    try {
      const run = await drive({
        client,
        users: 1,
        durationMs: 20_000,
        warmupMs: 0,
        conversationsPerUser: ROUNDS,
        script: echo ? echoConversation : carerConversation,
        label: echo ? 'profile-echo' : 'profile',
      });
      const all = [...run.rec.turns, ...run.rec.confirms];
      return all.length ? all.reduce((a, b) => a + b, 0) / all.length : NaN;
    } finally {
      client.close();
      await proc.stop();
    }
  };
  const botDir = await mkdtemp(path.join(dir, 'bot-'));
  const turnMs = await sequential(paths.bot, { DATA_DIR: botDir, ORGANISATION_FILE: paths.organisationFile }, false);
  const echoTurnMs = await sequential(paths.echo, {}, true);
  await rm(dir, { recursive: true, force: true });

  const state = stateMs / turns;
  const engine = engineMs / turns;
  const cards = cardsMs / turns;
  const inProcess = appMs / appTurns;
  const hooks = Math.max(0, inProcess - state - engine - cards);
  const rest = turnMs - inProcess;
  const share = (n: number) => `${Math.round((n / turnMs) * 100)}%`;
  return {
    turns,
    turnMs: r3(turnMs),
    stateMs: r3(state),
    engineMs: r3(engine),
    cardsMs: r3(cards),
    hooksMs: r3(hooks),
    httpAndSdkMs: r3(rest),
    echoTurnMs: r3(echoTurnMs),
    shares: { state: share(state), engine: share(engine), cards: share(cards), hooks: share(hooks), httpAndSdk: share(rest) },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a sampled function belongs to, from its file. Order matters: the first match wins. */
const AREAS: [string, RegExp][] = [
  ['state', /\/src\/records\/|\/lowdb\/|\/steno\//],
  ['cards', /\/src\/cards\/|send-prompts|adaptivecards-templating|adaptive-expressions|antlr4ts/],
  ['engine', /\/src\/conversation\//],
  ['bot (hooks, turn glue)', /\/dist\/src\//],
  ['Bot Framework SDK', /\/botbuilder|\/botframework-|@azure\/|@typespec\//],
  ['HTTP (restify, node http)', /\/restify|\/find-my-way|node:_http|node:net|node:internal\/streams|node:internal\/stream_base|node:stream|node:events/],
  ['zod (checks)', /\/zod\//],
];

/** Native calls (no file) by name: the syscalls behind the state store, and behind sending replies. */
const NATIVE: [string, RegExp][] = [
  ['state', /^(stat|lstat|fstat|open|openFileHandle|close|read|readFileUtf8|rename|postMessage)$/],
  ['HTTP (restify, node http)', /^(writev|writeBuffer|write\w*String|readStart|readStop|shutdown|utf8Slice|latin1Slice)$/],
];

/**
 * The event loop's busy (not idle) time by area of its own work, from `--cpu-prof` files of one process.
 * V8 samples each thread's stack over wall time: a writer thread blocked in a write is counted as busy,
 * so its figure is time spent writing (mostly waiting on the disk), given beside the loop's, not in it.
 */
export function cpuShares(files: { profile: CpuProfile; worker: boolean }[], skipMs: number): Record<string, string> {
  const totals = new Map<string, number>();
  let loopBusy = 0;
  let writers = 0;
  for (const { profile, worker } of files) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let t = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i];
      if (t < skipMs * 1000) continue;
      const node = byId.get(profile.samples[i])!;
      const name = node.callFrame.functionName;
      if (name === '(idle)' || name === '(root)') continue;
      if (worker) {
        writers += profile.timeDeltas[i];
        continue;
      }
      const url = node.callFrame.url;
      let area: string;
      if (name === '(garbage collector)') area = 'garbage collection';
      else if (!url) area = NATIVE.find(([, re]) => re.test(name))?.[0] ?? 'other (V8, native)';
      else area = AREAS.find(([, re]) => re.test(url))?.[0] ?? 'other';
      totals.set(area, (totals.get(area) ?? 0) + profile.timeDeltas[i]);
      loopBusy += profile.timeDeltas[i];
    }
  }
  const pct = (v: number) => `${Math.round((v / loopBusy) * 1000) / 10}%`;
  const shares = Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)]));
  return { ...shares, 'writer threads, beside the loop (time writing, mostly waiting on the disk)': pct(writers) };
}

/** Runs the bot under load with V8's sampling profiler and returns where its CPU went. */
export async function profileUnderLoad(dir: string, paths: { bot: string; organisationFile: string }, nodeArgs: string[]): Promise<Record<string, string>> {
  const { mkdir, readdir, readFile } = await import('node:fs/promises');
  const profDir = path.join(dir, 'cpu');
  await mkdir(profDir, { recursive: true });
  const started = performance.now();
  const bot = await startProcess(paths.bot, { DATA_DIR: await mkdtemp(path.join(dir, 'cpu-bot-')), ORGANISATION_FILE: paths.organisationFile }, 20_000, [
    ...nodeArgs,
    '--cpu-prof',
    `--cpu-prof-dir=${profDir}`,
  ]);
  const client = new Client(bot.url, 20);
  try {
    await drive({ client, users: 20, durationMs: 2000, script: carerConversation, label: 'cpu-warm' });
    const skipMs = performance.now() - started;
    await drive({ client, users: 20, durationMs: 6000, script: carerConversation, label: 'cpu' });
    client.close();
    await bot.stop();
    // One file per thread: CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile; thread 0 is the event loop.
    const files = [];
    for (const name of await readdir(profDir)) {
      const thread = Number(name.split('.')[4]);
      files.push({ profile: JSON.parse(await readFile(path.join(profDir, name), 'utf8')) as CpuProfile, worker: thread !== 0 });
    }
    return cpuShares(files, skipMs);
  } finally {
    client.close();
    await bot.stop();
  }
}
