// Data at rest through the whole app: with DATA_KEYS nothing a person typed is on disk in the clear;
// without, the bot warns once. The CLIs (compiled, as npm runs them): rotate-keys, purge, erase.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { parseKeyring } from '../../src/records/keyring.js';
import { openFileStore } from '../../src/records/file-store.js';
import { testApp } from '../support/app.js';
import { talk } from '../support/bot-talk.js';
import { carerOnly, codeIn, finishConversation } from './support.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const k1 = key('k1', 1);
const k2 = key('k2', 2);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function disk(dir: string): string {
  return filesUnder(dir)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

function cli(name: string, env: Record<string, string>, args: string[] = []) {
  const r = spawnSync(process.execPath, [`dist/src/cli/${name}.js`, ...args], {
    env: { PATH: process.env.PATH ?? '', ...carerOnly, ...env },
    encoding: 'utf8',
    timeout: 30000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const words = { whatMatters: 'Restoring Archibald the narrowboat', ownWords: 'Euphemia visits on Thursdays', whatWouldHelp: 'A lift to Strathbungo library' };

async function seed(env: Record<string, string>) {
  const app = await testApp({ ...carerOnly, ...env });
  const { code } = await finishConversation(app, { ...words, share: true, phone: '07700 900333' });
  const said = await talk(app.bot)
    .joins()
    .user('yes')
    .user('Knitting with Hortensia')
    .user('pause')
    .botSays(/Your code is/);
  // A safety flag with a number and a safe time to call: kept on the flag notice for practitioners.
  await talk(app.bot)
    .joins()
    .user('yes')
    .user('I want to kill myself')
    .user('Yes, by phone')
    .user('07700 900777')
    .user('after 7 when Lavinia is asleep')
    .user('stop')
    .botSays(/will get in touch on 07700 900777/);
  expect((await app.privacy.notices.list())[0].contact?.detail).toBe('07700 900777');
  await app.close();
  return { dataDir: app.dataDir, code, pausedCode: codeIn(said.text) };
}

describe('with DATA_KEYS', () => {
  test('no typed word, contact detail or reference code is on disk in the clear, anywhere under DATA_DIR', async () => {
    const { dataDir, code, pausedCode } = await seed({ DATA_KEYS: k1 });
    const text = disk(dataDir);
    for (const secret of [...Object.values(words), 'Archibald', 'Euphemia', 'Strathbungo', 'Hortensia', '07700 900333', '900777', 'Lavinia', code, pausedCode])
      expect(text).not.toContain(secret);
    expect(text).toContain('enc:v1:k1:');
  });
});

describe('without DATA_KEYS', () => {
  test('local mode warns once, in one line, and works', async () => {
    const lines: string[] = [];
    const app = await testApp(carerOnly, { log: createLogger((l) => lines.push(l)) });
    apps.push(app);
    await finishConversation(app);
    const warnings = lines.filter((l) => l.includes('data.unencrypted'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 'warn', event: 'data.unencrypted' });
  });
});

describe('npm run rotate-keys', () => {
  test('prints a new key, then moves every value to the first key and says when an old key can go', async () => {
    const made = cli('rotate-keys', {}, ['--new-key', 'k9']);
    expect(made.status).toBe(0);
    expect(() => parseKeyring(made.stdout.trim())).not.toThrow();

    const { dataDir, code, pausedCode } = await seed({ DATA_KEYS: k1 });
    const r = cli('rotate-keys', { DATA_DIR: dataDir, DATA_KEYS: `${k2},${k1}` });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/before: k1: \d+/);
    expect(r.stdout).toMatch(/after: k2: \d+\n/);
    expect(r.stdout).toMatch(/nothing is left under k1; you can remove it from DATA_KEYS/);
    expect(r.status).toBe(0);
    expect(disk(dataDir)).not.toContain('enc:v1:k1:');

    // Only the new key now: everything still reads.
    const app = await testApp({ ...carerOnly, DATA_DIR: dataDir, DATA_KEYS: k2 });
    apps.push(app);
    await talk(app.bot)
      .user(`my copy ${code}`)
      .botSays(/Euphemia visits on Thursdays/);
    await talk(app.bot)
      .user(`resume ${pausedCode}`)
      .botSays(/Welcome back/);
    expect((await app.privacy.notices.list())[0].contact).toEqual({ method: 'phone', detail: '07700 900777', when: 'after 7 when Lavinia is asleep' });
  });

  test('plain text written before encryption was turned on is encrypted by it', async () => {
    const { dataDir } = await seed({});
    expect(disk(dataDir)).toContain('Euphemia');
    const r = cli('rotate-keys', { DATA_DIR: dataDir, DATA_KEYS: k1 });
    expect(r.stdout).toMatch(/before: .*plain: \d+/);
    expect(r.status).toBe(0);
    expect(disk(dataDir)).not.toContain('Euphemia');
    expect(disk(dataDir)).not.toContain('Lavinia');
  });

  test('refuses without DATA_KEYS, in one line', async () => {
    const { dataDir } = await seed({});
    const r = cli('rotate-keys', { DATA_DIR: dataDir });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^rotate-keys: DATA_KEYS is not set/);
  });
});

describe('npm run purge and npm run erase', () => {
  test('purge reports what it removed (nothing here is old), and a dry run removes nothing', async () => {
    const { dataDir } = await seed({ DATA_KEYS: k1 });
    const dry = cli('purge', { DATA_DIR: dataDir }, ['--dry-run']);
    expect(dry.stdout).toMatch(
      /^purge: would remove 0 records, 0 paused conversations, 0 unfinished conversations, 0 flag notices \(retention 1095 days, unfinished 30 days\)/,
    );
    const real = cli('purge', { DATA_DIR: dataDir });
    expect(real.status).toBe(0);
    expect(real.stdout).toMatch(/^purge: removed 0 records/);
    expect(cli('purge', { DATA_DIR: path.join(dataDir, 'nope') }).stderr).toMatch(/^purge: data directory not found/);
  });

  test('erase removes everything under a code, for a request made by phone or letter', async () => {
    const { dataDir, code } = await seed({ DATA_KEYS: k1 });
    const r = cli('erase', { DATA_DIR: dataDir, DATA_KEYS: k1 }, ['--code', code.toLowerCase()]);
    expect(r.stdout).toMatch(/^erase: removed 1 records, 0 paused conversations, 1 conversation states, 0 flag notices/);
    expect(r.status).toBe(0);
    const store = await openFileStore(dataDir);
    const left = [];
    for await (const rec of store.records.all()) left.push(rec);
    await store.close();
    expect(left).toEqual([]);
    expect(cli('erase', { DATA_DIR: dataDir }, ['--code', 'nonsense']).stderr).toMatch(/^erase: --code must be a reference code/);
  });
});
