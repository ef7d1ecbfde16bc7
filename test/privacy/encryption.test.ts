// Encryption at rest: the keyring, the Store decorator over the real lowdb store, and the start-up rules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';
import { encryptedStore } from '../../src/records/encrypted-store.js';
import { isEncrypted, newKeySpec, parseKeyring } from '../../src/records/keyring.js';
import { openFileStore } from '../../src/records/file-store.js';
import { subjectRefFor } from '../../src/records/subject.js';
import { sampleRecord } from '../fixtures/privacy.js';
import { tempDir } from '../support/app.js';

const k1 = newKeySpec('k1');
const k2 = newKeySpec('k2');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function rawText(dir: string): string {
  return filesUnder(dir)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

describe('the keyring', () => {
  test('round trip, with the key id in the value and a fresh IV each time', () => {
    const ring = parseKeyring(k1);
    const a = ring.encrypt('Mum likes the lunch club', 'ownWords');
    const b = ring.encrypt('Mum likes the lunch club', 'ownWords');
    expect(a).toMatch(/^enc:v1:k1:/);
    expect(a).not.toBe(b);
    expect(ring.decrypt(a, 'ownWords')).toBe('Mum likes the lunch club');
    expect(ring.keyIdOf(a)).toBe('k1');
  });

  test('a value moved to another field, or changed, does not decrypt', () => {
    const ring = parseKeyring(k1);
    const a = ring.encrypt('07700 900123', 'contact.detail');
    expect(() => ring.decrypt(a, 'ownWords')).toThrow(/cannot be decrypted/);
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA');
    expect(() => ring.decrypt(tampered, 'contact.detail')).toThrow(/cannot be decrypted|well-formed/);
  });

  test('old keys still decrypt after a new key is put first; unknown keys are named', () => {
    const old = parseKeyring(k1).encrypt('words', 'note');
    const both = parseKeyring(`${k2},${k1}`);
    expect(both.currentId).toBe('k2');
    expect(both.decrypt(old, 'note')).toBe('words');
    expect(() => parseKeyring(k2).decrypt(old, 'note')).toThrow(/key "k1", which is not in DATA_KEYS/);
  });

  test('bad DATA_KEYS are refused with one line that never shows a key', () => {
    expect(() => parseKeyring('')).toThrow(/at least one key/);
    expect(() => parseKeyring('k1:c2hvcnQ=')).toThrow(/key "k1": must be 32 bytes/);
    expect(() => parseKeyring(`${k1},${k1}`)).toThrow(/used twice/);
    expect(() => parseKeyring('no-colon')).toThrow(/id:base64key/);
  });
});

describe('start-up', () => {
  const org = { ORGANISATION_FILE: 'config/organisation.example.yaml' };

  test('production without DATA_KEYS refuses to start, with one clear line', () => {
    let message = '';
    try {
      loadConfig({ ...org, NODE_ENV: 'production', MicrosoftAppId: 'app' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^setting DATA_KEYS: must be set when NODE_ENV is production/);
    expect(message.split('\n')).toHaveLength(1);
  });

  test('local mode runs without keys; a bad key stops start-up', () => {
    expect(loadConfig(org).keyring).toBeUndefined();
    expect(loadConfig({ ...org, DATA_KEYS: k1 }).keyring?.currentId).toBe('k1');
    expect(() => loadConfig({ ...org, DATA_KEYS: 'k1:abc' })).toThrow(/^setting DATA_KEYS: key "k1": must be 32 bytes/);
  });
});

describe('the encrypted store over lowdb', () => {
  test('free text and contact details are never on disk in the clear, and read back unchanged', async () => {
    const dir = tempDir();
    const store = encryptedStore(await openFileStore(dir), parseKeyring(k1));
    const record = sampleRecord('ABCD-EFGH-JK');
    await store.records.add(record);
    await store.records.update(record.id, (r) => ({
      ...r,
      followUp: { ...r.followUp, notes: [{ by: 'pat', at: r.createdAt, text: 'Phoned Quillon about respite' }] },
    }));
    await store.paused.put('ABCD-EFGH-JK', {
      v: 1,
      step: { kind: 'what-matters' },
      history: [],
      returnToSummary: false,
      answers: { a: { status: 'answered', value: 2, ownWords: 'Zephyrine naps at noon' } },
      priorities: [],
      mode: 'self',
      channel: 'test',
      startedAt: record.createdAt,
      whatMatters: 'Marmalade Thursdays',
      code: 'ABCD-EFGH-JK',
    });

    const back = await store.records.get(record.id);
    expect(back?.whatMatters).toBe(record.whatMatters);
    expect(back?.contact.detail).toBe('07700 900123');
    expect(back?.followUp.notes[0].text).toBe('Phoned Quillon about respite');
    expect((await store.records.bySubject(subjectRefFor('ABCD-EFGH-JK')))[0].outcomes[0].ownWords).toBe(record.outcomes[0].ownWords);
    expect((await store.paused.get('ABCD-EFGH-JK'))?.answers.a.ownWords).toBe('Zephyrine naps at noon');
    await store.close();

    const raw = rawText(dir);
    for (const secret of ['Glockenspiel', 'Wobblesworth', '07700 900123', 'Quillon', 'Zephyrine', 'Marmalade', 'ABCD-EFGH-JK'])
      expect(raw).not.toContain(secret);
    expect(raw).toContain('enc:v1:k1:');
  });

  test('the undecorated store shows ciphertext, so nothing reads around it by accident', async () => {
    const dir = tempDir();
    const inner = await openFileStore(dir);
    const store = encryptedStore(inner, parseKeyring(k1));
    const record = sampleRecord('WXYZ-1234-56');
    await store.records.add(record);
    const raw = await inner.records.get(record.id);
    expect(isEncrypted(raw!.whatMatters!)).toBe(true);
    expect(raw!.subjectRef).toBe(record.subjectRef);
    expect(raw!.confirmedAt).toBe(record.confirmedAt);
    await store.close();
  });
});
