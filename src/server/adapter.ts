// The Bot Framework adapter: anonymous in local mode, JWT-checked whenever an app id is configured.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Env } from '../config.js';
import type { Logger } from '../logger.js';
import { reuseClients } from './reuse-clients.js';

/**
 * CloudAdapter, with authentication as its own step: a token that cannot be verified must be a 401 with a
 * plain reason, not the 500 and raw error text CloudAdapter.process returns when key look-up fails.
 */
export class OutcomesAdapter extends CloudAdapter {
  private readonly reuse: ReturnType<typeof reuseClients>;

  constructor(readonly auth: ConfigurationBotFrameworkAuthentication) {
    super(auth);
    this.reuse = reuseClients(auth);
  }

  /** Verifies the Authorization header; throws when it is missing, forged, expired or cannot be checked. */
  authenticate(activity: Activity, authHeader: string) {
    return this.auth.authenticateRequest(activity, authHeader);
  }

  /** Runs a turn whose request has already been authenticated; returns the expectReplies/invoke body, if any. */
  runAuthenticated(
    result: Awaited<ReturnType<OutcomesAdapter['authenticate']>>,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(result.connectorFactory ? { ...result, connectorFactory: this.reuse(result.connectorFactory) } : result, activity, logic);
  }
}

export function createAdapter(env: Env, log: Logger, apologise: () => string): OutcomesAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.MicrosoftAppId,
    MicrosoftAppPassword: env.MicrosoftAppPassword,
    MicrosoftAppType: env.MicrosoftAppType || (env.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: env.MicrosoftAppTenantId,
  });
  const adapter = new OutcomesAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // The error's name only: its message could echo what the person typed.
    log.error('turn.failed', { error: error instanceof Error ? error.name : 'unknown', channel: context.activity.channelId });
    try {
      await context.sendActivity(apologise());
    } catch {
      // The channel may be gone; nothing more to do.
    }
  };
  return adapter;
}
