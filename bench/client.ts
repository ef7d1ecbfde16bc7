// The load side: virtual users posting Bot Framework activities with deliveryMode "expectReplies" over
// keep-alive HTTP to 127.0.0.1, timing each turn. Reply bodies are checked, never printed.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { prng } from './generate.js';
import { readReplies } from './persona-chat.js';

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

/** One turn of a conversation: what is sent, and what the reply must contain. */
export interface Turn {
  activity: Record<string, unknown>;
  expect?: string;
  /** The turn that confirms the conversation and stores the record. */
  confirm?: boolean;
}

/** A conversation as a person holds it: each turn chosen from the reply to the one before. */
export interface Conversation {
  /** The next turn, from the body of the last reply (undefined before the first); undefined when it is over. */
  next(reply?: string): Turn | undefined;
  /** True once the conversation reached its end as it should (the record stored, or every turn sent). */
  readonly finished: boolean;
}

const WHAT_MATTERS = ['Having a break on Saturdays', 'Keeping my mum at home', 'Getting a full night of sleep', 'Keeping my job'];
const OWN_WORDS = ['He gets bored at home', 'I am tired most afternoons', 'We manage most days', 'My sister helps at weekends', 'The nights are hard'];
const HELP = ['A club he could go to', 'A sitter one evening a week', 'Someone to talk to about money'];

const say = (text: string, expect?: string): Turn => ({ activity: { type: 'message', text }, expect });
const press = (data: Record<string, unknown>): Turn => ({ activity: { type: 'message', value: data, channelData: { postBack: true } } });
const JOIN: Turn = { activity: { type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'Person' }] } };

/** A carer's answer: words, or a rating per area for a quick-pass card (pressed over HTTP, typed in process). */
export type CarerAnswer = { text: string; confirm?: boolean } | { areas: string[] };

/**
 * A carer who answers whatever the bot asks (channelData.outcomesBot.ask, or a prompt's `ask` in process), in
 * the flow people get: the privacy notice, what matters, a rating per area on each quick-pass card (varied by
 * the seed, so some areas are rated low and asked about), the deeper questions, priorities, the summary,
 * sharing, and no contact, which stores the record; "are you safe right now?" (after a 1 on an area about
 * safety or health) is answered yes. Undefined: it is over (`finished` says whether as it should).
 */
export function carerAnswers(seed: number) {
  const rand = prng(seed);
  const pick = (list: string[]) => list[Math.floor(rand() * list.length)];
  const rating = () => String(1 + Math.floor(rand() * 5));
  const walk = {
    finished: false,
    answer(ask: string | undefined, areas: number): CarerAnswer | undefined {
      switch (ask) {
        case 'consent':
          return { text: 'yes' };
        case 'what-matters':
          return { text: pick(WHAT_MATTERS) };
        case 'quick-pass':
          return { areas: Array.from({ length: areas }, rating) };
        case 'rating':
          return { text: rating() };
        case 'say-more':
          return { text: pick(OWN_WORDS) };
        case 'what-would-help':
          return { text: pick(HELP) };
        case 'priorities':
          return { text: '1' };
        case 'summary':
          return { text: 'yes' };
        case 'sharing':
          return { text: 'share' };
        case 'contact':
          return { text: 'No, thank you', confirm: true };
        case 'safety':
          // A rating of 1 on an area about safety or health brings "are you safe right now?": yes.
          return { text: 'Yes, safe' };
        case 'done':
          walk.finished = true;
          return undefined;
        default:
          // Not a question this carer knows: the bot went somewhere it should not have.
          return undefined;
      }
    },
  };
  return walk;
}

/** The words a quick-pass card's answer stands for ("1: 3; 2: 4"), as the bot reads a pressed card. */
export function areasTyped(areas: string[]): string {
  return areas.map((v, i) => `${i + 1}: ${v}`).join('; ');
}

/** A whole carer conversation over HTTP: each turn chosen from what the last reply asked. */
export function carerConversation(seed: number): Conversation {
  const carer = carerAnswers(seed);
  let started = false;
  let confirmed = false;
  return {
    get finished() {
      return carer.finished;
    },
    next(reply) {
      if (!started) {
        started = true;
        return { ...JOIN, expect: 'happy to go on' };
      }
      // The confirm's reply had the code in it (the turn's `expect`): the record is stored.
      if (confirmed) {
        carer.finished = true;
        return undefined;
      }
      const question = readReplies(reply ?? '').question;
      const answer = carer.answer(question?.ask, question?.inputs.length ?? 0);
      if (!answer) return undefined;
      if ('text' in answer && answer.confirm) confirmed = true;
      if ('text' in answer) return answer.confirm ? { ...say(answer.text, 'Your reference code is'), confirm: true } : say(answer.text);
      const send = question?.buttons.find((b) => b.data.kind === 'areas') ?? question?.buttons[0];
      const data: Record<string, unknown> = { ...(send?.data ?? { kind: 'areas' }) };
      answer.areas.forEach((v, i) => (data[`area${i + 1}`] = v));
      return press(data);
    },
  };
}

/** The usual number of turns of carerConversation (21 in a trial of six), for the echo bot's conversations. */
const ECHO_TURNS = 21;

/** Activities for the echo bot: message turns of the same kinds and sizes (typed and pressed), no conversation logic. */
export function echoConversation(seed: number): Conversation {
  const rand = prng(seed);
  const pick = (list: string[]) => list[Math.floor(rand() * list.length)];
  let sent = 0;
  return {
    get finished() {
      return sent > ECHO_TURNS;
    },
    next() {
      sent++;
      if (sent > ECHO_TURNS) return undefined;
      if (sent === 1) return JOIN;
      if (sent <= 3) return say(sent === 2 ? 'yes' : pick(WHAT_MATTERS));
      // Five quick-pass cards, then typed answers as the deeper questions and the end of the flow have them.
      if (sent <= 8) return press({ kind: 'areas', area1: '3', area2: '2', area3: '4', area4: '5' });
      return say(pick([...OWN_WORDS, ...HELP, 'yes', 'share', '1']));
    },
  };
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
  script: (seed: number) => Conversation;
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
      const conversation = options.script(conversationCounter);
      const limit = options.turnsPerConversation ? options.turnsPerConversation(u) : Infinity;
      let n = 0;
      let body: string | undefined;
      let failed = false;
      for (let i = 0; i < limit; i++) {
        if (performance.now() >= deadline) return;
        const turn = conversation.next(body);
        if (!turn) break;
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
          body = reply.body;
        } catch {
          ok = false;
        }
        const t1 = performance.now();
        if (!ok) {
          failed = true;
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
      // A conversation left on purpose after some turns is neither; one that lost its way is an error.
      if (conversation.finished) rec.conversations++;
      else if (failed || !options.turnsPerConversation) rec.errors++;
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, u) => user(u)));
  return { rec, elapsedMs: lastDone - warmupEnd, measuredTurns };
}
