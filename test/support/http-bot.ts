// Talks to the running bot over real HTTP with deliveryMode "expectReplies": replies come back in the response.
import type { Activity } from 'botbuilder';

export interface Replies {
  status: number;
  activities: Partial<Activity>[];
  text: string;
}

export class HttpChat {
  private n = 0;
  constructor(
    private baseUrl: string,
    readonly conversationId: string,
    private channelId = 'webchat',
  ) {}

  async post(activity: Partial<Activity>): Promise<Replies> {
    const res = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `a${++this.n}`,
        channelId: this.channelId,
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: this.conversationId },
        from: { id: `user-${this.conversationId}`, name: 'Person' },
        recipient: { id: 'bot', name: 'bot' },
        deliveryMode: 'expectReplies',
        timestamp: new Date().toISOString(),
        ...activity,
      }),
    });
    const body = res.status === 200 ? ((await res.json()) as { activities?: Partial<Activity>[] }) : { activities: [] };
    const activities = body.activities ?? [];
    return { status: res.status, activities, text: activities.map((a) => a.text ?? '').join('\n') };
  }

  join(): Promise<Replies> {
    return this.post({ type: 'conversationUpdate', membersAdded: [{ id: `user-${this.conversationId}`, name: 'Person' }] });
  }

  say(text: string): Promise<Replies> {
    return this.post({ type: 'message', text });
  }
}
