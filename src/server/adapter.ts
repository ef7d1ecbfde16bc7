// The Bot Framework adapter: anonymous in local mode, JWT-checked whenever an app id is configured.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Env } from '../config.js';
import type { Logger } from '../logger.js';

export function createAdapter(env: Env, log: Logger, apologise: () => string): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.MicrosoftAppId,
    MicrosoftAppPassword: env.MicrosoftAppPassword,
    MicrosoftAppType: env.MicrosoftAppType || (env.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: env.MicrosoftAppTenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
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
