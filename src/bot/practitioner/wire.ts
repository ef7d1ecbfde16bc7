// Puts the practitioner side together (wording, stores, audit, roster, desk, reviews, notifications)
// and hands app.ts the hooks for the person's conversation, so app.ts needs only a few lines.
import type { CodeGuesses } from '../../privacy/code-guesses.js';
import type { FlagNotices } from '../../privacy/flag-notices.js';
import path from 'node:path';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { AppConfig } from '../../config.js';
import { FileAuditLog, type AuditLog } from '../../audit/audit-log.js';
import { sharedAuditLog } from '../../audit/shared-audit-log.js';
import { loadReviewScript } from '../../conversation/review-script.js';
import type { EngineSetup } from '../../conversation/setup.js';
import type { Logger } from '../../logger.js';
import { Notifier, type ProactiveSender, type RetryPolicy } from '../../notify/notifier.js';
import { PractitionerDesk } from '../../practitioner/desk.js';
import { Roster } from '../../practitioner/roster.js';
import { PractitionerViews, loadPractitionerCards } from '../../practitioner/views.js';
import { loadPractitionerWording } from '../../practitioner/wording.js';
import { openPractitionerStores, type PractitionerStores } from '../../wiring/practitioner-stores.js';
import type { Store } from '../../records/store.js';
import { loadHeadlineCard } from '../../report/headlines.js';
import type { StoreOnDisk } from '../../report/aggregate-in-workers.js';
import { organisationReportOptions } from '../../report/organisation-options.js';
import { loadReportText } from '../../report/text.js';
import type { OutcomesBot } from '../outcomes-bot.js';
import { personReviews } from '../person-review.js';
import type { PersonConversations, PersonTurnHooks } from '../person-turn.js';
import { ReviewConversations } from '../review-turn.js';
import { TeamsProactiveSender } from './proactive.js';
import { TeamsPractitioners } from './teams-practitioners.js';

export interface PractitionerSide {
  /** Hooks for PersonConversations: notifications, and reviews started with "review CODE". */
  personHooks: PersonTurnHooks;
  reviews: ReviewConversations;
  desk: PractitionerDesk;
  views: PractitionerViews;
  audit: AuditLog;
  stores: PractitionerStores;
  /** Set by attach(). */
  notifier?: Notifier;
  teams?: TeamsPractitioners;
  /** Starts practitioner turns on the bot and notifications through the adapter. */
  attach(bot: OutcomesBot, adapter: CloudAdapter, people: PersonConversations): void;
  /**
   * Removes reviews and practitioner dialogs left unfinished for longer than the organisation keeps
   * unfinished conversations (they can hold what a person said). Runs at start and every 6 hours.
   */
  sweep(now?: Date): Promise<{ reviews: number; dialogs: number }>;
}

const SWEEP_EVERY_MS = 6 * 60 * 60 * 1000;

export interface PractitionerOptions {
  /** Replaces the Teams sender (tests). */
  sender?: ProactiveSender;
  retry?: Partial<RetryPolicy>;
  audit?: AuditLog;
  /** The safeguarding notices, so flags with no record show in the queue (and flags in a person's own review are kept there). */
  flagNotices?: FlagNotices;
  /** The embedded store's folder and keys, when the store is the one in DATA_DIR: managers' figures are then counted on a worker thread. */
  reportOnDisk?: StoreOnDisk;
  /** Replaces the Teams member lookup used for roster entries with only a principal name (tests). */
  principalName?: (context: TurnContext) => Promise<string | undefined>;
  /** Limits on commands that take a reference code, shared with the person's conversation. */
  guesses?: CodeGuesses;
}

/** Keys under which practitioners hold a conversation with a person: never a person's own chat. */
const isPractitionerKey = (conversationId: string): boolean => conversationId.startsWith('practitioner-');

