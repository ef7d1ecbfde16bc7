// Runs the compiled bot as a child process (as `npm start` would), for tests that restart or kill it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface BotProcess {
  url: string;
  child: ChildProcess;
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['dist/src/index.js'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bot did not start within 20 s')), 20000);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const url = /"event":"server.listening".*"url":"([^"]+)"/.exec(line)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve({
            url,
            child,
            logs,
            stop: (signal = 'SIGTERM') =>
              new Promise((done) => {
                if (child.exitCode !== null || child.signalCode !== null) return done();
                child.once('exit', () => done());
                child.kill(signal);
              }),
          });
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code}: ${logs.join('\n')}`));
    });
  });
}
