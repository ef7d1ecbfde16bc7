// Where one turn's time goes: state (store get + put), engine (pure step), cards (templating and
// activities), and the rest (HTTP, JSON, Bot Framework SDK) as the whole turn minus those three.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promptActivities } from '../src/bot/send-prompts.js';
import { stepKey } from '../src/bot/person-turn.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startConversation, step } from '../src/conversation/engine.js';
import type { Prompt } from '../src/conversation/prompt.js';
import type { EngineSetup } from '../src/conversation/setup.js';
import type { ConversationState } from '../src/conversation/state.js';
import { openLowdbStore } from '../src/records/lowdb-store.js';
import { carerConversation, Client, drive } from './client.js';
import { startProcess } from './processes.js';

export interface TurnProfile {
  turns: number;
  /** Mean per turn, ms. */
  turnMs: number | null;
  stateMs: number | null;
  engineMs: number | null;
  cardsMs: number | null;
  httpAndSdkMs: number | null;
  echoTurnMs: number | null;
  shares: Record<string, string>;
}

const ROUNDS = 40;
const r3 = (n: number) => Math.round(n * 1000) / 1000;

async function setupFor(organisationFile: string): Promise<EngineSetup> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'outcomes-profile-setup-'));
  const app = await createApp(loadConfig({ ORGANISATION_FILE: organisationFile, DATA_DIR: dataDir }), { log: silentLogger });
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
  return app.setup;
}

/** The states and prompts of one whole conversation, and the time the engine took for it. */
function runEngine(setup: EngineSetup, seed: number): { states: ConversationState[]; prompts: Prompt[][]; ms: number } {
  const ctx = { now: new Date().toISOString(), newCode: () => 'ABCD-EFGH-JK' };
  const turns = carerConversation(seed);
  const states: ConversationState[] = [];
  const prompts: Prompt[][] = [];
  const t0 = performance.now();
  let result = startConversation(setup, ctx, { channel: 'webchat' });
  states.push(result.state);
  prompts.push(result.prompts);
  for (const turn of turns.slice(1)) {
    result = step(setup, result.state, { kind: 'text', text: String(turn.activity.text) }, ctx);
    states.push(result.state);
    prompts.push(result.prompts);
  }
  return { states, prompts, ms: performance.now() - t0 };
}

export async function profileOneTurn(dir: string, paths: { bot: string; echo: string; organisationFile: string }): Promise<TurnProfile> {
  const organisationFile = paths.organisationFile;
  const setup = await setupFor(organisationFile);
  let engineMs = 0;
  let cardsMs = 0;
  let stateMs = 0;
  let turns = 0;
  const dataDir = await mkdtemp(path.join(dir, 'store-'));
  const store = await openLowdbStore(dataDir);
  try {
    for (let round = 0; round < ROUNDS + 5; round++) {
      const warm = round < 5;
      const { states, prompts, ms } = runEngine(setup, round + 1);
      const t1 = performance.now();
      for (let i = 0; i < prompts.length; i++) promptActivities(prompts[i], stepKey(states[i]), 2000);
      const t2 = performance.now();
      const id = `profile-${round}`;
      for (const state of states) {
        await store.conversations.get(id);
        await store.conversations.put(id, state);
      }
      const t3 = performance.now();
      if (warm) continue;
      engineMs += ms;
      cardsMs += t2 - t1;
      stateMs += t3 - t2;
      turns += states.length;
    }
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
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
        script: echo ? (s) => carerConversation(s).map((t) => ({ activity: { type: 'message', text: String(t.activity.text ?? 'hello') } })) : carerConversation,
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
  const turnMs = await sequential(paths.bot, { DATA_DIR: botDir, ORGANISATION_FILE: organisationFile }, false);
  const echoTurnMs = await sequential(paths.echo, {}, true);

  const per = (total: number) => total / turns;
  const state = per(stateMs);
  const engine = per(engineMs);
  const cards = per(cardsMs);
  const rest = turnMs - state - engine - cards;
  const share = (n: number) => `${Math.round((n / turnMs) * 100)}%`;
  return {
    turns,
    turnMs: r3(turnMs),
    stateMs: r3(state),
    engineMs: r3(engine),
    cardsMs: r3(cards),
    httpAndSdkMs: r3(rest),
    echoTurnMs: r3(echoTurnMs),
    shares: { state: share(state), engine: share(engine), cards: share(cards), httpAndSdk: share(rest) },
  };
}
