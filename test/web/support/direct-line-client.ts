// A Direct Line v3 client over real HTTP, as Web Chat would use it, for the channel's HTTP tests.
import type { Activity } from 'botbuilder';

interface Started {
  token: string;
  conversationId: string;
  userId: string;
}

/** What the Direct Line server answers: any of these, by route (or `text` when the answer was not JSON). */
export interface DirectLineBody {
  conversationId?: string;
  token?: string;
  id?: string;
  error?: string;
  retryAfterSeconds?: number;
  activities?: Partial<Activity>[];
  watermark?: string;
  text?: string;
}

export class DirectLineClient {
  private n = 0;
  constructor(
    readonly baseUrl: string,
    public token: string,
    readonly conversationId: string,
    readonly userId: string,
  ) {}

  /** Gets a token from the page's route and starts the conversation (the bot greets). */
  static async start(baseUrl: string): Promise<DirectLineClient> {
    const res = await fetch(`${baseUrl}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (res.status !== 200) throw new Error(`token route answered ${res.status}`);
    const body = (await res.json()) as Started;
    const client = new DirectLineClient(baseUrl, body.token, body.conversationId, body.userId);
    const started = await client.request('POST', '/v3/directline/conversations');
    if (started.status !== 201) throw new Error(`start answered ${started.status}`);
    return client;
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: DirectLineBody; headers: Headers }> {
    const token = options.token === undefined ? this.token : options.token;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const text = await res.text();
    let body: DirectLineBody = { text };
    try {
      body = JSON.parse(text) as DirectLineBody;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body, headers: res.headers };
  }

  /** Posts like Web Chat does, with a client activity id; returns the status and the id the server gave. */
  async post(activity: Partial<Activity> & Record<string, unknown>, conversationId = this.conversationId) {
    return this.request('POST', `/v3/directline/conversations/${conversationId}/activities`, {
      body: { from: { id: this.userId }, channelData: { clientActivityID: `c${++this.n}` }, ...activity },
    });
  }

  say(text: string) {
    return this.post({ type: 'message', text });
  }

  async activities(watermark = '', conversationId = this.conversationId): Promise<{ status: number; activities: Partial<Activity>[]; watermark: string }> {
    const res = await this.request('GET', `/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`);
    return { status: res.status, activities: res.body.activities ?? [], watermark: res.body.watermark ?? '' };
  }

  /** Everything the bot said, as text. */
  async botText(watermark = ''): Promise<string> {
    const { activities } = await this.activities(watermark);
    return activities
      .filter((a) => a.from?.role === 'bot')
      .map((a) => a.text ?? '')
      .join('\n');
  }
}
