// The load side: virtual users posting Bot Framework activities with deliveryMode "expectReplies" over
// keep-alive HTTP to 127.0.0.1, timing each turn. Reply bodies are checked, never printed.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { prng } from './generate.js';

export interface Reply {
  status: number;
  body: string;
}

export class Client {
  readonly agent: http.Agent;
  readonly host: string;
  readonly port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error('the benchmark talks to 127.0.0.1 only');
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  post(path: string, payload: unknown): Promise<Reply> {
    const data = Buffer.from(JSON.stringify(payload));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': data.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One step of a scripted conversation: what is sent, and what the reply must contain. */
export interface Turn {
  activity: Record<string, unknown>;
  expect?: string;
  /** The turn that confirms the conversation and stores the record. */
  confirm?: boolean;
}

const WHAT_MATTERS = ['Having a break on Saturdays', 'Keeping my mum at home', 'Getting a full night of sleep', 'Keeping my job'];
const OWN_WORDS = ['He gets bored at home', 'I am tired most afternoons', 'We manage most days', 'My sister helps at weekends', 'The nights are hard'];
const HELP = ['A club he could go to', 'A sitter one evening a week', 'Someone to talk to about money'];

/** A whole carer conversation, as the carer script asks it (14 outcomes), with varied answers. */
export function carerConversation(seed: number, outcomes = 14): Turn[] {
  const rand = prng(seed);
  const pick = (list: string[]) => list[Math.floor(rand() * list.length)];
  const say = (text: string, expect?: string): Turn => ({ activity: { type: 'message', text }, expect });
  const turns: Turn[] = [
    { activity: { type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'Person' }] }, expect: 'happy to go on' },
    say('yes', 'What matters to you just now'),
    say(pick(WHAT_MATTERS), 'Step 1 of'),
  ];
  for (let i = 0; i < outcomes; i++) {
    const rating = 1 + Math.floor(rand() * 5);
    turns.push(say(String(rating)), say(pick(OWN_WORDS)));
    if (rating <= 2) turns.push(say(pick(HELP)));
  }
  turns.push(say('1', 'Here is what you told me'), say('yes'), say('share'));
  turns.push({ ...say('No, thank you', 'Your reference code is'), confirm: true });
  return turns;
}

/** Activities for the echo bot: the same number and shape of message turns, no conversation logic. */
export function echoConversation(seed: number): Turn[] {
  return carerConversation(seed).map((t) => ({ activity: t.activity.type === 'message' ? t.activity : { type: 'message', text: 'hello' } }));
}

export class Recorder {
  turns: number[] = [];
  confirms: number[] = [];
  errors = 0;
  conversations = 0;

  merge(other: Recorder): void {
    this.turns.push(...other.turns);
    this.confirms.push(...other.confirms);
    this.errors += other.errors;
    this.conversations += other.conversations;
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

let conversationCounter = 0;

export interface DriveOptions {
  client: Client;
  users: number;
  /** Stop starting new turns after this long. */
  durationMs: number;
  /** Stop each user after this many whole conversations (default: unbounded within the duration). */
  conversationsPerUser?: number;
  /** Stop each user's conversation after this many turns, leaving it in progress. */
  turnsPerConversation?: (user: number) => number;
  script: (seed: number) => Turn[];
  /** Pause between a reply and the next message, as a person reading would; mean in ms. */
  thinkMs?: number;
  /** Do not count turns started before this much time has passed. */
  warmupMs?: number;
  label: string;
}

/** Runs `users` virtual users in parallel, each holding whole conversations back to back. */
export async function drive(options: DriveOptions): Promise<{ rec: Recorder; elapsedMs: number; measuredTurns: number }> {
  const rec = new Recorder();
  const started = performance.now();
  const warmupEnd = started + (options.warmupMs ?? 0);
  const deadline = started + options.durationMs;
  const rand = prng(7);
  let measuredTurns = 0;
  let lastDone = warmupEnd;

  const user = async (u: number) => {
    const maxConversations = options.conversationsPerUser ?? Infinity;
    for (let c = 0; c < maxConversations && performance.now() < deadline; c++) {
      const id = `bench-${options.label}-${process.pid}-${++conversationCounter}`;
      const turns = options.script(conversationCounter);
      const limit = options.turnsPerConversation ? Math.min(turns.length, options.turnsPerConversation(u)) : turns.length;
      let n = 0;
      for (let i = 0; i < limit; i++) {
        if (performance.now() >= deadline) return;
        const turn = turns[i];
        const activity = {
          id: `a${++n}`,
          channelId: 'webchat',
          serviceUrl: 'http://127.0.0.1:9/',
          conversation: { id },
          from: { id: `user-${id}`, name: 'Person' },
          recipient: { id: 'bot', name: 'bot' },
          deliveryMode: 'expectReplies',
          timestamp: new Date().toISOString(),
          ...turn.activity,
        };
        const t0 = performance.now();
        let ok = false;
        try {
          const reply = await options.client.post('/api/messages', activity);
          ok = reply.status === 200 && (turn.expect === undefined || reply.body.includes(turn.expect));
        } catch {
          ok = false;
        }
        const t1 = performance.now();
        if (!ok) {
          rec.errors++;
          break;
        }
        if (t0 >= warmupEnd) {
          if (turn.confirm) rec.confirms.push(t1 - t0);
          else rec.turns.push(t1 - t0);
          measuredTurns++;
          lastDone = Math.max(lastDone, t1);
        }
        if (options.thinkMs) await new Promise((r) => setTimeout(r, rand() * 2 * options.thinkMs!));
      }
      if (limit === turns.length) rec.conversations++;
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, u) => user(u)));
  return { rec, elapsedMs: lastDone - warmupEnd, measuredTurns };
}
