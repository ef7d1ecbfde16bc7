// Starts a bot in its own Node process on 127.0.0.1, waits for its url, reads its resident memory, stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every common build. */
const CLOCK_TICKS = 100;

export interface BotProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resident set size in MB, from /proc/PID/status (VmRSS). */
  rssMb(): number;
  /** CPU time used so far (user + system), ms, from /proc/PID/stat. */
  cpuMs(): number;
  /** Resolves true once the bot has logged this event (its log name only), false after timeoutMs. */
  waitForEvent(event: string, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** The Node options `npm start` runs the bot with (package.json), so the bench runs it the same way. */
export function startOptions(root = process.cwd()): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.start ?? '';
  return /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/src\/index\.js/.exec(start)?.[1].trim().split(/\s+/).filter(Boolean) ?? [];
}

export async function startProcess(script: string, env: Record<string, string>, timeoutMs = 20_000, nodeArgs: string[] = startOptions()): Promise<BotProcess> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const events = new Set<string>();
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const reason =
        stderr.split('\n').find((l) => l.includes('cannot start')) ?? stderr.split('\n').find((l) => l && !/deprecat|trace-deprecation/i.test(l)) ?? '';
      reject(new Error(`${script} exited with ${code}: ${reason}`));
    });
    // Log lines are events and ids only; the bench keeps just the event names.
    lines.on('line', (line) => {
      const event = /"event":"([\w.-]+)"/.exec(line)?.[1];
      if (event && events.size < 1000) events.add(event);
      if (!line.includes('server.listening')) return;
      try {
        const found = (JSON.parse(line) as { url?: string }).url;
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      } catch {
        // not a JSON line; ignore
      }
    });
  });
  child.removeAllListeners('exit');
  const pid = child.pid!;
  return {
    url,
    pid,
    child,
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
      return kb / 1024;
    },
    async waitForEvent(event, timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (!events.has(event) && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      return events.has(event);
    },
    cpuMs() {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
