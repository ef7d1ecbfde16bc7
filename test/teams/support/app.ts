// A real app for the Teams tests: real lowdb files in a temp folder, the invented Teams organisation,
// and (when given) a sender standing in for Teams.
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger, type Logger } from '../../../src/logger.js';
import type { ProactiveSender, RetryPolicy } from '../../../src/notify/notifier.js';
import { OutcomeRecord, RECORD_SCHEMA_VERSION } from '../../../src/records/record.js';
import { newRecordId } from '../../../src/records/record-id.js';
import { loadScripts } from '../../../src/conversation/script-loader.js';
import { tempDir } from '../../support/app.js';

export const TEAMS_ORG = 'test/teams/organisation.teams.yaml';

export async function teamsApp(
  env: Record<string, string> = {},
  options: { log?: Logger; sender?: ProactiveSender; retry?: Partial<RetryPolicy>; principalName?: () => Promise<string | undefined> } = {},
): Promise<App & { dataDir: string }> {
  const dataDir = env.DATA_DIR ?? tempDir('outcomes-teams-');
  // Teams here is the TestAdapter or the Agents Playground on this machine, unsigned: the development setting.
  const dev = env.MicrosoftAppId ? {} : { DEV_UNSIGNED_TEAMS: 'loopback' };
  const config = loadConfig({ NODE_ENV: 'test', ORGANISATION_FILE: TEAMS_ORG, ...dev, ...env, DATA_DIR: dataDir });
  const app = await createApp(config, {
    log: options.log ?? silentLogger,
    practitioners: { sender: options.sender, retry: options.retry, principalName: options.principalName },
  });
  return Object.assign(app, { dataDir });
}

const carer = loadScripts('dialogs', ['carer']).get('carer')!;

/** An invented carer record: ratings by outcome index (1-5), the rest skipped. */
export function carerRecord(options: {
  subjectRef?: string;
  ratings?: Record<number, number>;
  words?: Record<number, string>;
  sharing?: 'shared' | 'private';
  flagged?: boolean;
  confirmedAt?: string;
  mode?: OutcomeRecord['mode'];
  answeredBy?: OutcomeRecord['answeredBy'];
  whatMatters?: string;
  /** Which outcome the person picked as a priority (default the second; -1 none). */
  priorityIndex?: number;
}): OutcomeRecord {
  const subjectRef = options.subjectRef ?? `subject-${Math.random().toString(36).slice(2)}`;
  const scale = carer.scales[carer.defaultScale];
  const confirmedAt = options.confirmedAt ?? '2026-11-20T10:00:00.000Z';
  return OutcomeRecord.parse({
    id: newRecordId(subjectRef),
    schemaVersion: RECORD_SCHEMA_VERSION,
    script: { id: 'carer', version: carer.version, locale: carer.locale },
    mode: options.mode ?? 'self',
    answeredBy: options.answeredBy ?? 'carer',
    channel: 'webchat',
    subjectRef,
    consent: { agreed: true, at: confirmedAt, noticeVersion: '2026-11' },
    createdAt: confirmedAt,
    confirmedAt,
    whatMatters: options.whatMatters ?? 'Getting a full night of sleep',
    outcomes: carer.outcomes.map((o, i) => {
      const value = options.ratings?.[i];
      const option = scale.options.find((s) => s.value === value);
      return {
        id: o.id,
        label: o.label,
        group: o.group,
        groupTitle: carer.groups.find((g) => g.id === o.group)!.title,
        status: option ? 'answered' : 'skipped',
        rating: option ? { value: option.value, label: option.label, scale: carer.defaultScale, max: 5 } : undefined,
        ownWords: options.words?.[i],
        priority: i === (options.priorityIndex ?? 1),
      };
    }),
    sharing: options.sharing ?? 'shared',
    contact: { method: 'phone', detail: '07700 900123' },
    safeguardingFlag: options.flagged ? { flagged: true, categories: ['harm-to-self'], at: confirmedAt } : { flagged: false, categories: [] },
    followUp: { status: 'new', actions: [], notes: [] },
  });
}
