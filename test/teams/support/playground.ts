// Runs the Microsoft 365 Agents Playground (a Teams-like client, npm package) against a bot on
// 127.0.0.1, and Debian's Chromium (headless, through playwright-core) against the Playground.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Playground {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the Playground for `endpoint` (the bot's /api/messages) as channel msteams, on 127.0.0.1 only. */
export async function startPlayground(endpoint: string): Promise<Playground> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const port = await freePort();
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'playground-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      path.resolve('test/teams/support/loopback-only.cjs'),
      cli,
      '-e',
      endpoint,
      '-c',
      'msteams',
      '-p',
      String(port),
      '--su',
      `http://127.0.0.1:${port}/_connector`,
      '--dt',
    ],
    {
      cwd,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_LOGFILE: path.join(cwd, 'playground.log') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Playground did not start within 30 s:\n${output}`)), 30000);
    const check = () => {
      if (new RegExp(`Listening on ${port}`).test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Playground stopped (exit ${code}):\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
