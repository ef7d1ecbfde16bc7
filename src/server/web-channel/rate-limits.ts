// Request budgets for the web channel, per token and per address, in memory (one process serves the built-in channel).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitSettings {
  tokenRequestsPerMinute: number;
  addressRequestsPerMinute: number;
  newChatsPerHour: number;
}

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number; scope: 'token' | 'address' | 'new-chats' };

export class WebRateLimits {
  private perToken: RateLimiterMemory;
  private perAddress: RateLimiterMemory;
  private newChats: RateLimiterMemory;

  constructor(settings: RateLimitSettings) {
    this.perToken = new RateLimiterMemory({ keyPrefix: 'token', points: settings.tokenRequestsPerMinute, duration: 60 });
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: settings.addressRequestsPerMinute, duration: 60 });
    this.newChats = new RateLimiterMemory({ keyPrefix: 'new', points: settings.newChatsPerHour, duration: 3600 });
  }

  /** Every web channel request counts against its address... */
  address(address: string): Promise<Verdict> {
    return take(this.perAddress, address, 'address');
  }

  /** ...and against its conversation when it has a token (refreshing the token does not reset it). */
  conversation(conversationId: string): Promise<Verdict> {
    return take(this.perToken, conversationId, 'token');
  }

  /** Starting a chat costs more than a message: it is limited per address per hour. */
  newChat(address: string): Promise<Verdict> {
    return take(this.newChats, address, 'new-chats');
  }
}

async function take(limiter: RateLimiterMemory, key: string, scope: 'token' | 'address' | 'new-chats'): Promise<Verdict> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { ok: false, scope, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}
