// Start-up refuses bad settings and broken scripts with one clear line (the real compiled server).
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['dist/src/index.js'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'startup-')), ...env },
    encoding: 'utf8',
    timeout: 20000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe('start-up', () => {
  test('a bad setting stops it with one line naming the setting', () => {
    const { status, stderr } = start({ PORT: 'abc' });
    expect(status).toBe(1);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^outcomes-bot cannot start: setting PORT: /);
  });

  test('a broken script stops it with file: path: what is wrong', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dialogs-'));
    cpSync('dialogs', dir, { recursive: true });
    const carer = readFileSync(path.join(dir, 'carer.yaml'), 'utf8').replace('defaultScale: going', 'defaultScale: five');
    writeFileSync(path.join(dir, 'carer.yaml'), carer);
    const { status, stderr } = start({ DIALOGS_DIR: dir });
    expect(status).toBe(1);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/carer\.yaml: defaultScale: unknown scale "five" \(known: going\)$/);
  });

  test('production without an app id refuses to start anonymous', () => {
    const { status, stderr } = start({ NODE_ENV: 'production' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/MicrosoftAppId/);
  });

  test('production without EXPORT_SUBJECT_KEY refuses to start, with one plain line', () => {
    const { status, stderr } = start({
      NODE_ENV: 'production',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'invented-secret',
      DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(status).toBe(1);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^outcomes-bot cannot start: setting EXPORT_SUBJECT_KEY: must be set when NODE_ENV is production/);
  });

  test('an EXPORT_SUBJECT_KEY too short to be a secret stops it', () => {
    const { status, stderr } = start({ EXPORT_SUBJECT_KEY: 'short' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^outcomes-bot cannot start: setting EXPORT_SUBJECT_KEY: must be at least 32 characters$/);
  });
});
