// The composition root: every object built once, in order (config -> scripts -> store -> privacy ->
// practitioners -> the person's conversation -> bot -> server), none changed after. Used by index.ts and tests.
import path from 'node:path';
import type restify from 'restify';
import { organisationView, type AppConfig } from './config.js';
import { loadScripts } from './conversation/script-loader.js';
import type { EngineSetup } from './conversation/setup.js';
import { createLogger, type Logger } from './logger.js';
import { OutcomesBot } from './bot/outcomes-bot.js';
import { PersonConversations } from './bot/person-turn.js';
import { preparePractitioners, startPractitionerSweep, teamsPractitioners, type PractitionerOptions, type PractitionerSide } from './wiring/practitioners.js';
import { openStore } from './wiring/open-store.js';
import { encryptedStore } from './records/encrypted-store.js';
import { cardLabels } from './cards/labels.js';
import { openFlagNotices, type FlagNotices } from './privacy/flag-notices.js';
import { registerSecurityTxt } from './server/security-txt.js';
import { registerMyCopyPage } from './server/my-copy-page.js';
import { PersonRights } from './privacy/person-rights.js';
import { CodeGuesses } from './privacy/code-guesses.js';
import { purgeExpired, startRetentionTimer, type PurgeResult } from './privacy/retention.js';
import { loadSafeguarding } from './privacy/safeguarding-file.js';
import { openTombstones } from './privacy/tombstones.js';
import { sealedFlagNotices } from './privacy/sealed-flag-notices.js';
import { sharedFlagNotices, sharedTombstones } from './privacy/shared-privacy.js';
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
  /** Practitioners in Teams: desk, reviews, audit, notifications. */
  practitioners: PractitionerSide;
  /** Safeguarding notices, the person's rights, retention. */
  privacy: PrivacySide;
  /** The page and the built-in web chat channel. */
  web: WebChannel;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

interface PrivacySide {
  notices: FlagNotices;
  rights: PersonRights;
  /** Removes what is past the organisation's retention now (the daily timer calls this too). */
  purge(now?: Date): Promise<PurgeResult>;
  /** Others holding data about a person (reviews, Teams) register here to erase theirs on "forget me" and retention. */
  onErased(listener: (erased: { subjectRef?: string; recordIds: string[] }) => Promise<void>): void;
}

export async function createApp(config: AppConfig, options: { log?: Logger; store?: Store; practitioners?: PractitionerOptions } = {}): Promise<App> {
  const log = options.log ?? createLogger();
  const org = config.organisation;
  const scripts = loadScripts(config.env.DIALOGS_DIR, org.scripts);
  loadAllCards();
  const setup: EngineSetup = {
    scripts: org.scripts.map((id) => scripts.get(id)!),
    organisation: organisationView(org),
    safeguarding: loadSafeguarding({
      // An organisation's phrases file is found next to its organisation file.
      phrasesFile: org.safeguarding.phrasesFile && path.resolve(path.dirname(config.env.ORGANISATION_FILE), org.safeguarding.phrasesFile),
      replaceDefaults: org.safeguarding.replaceDefaults,
    }),
  };
  const rawStore = options.store ?? (await openStore(config.env, log, config.keyring));
  if (!config.keyring) log.warn('data.unencrypted', { hint: 'set DATA_KEYS to encrypt free text at rest (required in production)' });
  const store = config.keyring ? encryptedStore(rawStore, config.keyring) : rawStore;
  const dataDir = path.resolve(config.env.DATA_DIR);
  // A store several instances share (PostgreSQL) holds notices and tombstones too, so every instance sees the same.
  const rawNotices = rawStore.shared ? sharedFlagNotices(rawStore.shared) : await openFlagNotices(dataDir);
  // A person's contact answer on a notice is sealed at rest like the rest of what they typed.
  const notices = config.keyring ? sealedFlagNotices(rawNotices, config.keyring) : rawNotices;
  const tombstones = rawStore.shared ? sharedTombstones(rawStore.shared) : await openTombstones(dataDir);
  const erasedListeners: ((erased: { subjectRef?: string; recordIds: string[] }) => Promise<void>)[] = [];
  const tellErased = async (erased: { subjectRef?: string; recordIds: string[] }) => {
    for (const listener of erasedListeners) await listener(erased);
  };
  // Only the embedded store in DATA_DIR can be opened again by a worker thread (not one handed in, nor PostgreSQL).
  const reportOnDisk = options.store || config.env.DATABASE_URL ? undefined : { dataDir, dataKeys: config.env.DATA_KEYS.trim() || undefined };
  // One count of code tries for every command that takes a code (resume, review, my copy, forget me).
  const guesses = new CodeGuesses();
  const adapter = createAdapter(config.env, log, () => setup.scripts[0].text.somethingWentWrong);
  const practitionerOptions = { flagNotices: notices, reportOnDisk, guesses, ...options.practitioners };
  const practitioners = await preparePractitioners(config, setup, store, log, adapter, practitionerOptions);
  const rights = new PersonRights({ setup, store, log, notices, tombstones, onErased: tellErased, publicUrl: config.env.PUBLIC_URL, guesses });
  const people = new PersonConversations(setup, store, log, practitioners.personHooks, {
    rights,
    notices,
    passOnUnshared: org.safeguarding.policy.passOnUnshared,
    matchedWords: org.safeguarding.policy.matchedWords,
    guesses,
  });
  const teams = teamsPractitioners(practitioners, people, config, setup, store, log, practitionerOptions);
  const bot = new OutcomesBot(people, log, org.maxTextLength, teams);
  const stopSweep = startPractitionerSweep(practitioners, log);
  const server = createServer(adapter, bot, log, {
    localMode: config.localMode,
    fromAnywhere: config.env.LOCAL_MESSAGES_FROM === 'anywhere',
    devUnsignedTeams: config.env.DEV_UNSIGNED_TEAMS === 'loopback',
  });
  const web = registerWebChannel(server, { config, bot, log, apologise: () => setup.scripts[0].text.somethingWentWrong });
  registerMyCopyPage(
    server,
    {
      organisation: org.name,
      primaryColour: org.branding.primaryColour,
      script: setup.scripts[0],
      lookup: (code) => rights.lookup(code),
      trustProxy: config.env.TRUST_PROXY,
      log,
    },
    cardLabels(),
  );
  registerSecurityTxt(server, org.security, config.env.PUBLIC_URL, log);
  const purge = (now?: Date) => purgeExpired({ store: rawStore, notices, tombstones, onErased: (recordIds) => tellErased({ recordIds }) }, org, now);
  const stopRetention = startRetentionTimer(() => purge(), log);
  const privacy: PrivacySide = { notices, rights, purge, onErased: (listener) => void erasedListeners.push(listener) };
  // A review in progress holds what the person said and points at their records: it goes with them.
  privacy.onErased(async ({ subjectRef, recordIds }) => {
    await practitioners.stores.reviews.sweep?.((review) =>
      review.subjectRef === subjectRef || recordIds.includes(review.previousRecordId) ? 'delete' : 'keep',
    );
  });

  return {
    server,
    store,
    bot,
    setup,
    people,
    privacy,
    practitioners,
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await practitioners.notifier.idle();
      stopRetention();
      stopSweep();
      await store.close();
    },
  };
}
