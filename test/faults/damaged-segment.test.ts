// Attack 5 (issue 14): one truncated records file stopped export, report and purge for everyone. Each
// now reports the damaged file, what it held and how to recover, and carries on with the rest.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { openFileStore } from '../../src/records/file-store.js';
import { tempDir } from '../support/app.js';
import { generateRecords } from '../fixtures/generate-records.js';

const COUNT = 300;
let dataDir: string;
let damaged: string;
let lost: number;

function run(cli: string, args: string[]) {
  return spawnSync(process.execPath, [`dist/src/cli/${cli}.js`, ...args], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATA_DIR: dataDir, ORGANISATION_FILE: 'config/organisation.example.yaml' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

beforeAll(async () => {
  dataDir = tempDir('damaged-');
  const store = await openFileStore(dataDir);
  const records = generateRecords({ count: COUNT, seed: 14, from: '2020-01-01', to: '2020-12-31' });
  for (const r of records) await store.records.add(r);
  await store.close();
  // The open segment of the first shard, cut short as a full disk or a bad copy might leave it.
  const dir = path.join(dataDir, 'records');
  damaged = readdirSync(dir)
    .filter((f) => /^[0-9a-f]{2}\.json$/.test(f))
    .sort()[0];
  lost = (JSON.parse(readFileSync(path.join(dir, damaged), 'utf8')) as { records: unknown[] }).records.length;
  truncateSync(path.join(dir, damaged), 100);
  console.log(`damaged: ${damaged} held ${lost} of ${COUNT} records`);
}, 120_000);

describe('a truncated records file', () => {
  test('export: every other record, and a plain report of the damaged file with how to recover', () => {
    const file = path.join(tempDir('damaged-export-'), 'export.json');
    const out = run('export', ['--format', 'json', '--out', file]);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain(`${damaged}: not valid JSON`);
    expect(out.stderr).toMatch(/To recover: stop the bot, put this file back from your backup/);
    // One record per line.
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    expect(lines.every((l) => JSON.parse(l))).toBe(true);
    expect(lines).toHaveLength(COUNT - lost);
  });

  test('report: made from the rest', () => {
    const file = path.join(tempDir('damaged-report-'), 'report.json');
    const out = run('report', ['--format', 'json', '--out', file, '--from', '2020-01-01', '--to', '2020-12-31']);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain(`${damaged}: not valid JSON`);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`"n":\\s*${COUNT - lost}\\b|${COUNT - lost}`));
  });

  test('purge: retention goes on for everyone else (all these records are past it)', async () => {
    const out = run('purge', []);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain(`${damaged}: not valid JSON`);
    const store = await openFileStore(dataDir);
    let left = 0;
    for await (const _ of store.records.all()) left++;
    await store.close();
    expect(left).toBe(0);
  });
});
