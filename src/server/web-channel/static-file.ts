// Serves a file kept in memory, gzipped once on first use, with an ETag so a browser can keep its copy.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

export class StaticFile {
  private gzipped: Buffer | undefined;
  readonly etag: string;

  constructor(
    private body: Buffer,
    private contentType: string,
    private cacheControl: string,
  ) {
    this.etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  }

  send(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    const common = { ...headers, 'content-type': this.contentType, 'cache-control': this.cacheControl, etag: this.etag, vary: 'Accept-Encoding' };
    if (req.headers['if-none-match'] === this.etag) {
      res.writeHead(304, common);
      res.end();
      return;
    }
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (acceptsGzip && this.body.length > 1024) {
      this.gzipped ??= gzipSync(this.body);
      res.writeHead(200, { ...common, 'content-encoding': 'gzip', 'content-length': String(this.gzipped.length) });
      res.end(req.method === 'HEAD' ? undefined : this.gzipped);
      return;
    }
    res.writeHead(200, { ...common, 'content-length': String(this.body.length) });
    res.end(req.method === 'HEAD' ? undefined : this.body);
  }
}
