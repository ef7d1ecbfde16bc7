// The web channel's memory stays bounded and its tokens cannot be bent: in-process checks, no HTTP.
import { describe, expect, test } from '@jest/globals';
import { TokenSigner } from '../../src/server/web-channel/tokens.js';
import { Transcripts } from '../../src/server/web-channel/transcripts.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac-0123456789';

describe('transcripts', () => {
  test('keep only the newest activities of a long conversation, with watermarks that still count from the start', () => {
    const t = new Transcripts({ maxActivities: 5, maxConversations: 10, idleMs: 60_000 });
    for (let i = 1; i <= 12; i++) t.append('c1', { type: 'message', text: `m${i}` });
    const all = t.since('c1', 0);
    expect(all.activities.map((a) => a.text)).toEqual(['m8', 'm9', 'm10', 'm11', 'm12']);
    expect(all.watermark).toBe('12');
    expect(t.since('c1', 10).activities.map((a) => a.text)).toEqual(['m11', 'm12']);
    expect(t.since('c1', 12).activities).toEqual([]);
    t.close();
  });

  test('reading new activities costs the same however long the conversation has been', () => {
    const t = new Transcripts({ maxActivities: 400, maxConversations: 10, idleMs: 60_000 });
    const time = (n: number) => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        t.append('c', { type: 'message', text: 'x' });
        t.since('c', i);
      }
      return Number(process.hrtime.bigint() - started) / n;
    };
    time(1000); // warm up
    const early = time(2000);
    const late = time(2000);
    expect(late).toBeLessThan(early * 5 + 20_000);
    expect(t.since('c', 0).activities).toHaveLength(400);
    t.close();
  });

  test('forget the least recently used conversation when full, and idle ones on the sweep', () => {
    let now = 0;
    const t = new Transcripts({ maxActivities: 10, maxConversations: 3, idleMs: 1000 }, () => now);
    for (const id of ['a', 'b', 'c']) t.append(id, { type: 'message' });
    t.since('a', 0); // a is used again, so b is now the oldest
    t.append('d', { type: 'message' });
    expect(['a', 'b', 'c', 'd'].filter((id) => t.has(id))).toEqual(['a', 'c', 'd']);
    now = 500;
    t.since('d', 0);
    now = 1200;
    t.sweep();
    expect(['a', 'c', 'd'].filter((id) => t.has(id))).toEqual(['d']);
    t.close();
  });

  test('a waiting poll is released by news, by its time limit, or when the server closes', async () => {
    const t = new Transcripts({ maxActivities: 10, maxConversations: 10, idleMs: 60_000 });
    const news = t.waitForNew('c', 0, 10_000);
    t.append('c', { type: 'message' });
    await news;
    const started = Date.now();
    await t.waitForNew('c', 1, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    const held = t.waitForNew('c', 1, 10_000);
    t.close();
    await held;
  });
});

describe('tokens', () => {
  test('carry the conversation and user, and check out', () => {
    const signer = new TokenSigner(SECRET);
    const { token, expiresIn } = signer.issue('Conversation_1', 'dl_person_123');
    expect(expiresIn).toBe(1800);
    expect(signer.check(token)).toMatchObject({ ok: true, claims: { conv: 'Conversation_1', user: 'dl_person_123' } });
  });

  test('refuse what was not signed here, what was changed, and what has expired', () => {
    const signer = new TokenSigner(SECRET);
    const { token } = signer.issue('Conversation_1', 'dl_person_123');
    const [head, body, mac] = token.split('.');
    expect(signer.check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(signer.check('not-a-token')).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.check(`${head}.${body}.${mac}x`)).toEqual({ ok: false, reason: 'forged' });
    const other = Buffer.from(JSON.stringify({ v: 1, conv: 'Conversation_2', user: 'dl_person_123', exp: 9999999999 })).toString('base64url');
    expect(signer.check(`${head}.${other}.${mac}`)).toEqual({ ok: false, reason: 'forged' });
    const none = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    expect(signer.check(`${none}.${body}.`)).toEqual({ ok: false, reason: 'malformed' });
    expect(new TokenSigner(`${SECRET}-other`).check(token)).toEqual({ ok: false, reason: 'forged' });
    const past = new TokenSigner(SECRET, () => Date.now() - 31 * 60 * 1000).issue('Conversation_1', 'dl_person_123').token;
    expect(signer.check(past)).toEqual({ ok: false, reason: 'expired' });
  });

  test('only a server-chosen user id can be bound', () => {
    const signer = new TokenSigner(SECRET);
    const { token } = signer.issue('Conversation_1', 'someone');
    expect(signer.check(token)).toEqual({ ok: false, reason: 'malformed' });
  });
});
