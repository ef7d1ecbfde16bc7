// Wires the layers together: config -> scripts -> store -> bot -> server. Used by index.ts and by tests.
import type restify from 'restify';
import type { AppConfig } from './config.js';
import { loadScripts } from './conversation/script-loader.js';
import type { EngineSetup } from './conversation/setup.js';
import { createLogger, type Logger } from './logger.js';
import { OutcomesBot } from './bot/outcomes-bot.js';
import { PersonConversations } from './bot/person-turn.js';
import { openStore } from './records/open-store.js';
import type { Store } from './records/store.js';
import { loadAllCards } from './cards/templates.js';
import { createAdapter } from './server/adapter.js';
import { createServer } from './server/server.js';
import { registerWebChannel, type WebChannel } from './server/web-channel/index.js';

export interface App {
  server: restify.Server;
  store: Store;
  bot: OutcomesBot;
  setup: EngineSetup;
  people: PersonConversations;
  /** The page and the built-in web chat channel. */
  web: WebChannel;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createApp(config: AppConfig, options: { log?: Logger; store?: Store } = {}): Promise<App> {
  const log = options.log ?? createLogger();
  const org = config.organisation;
  const scripts = loadScripts(config.env.DIALOGS_DIR, org.scripts);
  loadAllCards();
  const setup: EngineSetup = {
    scripts: org.scripts.map((id) => scripts.get(id)!),
    organisation: {
      name: org.name,
      botName: org.botName,
      privacyNoticeUrl: org.privacyNotice.url,
      privacyNoticeVersion: org.privacyNotice.version,
      safetyContacts: org.safetyContacts.contacts,
      maxTextLength: org.maxTextLength,
      retentionDays: org.retentionDays,
      followUpDays: org.followUpDays,
    },
  };
  const store = options.store ?? (await openStore(config.env, log));
  const people = new PersonConversations(setup, store, log);
  const bot = new OutcomesBot(people, log, org.maxTextLength);
  const adapter = createAdapter(config.env, log, () => setup.scripts[0].text.somethingWentWrong);
  const server = createServer(adapter, bot, log);
  const web = registerWebChannel(server, { config, bot, log, apologise: () => setup.scripts[0].text.somethingWentWrong });

  return {
    server,
    store,
    bot,
    setup,
    people,
    web,
    listen(port = config.env.PORT, host = '127.0.0.1') {
      return new Promise((resolve) => {
        server.listen(port, host, () => {
          const address = server.address();
          resolve(`http://${host}:${address.port}`);
        });
      });
    },
    async close() {
      web.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