export async function preparePractitioners(
  config: AppConfig,
  setup: EngineSetup,
  store: Store,
  log: Logger,
  options: PractitionerOptions = {},
): Promise<PractitionerSide> {
  const org = config.organisation;
  const dialogsDir = config.env.DIALOGS_DIR;
  const words = loadPractitionerWording(dialogsDir);
  const reviewWords = loadReviewScript(dialogsDir);
  loadPractitionerCards();
  // The headline figures' wording and card, read now so a broken file stops start-up, not a manager's turn.
  const report = { report: organisationReportOptions(org, new Map(setup.scripts.map((s) => [s.id, s]))), text: loadReportText(), onDisk: options.reportOnDisk };
  loadHeadlineCard();
  const dataDir = path.resolve(config.env.DATA_DIR);
  // A store several instances share (PostgreSQL) holds these too, so every instance sees the same.
  const stores = await openPractitionerStores(dataDir, config.keyring, store.shared);
  const audit = options.audit ?? (store.shared ? sharedAuditLog(store.shared) : await FileAuditLog.open(dataDir));
  const roster = new Roster(org.practitioners);
  const metLabels = { fully: reviewWords.met.fully.staffLabel, partly: reviewWords.met.partly.staffLabel, not: reviewWords.met.not.staffLabel };
  const views = new PractitionerViews(words, setup.scripts, roster, org.maxTextLength, metLabels);
  const desk = new PractitionerDesk({
    store,
    audit,
    views,
    setup,
    scriptTeams: org.scriptTeams,
    log,
    maxTextLength: org.maxTextLength,
    flagNotices: options.flagNotices,
    matchedWords: org.safeguarding.policy.matchedWords,
    report,
  });

  let notifier: Notifier | undefined;
  const reviews = new ReviewConversations(
    setup,
    reviewWords,
    store,
    stores.reviews,
    log,
    {
      onRecordStored: (record) => Promise.resolve(notifier?.recordStored(record)),
      onFlagged: ({ key, channel, scriptId }) => {
        // A review held by a practitioner already has one in front of the person. A person's own review is
        // told at once only where the organisation passes unshared flags on; otherwise only if it is shared.
        if (!isPractitionerKey(key) && org.safeguarding.policy.passOnUnshared) notifier?.flagged({ conversationId: `review:${key}`, scriptId, channel });
        return Promise.resolve();
      },
    },
    options.guesses,
    options.flagNotices && {
      notices: options.flagNotices,
      // As the first conversation: passed on under the organisation's policy; a practitioner's own chat has one there.
      passesOn: (key) => !isPractitionerKey(key) && org.safeguarding.policy.passOnUnshared,
      matchedWords: org.safeguarding.policy.matchedWords,
    },
  );
  const reviewTurn = personReviews(reviews);

  const side: PractitionerSide = {
    personHooks: {
      onRecordStored: (record) => Promise.resolve(notifier?.recordStored(record)),
      onFlagged: async (conversationId) => {
        if (isPractitionerKey(conversationId)) return;
        const state = await store.conversations.get(conversationId);
        const record = state?.recordId ? await store.records.get(state.recordId) : undefined;
        if (record) notifier?.recordFlagged(record);
        else notifier?.flagged({ conversationId, scriptId: state?.scriptId ?? setup.scripts[0].id, channel: state?.channel ?? 'unknown' });
      },
      beforeTurn: async (conversationId, text, info) => (isPractitionerKey(conversationId) ? undefined : reviewTurn(conversationId, text, info)),
      reviewStartWords: reviewWords.startWords,
    },
    reviews,
    desk,
    views,
    audit,
    stores,
    attach(bot, adapter, people) {
      notifier = new Notifier({
        roster,
        references: stores.references,
        sender: options.sender ?? new TeamsProactiveSender(adapter, config.env.MicrosoftAppId),
        views,
        scriptTeams: org.scriptTeams,
        log,
        retry: options.retry,
      });
      side.notifier = notifier;
      side.teams = new TeamsPractitioners({
        roster,
        desk,
        views,
        people,
        reviews,
        setup,
        store,
        references: stores.references,
        dialogState: stores.dialogs,
        unsignedTeams: config.localMode && config.env.DEV_UNSIGNED_TEAMS === 'loopback',
        tenantId: config.env.MicrosoftAppTenantId || undefined,
        log,
        maxTextLength: org.maxTextLength,
        principalName: options.principalName,
      });
      side.teams.attach(bot);
      const sweep = () =>
        void side.sweep().catch((error: unknown) => log.error('practitioner.sweep-failed', { error: error instanceof Error ? error.name : 'unknown' }));
      sweep();
      setInterval(sweep, SWEEP_EVERY_MS).unref();
    },
    async sweep(now = new Date()) {
      const cutoff = now.getTime() - org.unfinishedRetentionDays * 24 * 60 * 60 * 1000;
      const old = (iso: unknown) => typeof iso !== 'string' || !(Date.parse(iso) >= cutoff);
      const reviews = (await stores.reviews.sweep?.((r) => (old(r.startedAt) ? 'delete' : 'keep'))) ?? 0;
      const dialogs = (await stores.dialogs.sweep?.((d) => (old(d.savedAt) ? 'delete' : 'keep'))) ?? 0;
      if (reviews + dialogs) log.info('practitioner.swept', { reviews, dialogs });
      return { reviews, dialogs };
    },
  };
  return side;
}
