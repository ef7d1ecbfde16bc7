// 10,000 random and malformed activities and card submissions: no crash, no 5xx, every rejection a clear 4xx or re-prompt.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app.js';
import { testApp } from '../support/app.js';
import { pick, seededRandom } from '../support/random.js';

const SEED = 20261126;
const COUNT = Number(process.env.FUZZ_COUNT ?? 10000);
let app: App;
let url: string;
// Stands in for a channel's connector, so replies to activities without expectReplies have somewhere to go.
let connector: Server;
let serviceUrl: string;

beforeAll(async () => {
  app = await testApp({ ORGANISATION_FILE: 'test/fixtures/organisation.carer-only.yaml' });
  url = await app.listen(0);
  connector = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await app.close();
  await new Promise((resolve) => connector.close(resolve));
});

const random = seededRandom(SEED);
const WEIRD_STRINGS = [
  '',
  ' ',
  'skip',
  'back',
  '3',
  '999999999999',
  '-1',
  'resume',
  'resume ABCD-EFGH-JK',
  '\u0000',
  '\ud800',
  '🙂'.repeat(50),
  '<script>alert(1)</script>',
  '${toString}',
  '{code}',
  'a'.repeat(3000),
  'x'.repeat(25000),
  'null',
  'change 0',
  'change 99999',
  '1,2,3,4,5,6',
];

function randomValue(depth = 0): unknown {
  const r = random();
  if (depth > 3 || r < 0.2) return pick(random, WEIRD_STRINGS);
  if (r < 0.3) return Math.floor(random() * 2 ** 40) * (random() < 0.5 ? -1 : 1);
  if (r < 0.35) return null;
  if (r < 0.4) return random() < 0.5;
  if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
  const keys = ['answer', 'kind', 'text', 'choices', 'at', '__proto__', 'constructor', 'type', 'msteams'];
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(random, keys), randomValue(depth + 1)]));
}

function submission(): unknown {
  const shapes = [
    () => ({ answer: randomValue() }),
    () => ({ kind: pick(random, ['text', 'choices', 'other', 7]), text: randomValue(), choices: randomValue() }),
    () => ({ answer: pick(random, WEIRD_STRINGS), at: pick(random, ['rating:0', 'consent', 'x'.repeat(200), 3]) }),
    () => randomValue(),
  ];
  return pick(random, shapes)();
}

function activity(n: number): unknown {
  const conversation = `fuzz-${n % 40}`;
  const good: Record<string, unknown> = {
    type: 'message',
    channelId: 'test',
    serviceUrl,
    conversation: { id: conversation },
    from: { id: `fuzz-user-${n % 40}` },
    recipient: { id: 'bot' },
    deliveryMode: 'expectReplies',
  };
  const r = random();
  if (r < 0.35) return { ...good, text: pick(random, WEIRD_STRINGS) };
  if (r < 0.65) return { ...good, value: submission() };
  if (r < 0.75)
    return {
      ...good,
      type: pick(random, ['conversationUpdate', 'invoke', 'event', 'typing', 'messageReaction', '', 'x'.repeat(100)]),
      membersAdded: randomValue(),
    };
  if (r < 0.9) {
    // Drop or break one field.
    const key = pick(random, Object.keys(good));
    const broken: Record<string, unknown> = { ...good, text: 'hello' };
    if (random() < 0.5) delete broken[key];
    else broken[key] = randomValue();
    return broken;
  }
  return randomValue();
}

describe('fuzzing /api/messages', () => {
  test(`${COUNT} random and malformed activities: zero 5xx, every answer clear`, async () => {
    const statuses = new Map<number, number>();
    const bodies: string[] = [];
    const batch = 20;
    for (let i = 0; i < COUNT; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, COUNT - i) }, async (_, k) => {
          const n = i + k;
          const body = random() < 0.03 ? pick(random, ['{', 'null', '[]', '"text"', '{"type":']) : JSON.stringify(activity(n));
          const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const text = await res.text();
          if (res.status >= 400) bodies.push(text);
        }),
      );
    }
    console.log(`fuzz /api/messages (seed ${SEED}): ${[...statuses.entries()].map(([s, c]) => `${s}: ${c}`).join(', ')}`);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect([...statuses.keys()].every((s) => [200, 400, 413].includes(s))).toBe(true);
    // Every rejection says why, as JSON, and never shows a stack trace.
    for (const b of bodies) {
      expect(JSON.parse(b)).toHaveProperty('error');
      expect(b).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
    }
    // The bot still holds an ordinary conversation afterwards.
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'hello',
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: 'after-fuzz' },
        from: { id: 'after' },
        recipient: { id: 'bot' },
        deliveryMode: 'expectReplies',
      }),
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toMatch(/happy to go on/);
  }, 180000);
});
