// One person's side of a conversation over real HTTP: posts an activity with deliveryMode "expectReplies" to
// /api/messages and reads back what the person sees: the words of every message, the question asked
// (channelData.outcomesBot.ask and .outcomes, put there by the kernel) and the buttons on its card.
import { z } from 'zod';
import type { Client } from './client.js';

/** A button a person can press: its title and the data the card submits. */
export interface Button {
  title: string;
  data: Record<string, unknown>;
}

/** A choice list on a card (a quick pass): its input id and the choices' titles and values. */
export interface CardInput {
  id: string;
  choices: { title: string; value: string }[];
}

export interface Question {
  ask?: string;
  outcomes: string[];
  text: string;
  buttons: Button[];
  inputs: CardInput[];
}

export interface Replies {
  texts: string[];
  /** The last message that asks something, if any. */
  question?: Question;
}

const activitySchema = z.object({
  type: z.string(),
  text: z.string().optional(),
  attachments: z.array(z.object({ contentType: z.string(), content: z.unknown() })).optional(),
  channelData: z
    .object({
      outcomesBot: z
        .object({ ask: z.string().optional(), outcomes: z.array(z.string()).optional() })
        .passthrough()
        .optional(),
    })
    .passthrough()
    .optional(),
});
const repliesSchema = z.object({ activities: z.array(z.unknown()).default([]) });

type Json = Record<string, unknown>;

/** Walks a card's elements, collecting visible text, Action.Submit buttons and choice inputs. */
function readCard(node: unknown, into: { text: string[]; buttons: Button[]; inputs: CardInput[] }): void {
  if (Array.isArray(node)) return node.forEach((n) => readCard(n, into));
  if (!node || typeof node !== 'object') return;
  const el = node as Json;
  if ((el.type === 'TextBlock' || el.type === 'TextRun') && typeof el.text === 'string') into.text.push(el.text);
  if (el.type === 'Action.Submit' && typeof el.title === 'string') into.buttons.push({ title: el.title, data: (el.data as Json) ?? {} });
  if (el.type === 'Input.ChoiceSet' && typeof el.id === 'string' && Array.isArray(el.choices)) {
    into.inputs.push({ id: el.id, choices: (el.choices as Json[]).map((c) => ({ title: String(c.title), value: String(c.value) })) });
  }
  for (const key of ['body', 'items', 'columns', 'actions', 'inlines', 'card']) if (key in el) readCard(el[key], into);
}

export function readReplies(body: string): Replies {
  const parsed = repliesSchema.safeParse(body ? JSON.parse(body) : {});
  const texts: string[] = [];
  let question: Question | undefined;
  for (const raw of parsed.success ? parsed.data.activities : []) {
    const activity = activitySchema.safeParse(raw);
    if (!activity.success || activity.data.type !== 'message') continue;
    const card = { text: [] as string[], buttons: [] as Button[], inputs: [] as CardInput[] };
    for (const a of activity.data.attachments ?? []) if (a.contentType.includes('adaptive')) readCard(a.content, card);
    // What the person reads: the message text, or the card's text when a message is a card alone.
    const text = activity.data.text ?? card.text.join('\n');
    if (text) texts.push(text);
    const meta = activity.data.channelData?.outcomesBot;
    if (meta?.ask || card.buttons.length > 0 || card.inputs.length > 0) {
      question = { ask: meta?.ask, outcomes: meta?.outcomes ?? [], text, buttons: card.buttons, inputs: card.inputs };
    }
  }
  return { texts, question };
}

/** One conversation's line to the bot. */
export class Chat {
  private n = 0;

  constructor(
    private readonly client: Client,
    private readonly conversationId: string,
  ) {}

  async send(activity: Json): Promise<Replies> {
    const reply = await this.client.post('/api/messages', {
      id: `p${++this.n}`,
      channelId: 'webchat',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: this.conversationId },
      from: { id: `person-${this.conversationId}`, name: 'Person' },
      recipient: { id: 'bot', name: 'bot' },
      deliveryMode: 'expectReplies',
      timestamp: new Date().toISOString(),
      ...activity,
    });
    if (reply.status !== 200) throw new Error(`the bot answered ${reply.status}`);
    return readReplies(reply.body);
  }

  start(): Promise<Replies> {
    return this.send({ type: 'conversationUpdate', membersAdded: [{ id: `person-${this.conversationId}`, name: 'Person' }] });
  }

  say(text: string): Promise<Replies> {
    return this.send({ type: 'message', text });
  }

  press(data: Json): Promise<Replies> {
    return this.send({ type: 'message', value: data, channelData: { postBack: true } });
  }
}

/** Words as a reader counts them: runs of letters or digits. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}
