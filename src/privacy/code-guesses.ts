// Every command that takes a reference code (resume CODE, review CODE, my copy CODE, forget me CODE)
// counts here, per conversation and per address: codes are hard to guess only if guessing is slow.
import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface CodeGuessLimits {
  perConversation: number;
  perAddress: number;
  /** The window both counts are over. */
  seconds: number;
}

/** A person uses one or two codes; an office behind one address may have a few dozen people a window. */
const DEFAULT_CODE_GUESSES: CodeGuessLimits = { perConversation: 5, perAddress: 60, seconds: 15 * 60 };

export class CodeGuesses {
  private conversations: RateLimiterMemory;
  private addresses: RateLimiterMemory;

  constructor(limits: CodeGuessLimits = DEFAULT_CODE_GUESSES) {
    this.conversations = new RateLimiterMemory({ keyPrefix: 'code-conversation', points: limits.perConversation, duration: limits.seconds });
    this.addresses = new RateLimiterMemory({ keyPrefix: 'code-address', points: limits.perAddress, duration: limits.seconds });
  }

  /** Counts one try; false when this conversation or address has had its tries for now. */
  async take(conversationId: string, address?: string): Promise<boolean> {
    try {
      await this.conversations.consume(conversationId);
      if (address) await this.addresses.consume(address);
      return true;
    } catch {
      return false;
    }
  }
}

/** The turnState key under which the HTTP layer leaves the caller's address for the turn. */
export const CLIENT_ADDRESS = Symbol('client address');
