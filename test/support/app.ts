// A real app (real lowdb files in a temp folder) for bot and HTTP tests.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/logger.js';

export function tempDir(prefix = 'outcomes-bot-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function testApp(env: Record<string, string> = {}, options: { log?: Logger } = {}): Promise<App & { dataDir: string }> {
  const dataDir = env.DATA_DIR ?? tempDir();
  const config = loadConfig({ NODE_ENV: 'test', ORGANISATION_FILE: 'config/organisation.example.yaml', ...env, DATA_DIR: dataDir });
  const app = await createApp(config, { log: options.log ?? silentLogger });
  return Object.assign(app, { dataDir });
}
