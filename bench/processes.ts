// Starts a bot in its own Node process on 127.0.0.1, waits for its url, reads its resident memory, stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  stop(): Promise<void>;
}

export async function startProcess(script: string, env: Record<string, string>, timeoutMs = 20_000): Promise<BotProcess> {
  const child = spawn(process.execPath, [script], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const reason = stderr.split('\n').find((l) => l.includes('cannot start')) ?? stderr.split('\n').find((l) => l && !/deprecat|trace-deprecation/i.test(l)) ?? '';
      reject(new Error(`${script} exited with ${code}: ${reason}`));
    });
    // Log lines are events and ids only; the bench reads just the listening line and drops the rest.
    lines.on('line', (line) => {
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
