// Builds the practitioner side for app.ts, each part once and in order: wording, stores, audit, roster,
// desk, notifications, reviews, the hooks for the person's conversation; then, once the person's
// conversation exists, the Teams side that takes practitioners' turns.
import type { CodeGuesses } from '../privacy/code-guesses.js';
import type { FlagNotices } from '../privacy/flag-notices.js';
import path from 'node:path';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { AppConfig } from '../config.js';
import { FileAuditLog, type AuditLog } from '../audit/audit-log.js';
import { sharedAuditLog } from '../audit/shared-audit-log.js';
import { loadReviewScript } from '../conversation/review-script.js';
import type { EngineSetup } from '../conversation/setup.js';
import type { Logger } from '../logger.js';
import { Notifier, type ProactiveSender, type RetryPolicy } from '../notify/notifier.js';
import { PractitionerDesk } from '../practitioner/desk.js';
import { Roster } from '../practitioner/roster.js';
import { PractitionerViews, loadPractitionerCards } from '../practitioner/views.js';
import { loadPractitionerWording } from '../practitioner/wording.js';
import { openPractitionerStores, type PractitionerStores } from './practitioner-stores.js';
import type { Store } from '../records/store.js';
import { loadHeadlineCard } from '../report/headlines.js';
import type { StoreOnDisk } from '../report/aggregate-in-workers.js';
import { organisationReportOptions } from '../report/organisation-options.js';
import { loadReportText } from '../report/text.js';
import { personReviews } from '../bot/person-review.js';
import type { PersonConversations, PersonTurnHooks } from '../bot/person-turn.js';
import { ReviewConversations } from '../bot/review-turn.js';
import { TeamsProactiveSender } from '../bot/practitioner/proactive.js';
import { TeamsPractitioners } from '../bot/practitioner/teams-practitioners.js';

export interface PractitionerSide {
  /** Hooks for PersonConversations: notifications, and reviews started with "review CODE". */
  personHooks: PersonTurnHooks;
  reviews: ReviewConversations;
  desk: PractitionerDesk;
  views: PractitionerViews;
  audit: AuditLog;
  stores: PractitionerStores;
  roster: Roster;
  notifier: Notifier;
  /**
   * Removes reviews and practitioner dialogs left unfinished for longer than the organisation keeps
   * unfinished conversations (they can hold what a person said). Runs at start and every 6 hours.
   */
  sweep(now?: Date): Promise<{ reviews: number; dialogs: number }>;
}

const SWEEP_EVERY_MS = 6 * 60 * 60 * 1000;

export interface PractitionerOptions {
  /** Sends notifications to Teams (app.ts gives one on the bot's adapter; tests their own). */
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
  adapter: CloudAdapter,
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

  const notifier = new Notifier({
    roster,
    references: stores.references,
    sender: options.sender ?? new TeamsProactiveSender(adapter, config.env.MicrosoftAppId),
    views,
    scriptTeams: org.scriptTeams,
    log,
    retry: options.retry,
  });
  const reviews = new ReviewConversations(
    setup,
    reviewWords,
    store,
    stores.reviews,
    log,
    {
      onRecordStored: (record) => Promise.resolve(notifier.recordStored(record)),
      onFlagged: ({ key, channel, scriptId }) => {
        // A review held by a practitioner already has one in front of the person. A person's own review is
        // told at once only where the organisation passes unshared flags on; otherwise only if it is shared.
        if (!isPractitionerKey(key) && org.safeguarding.policy.passOnUnshared) notifier.flagged({ conversationId: `review:${key}`, scriptId, channel });
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
      onRecordStored: (record) => Promise.resolve(notifier.recordStored(record)),
      onFlagged: async (conversationId) => {
        if (isPractitionerKey(conversationId)) return;
        const state = await store.conversations.get(conversationId);
        const record = state?.recordId ? await store.records.get(state.recordId) : undefined;
        if (record) notifier.recordFlagged(record);
        else notifier.flagged({ conversationId, scriptId: state?.scriptId ?? setup.scripts[0].id, channel: state?.channel ?? 'unknown' });
      },
      beforeTurn: async (conversationId, text, info) => (isPractitionerKey(conversationId) ? undefined : reviewTurn(conversationId, text, info)),
      reviewStartWords: reviewWords.startWords,
    },
    reviews,
    desk,
    views,
    audit,
    stores,
    roster,
    notifier,
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

/** The Teams side: practitioners' turns, taken before the person's conversation (built after it, which it holds for them). */
export function teamsPractitioners(
  side: PractitionerSide,
  people: PersonConversations,
  config: AppConfig,
  setup: EngineSetup,
  store: Store,
  log: Logger,
  options: PractitionerOptions = {},
): TeamsPractitioners {
  return new TeamsPractitioners({
    roster: side.roster,
    desk: side.desk,
    views: side.views,
    people,
    reviews: side.reviews,
    setup,
    store,
    references: side.stores.references,
    dialogState: side.stores.dialogs,
    unsignedTeams: config.localMode && config.env.DEV_UNSIGNED_TEAMS === 'loopback',
    tenantId: config.env.MicrosoftAppTenantId || undefined,
    log,
    maxTextLength: config.organisation.maxTextLength,
    principalName: options.principalName,
  });
}

/** Sweeps old reviews and practitioner dialogs now and every 6 hours; returns what stops it. */
export function startPractitionerSweep(side: PractitionerSide, log: Logger): () => void {
  const sweep = () =>
    void side.sweep().catch((error: unknown) => log.error('practitioner.sweep-failed', { error: error instanceof Error ? error.name : 'unknown' }));
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
