// Attack 1 (issue 14): a 150 MB multipart upload to any POST route, before authentication. It must be
// refused with 415 at once, nothing may be written to the temp folder, and the server must stop reading.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import http from 'node:http';
import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';
import { tempDir } from '../support/app.js';

const MB = 1024 * 1024;
const ROUTES = [
  '/api/messages',
  '/api/directline/token',
  '/v3/directline/conversations',
  '/v3/directline/tokens/refresh',
  '/v3/directline/conversations/abc/activities',
  '/my-copy',
];

let bot: BotProcess;
let tmp: string;
beforeAll(async () => {
  tmp = tempDir('outcomes-uploads-');
  // Production settings, as the attacker found it: an app id (so a token is required) and encryption at rest.
  bot = await startBotProcess({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    TMPDIR: tmp,
    DATA_DIR: tempDir('outcomes-uploads-data-'),
    MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
    MicrosoftAppPassword: 'invented-secret',
    DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    EXPORT_SUBJECT_KEY: 'invented-export-subject-key-for-tests-0001',
  });
}, 30000);
afterAll(async () => {
  await bot?.stop();
});

/** Streams `bytes` of a multipart body (made on the fly, never held whole) and reports what came back and how much got out. */
function upload(path: string, bytes: number, contentType: string): Promise<{ status: number; body: string; sent: number }> {
  const url = new URL(path, bot.url);
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const body = new Readable({
    read() {
      if (sent >= bytes) return this.push(null);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return new Promise((resolve, reject) => {
    let answer: { status: number; body: string } | undefined;
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': contentType, 'content-length': String(bytes) } },
      (res) => {
        answer = { status: res.statusCode ?? 0, body: '' };
        res.on('data', (c: Buffer) => (answer!.body += c.toString('utf8')));
        res.on('end', () => {
          body.unpipe(req);
          req.destroy();
          resolve({ ...answer!, sent });
        });
      },
    );
    // The server cuts the connection mid-upload once it has answered: that is the point.
    req.on('error', (err) => (answer ? resolve({ ...answer, sent }) : reject(err)));
    body.pipe(req);
  });
}

describe('uploads before authentication', () => {
  test.each(ROUTES)('a 150 MB multipart upload to %s: 415, at most a few MB read, nothing in the temp folder', async (path) => {
    const res = await upload(path, 150 * MB, 'multipart/form-data; boundary=----x');
    expect(res.status).toBe(415);
    expect((JSON.parse(res.body) as { error: string }).error).toMatch(/file uploads/);
    // Socket buffers take a few MB at most before the server closes the connection.
    expect(res.sent).toBeLessThan(20 * MB);
    expect(readdirSync(tmp)).toEqual([]);
  });

  test('a content type a route does not take: 415 with the type it does take', async () => {
    const form = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=message&text=hi',
    });
    expect(form.status).toBe(415);
    expect(((await form.json()) as { error: string }).error).toMatch(/application\/json/);
    const octets = await fetch(`${bot.url}/v3/directline/conversations/abc/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'x'.repeat(1000),
    });
    expect(octets.status).toBe(415);
    const gzip = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'x',
    });
    expect(gzip.status).toBe(415);
  });

  test('a JSON body over the cap is refused with 413 without reading it all; the server still answers', async () => {
    const res = await upload('/api/messages', 150 * MB, 'application/json');
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(20 * MB);
    const after = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    // Still only a token opens the door: the shape check (400) comes first, then 401.
    expect([400, 401]).toContain(after.status);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
