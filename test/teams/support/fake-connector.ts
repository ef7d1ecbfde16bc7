// A stand-in for the Teams connector (the serviceUrl a bot posts its messages to), on 127.0.0.1. It
// records every POST and can answer a conversation with chosen statuses (403, 429, ...) in turn.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Posted {
  conversationId: string;
  status: number;
  activity: {
    type?: string;
    text?: string;
    summary?: string;
    attachments?: { contentType?: string; content?: unknown }[];
    importance?: string;
    channelData?: { notification?: { alert?: boolean } };
  };
  auth?: string;
}

export class FakeConnector {
  readonly posts: Posted[] = [];
  private statuses = new Map<string, number[]>();
  private members = new Map<string, Record<string, string>>();
  private server = http.createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next POSTs to this conversation get these statuses, one each; after that, 200. */
  answer(conversationId: string, ...statuses: number[]): void {
    this.statuses.set(conversationId, statuses);
  }

  /** What GET .../members/{id} returns for this user id (Teams' member lookup). */
  member(userId: string, member: Record<string, string>): void {
    this.members.set(userId, member);
  }

  to(conversationId: string): Posted[] {
    return this.posts.filter((p) => p.conversationId === conversationId);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = decodeURIComponent(req.url ?? '');
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(url);
    if (req.method === 'GET' && member) {
      const found = this.members.get(member[2]);
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(found ?? { error: { code: 'NotFound', message: 'no such member' } }));
      return;
    }
    const post = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(url);
    if (req.method === 'POST' && post) {
      const conversationId = post[1];
      const status = this.statuses.get(conversationId)?.shift() ?? 200;
      this.posts.push({ conversationId, status, activity: JSON.parse(body) as Posted['activity'], auth: req.headers.authorization });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          status === 200
            ? { id: `m${this.posts.length}` }
            : { error: { code: status === 403 ? 'BotNotInConversationRoster' : 'Throttled', message: 'refused' } },
        ),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{}');
  }
}
