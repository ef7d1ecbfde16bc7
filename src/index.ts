// Bootstrap only: config -> app -> listen. A bad setting or script stops start-up with one clear line.
import { ConfigError, loadConfig } from './config.js';
import { ScriptError } from './conversation/script-loader.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';
import { storeKind } from './wiring/open-store.js';
import { isLoopbackHost } from './server/loopback.js';

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    return fail(err);
  }
  const host = process.env.HOST ?? (config.localMode ? '127.0.0.1' : '0.0.0.0');
  if (config.env.DEV_UNSIGNED_TEAMS && !isLoopbackHost(host)) {
    return fail(new ConfigError(`setting DEV_UNSIGNED_TEAMS: the server must listen on this machine only (HOST=127.0.0.1), not ${host}`));
  }
  if (config.env.DEV_UNSIGNED_TEAMS) {
    // Loud on purpose: anyone on this machine can act as any practitioner on the roster.
    process.stderr.write(
      'outcomes-bot: WARNING: DEV_UNSIGNED_TEAMS is set: practitioner commands run WITHOUT a Teams token for requests from this machine. For development only.\n',
    );
    log.warn('security.dev-unsigned-teams', { hint: 'practitioner commands without a Teams token, from this machine only: never in production' });
  }
  if (config.localMode && config.env.LOCAL_MESSAGES_FROM === 'anywhere') {
    process.stderr.write('outcomes-bot: WARNING: LOCAL_MESSAGES_FROM=anywhere: /api/messages takes unsigned requests from any address.\n');
    log.warn('security.local-messages-open', {});
  }
  try {
    const app = await createApp(config, { log });
    const url = await app.listen(config.env.PORT, host);
    log.info('server.listening', {
      url,
      mode: config.localMode ? 'local (anonymous)' : 'authenticated',
      store: storeKind(config.env),
      dataDir: config.env.DATABASE_URL ? undefined : config.env.DATA_DIR,
    });
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
