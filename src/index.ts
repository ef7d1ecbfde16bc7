// Bootstrap only: config -> app -> listen. A bad setting or script stops start-up with one clear line.
import { ConfigError, loadConfig } from './config.js';
import { ScriptError } from './conversation/script-loader.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';
import { storeKind } from './records/open-store.js';

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    return fail(err);
  }
  try {
    const app = await createApp(config, { log });
    const host = process.env.HOST ?? (config.localMode ? '127.0.0.1' : '0.0.0.0');
    const url = await app.listen(config.env.PORT, host);
    log.info('server.listening', { url, mode: config.localMode ? 'local (anonymous)' : 'authenticated', store: storeKind(config.env), dataDir: config.env.DATABASE_URL ? undefined : config.env.DATA_DIR });
    const shutdown = () => {
      void app.close().then(() => process.exit(0));
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  } catch (err) {
    fail(err);
  }
}

function fail(err: unknown): void {
  if (err instanceof ConfigError || err instanceof ScriptError) {
    process.stderr.write(`outcomes-bot cannot start: ${err.message}\n`);
  } else {
    process.stderr.write(`outcomes-bot cannot start: ${err instanceof Error ? err.name : 'unknown error'}\n`);
  }
  process.exit(1);
}

void main();
