// The web channel: page, embed script, token route and the built-in Direct Line v3 subset, registered on the server.
import path from 'node:path';
import type { ActivityHandler } from 'botbuilder';
import type restify from 'restify';
import type { AppConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { WebChannelAdapter } from './adapter.js';
import { registerDirectLine } from './direct-line.js';
import { registerPage } from './page.js';
import { loadWording, pageView } from './page-view.js';
import { WebRateLimits } from './rate-limits.js';
import { originOf, websocketOrigin, type SecurityPolicy } from './security.js';
import { registerTokenRoute, TOKEN_ROUTE } from './token-route.js';
import { TokenSigner } from './tokens.js';
import { DEFAULT_LIMITS, Transcripts, type TranscriptLimits } from './transcripts.js';
import { HeapGuard, webChatMemoryBytes } from './load-shedding.js';

export interface WebChannelOptions {
  config: AppConfig;
  bot: ActivityHandler;
  log: Logger;
  /** The apology a person sees when a turn fails. */
  apologise: () => string;
  publicDir?: string;
  transcriptLimits?: TranscriptLimits;
  longPollMs?: number;
  heap?: HeapGuard;
}

export interface WebChannel {
  adapter: WebChannelAdapter;
  transcripts: Transcripts;
  /** Releases held polls and timers, so the server can close at once. */
  close(): void;
}

export function registerWebChannel(server: restify.Server, options: WebChannelOptions): WebChannel {
  const { env, organisation } = options.config;
  const publicDir = path.resolve(options.publicDir ?? 'public');
  const azure = env.DIRECT_LINE_SECRET ? { secret: env.DIRECT_LINE_SECRET, endpoint: env.DIRECT_LINE_ENDPOINT } : undefined;
  const azureOrigin = azure ? originOf(azure.endpoint) : undefined;
  const logoOrigin = organisation.branding.logoUrl ? originOf(organisation.branding.logoUrl) : undefined;
  const policy: SecurityPolicy = {
    allowedOrigins: organisation.allowedSites.map(originOf).filter((o): o is string => Boolean(o)),
    connectOrigins: azureOrigin ? [azureOrigin, websocketOrigin(azureOrigin)] : [],
    imageOrigins: logoOrigin ? [logoOrigin] : [],
  };
  const signer = new TokenSigner(env.WEBCHAT_TOKEN_SECRET);
  const limits = new WebRateLimits({
    tokenRequestsPerMinute: env.WEBCHAT_TOKEN_REQUESTS_PER_MINUTE,
    addressRequestsPerMinute: env.WEBCHAT_ADDRESS_REQUESTS_PER_MINUTE,
    newChatsPerHour: env.WEBCHAT_NEW_CHATS_PER_HOUR,
  });
  const memoryBytes = webChatMemoryBytes(env.WEBCHAT_MEMORY_MB);
  if (memoryBytes < env.WEBCHAT_MEMORY_MB * 1024 * 1024) {
    options.log.warn('webchat.memory-capped', {
      configuredMb: env.WEBCHAT_MEMORY_MB,
      usedMb: Math.floor(memoryBytes / (1024 * 1024)),
      hint: 'a quarter of the heap',
    });
  }
  const transcripts = new Transcripts(options.transcriptLimits ?? { ...DEFAULT_LIMITS, maxBytes: memoryBytes });
  const adapter = new WebChannelAdapter(transcripts, { id: 'outcomes-bot', name: organisation.botName }, options.log, options.apologise);
  const common = {
    limits,
    policy,
    log: options.log,
    trustProxy: env.TRUST_PROXY,
    signer,
    heap: options.heap ?? new HeapGuard(env.WEBCHAT_SHED_AT_HEAP_PERCENT / 100),
  };

  registerTokenRoute(server, { ...common, directLine: azure });
  registerDirectLine(server, {
    ...common,
    bot: options.bot,
    adapter,
    transcripts,
    // A message of the longest allowed answer, in any script, fits with room to spare; anything bigger is refused.
    maxActivityBytes: Math.max(16 * 1024, organisation.maxTextLength * 6 + 4096),
    longPollMs: options.longPollMs ?? 10_000,
  });
  registerPage(server, {
    publicDir,
    view: pageView(organisation, loadWording(path.join(publicDir, 'wording.json'))),
    policy,
    tokenUrl: TOKEN_ROUTE,
    maxTextLength: organisation.maxTextLength,
  });

  return { adapter, transcripts, close: () => transcripts.close() };
}
