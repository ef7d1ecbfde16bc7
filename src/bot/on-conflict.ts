// What a turn does when its save lost the race to a turn on another instance (the store's version
// check threw ConflictError): run again on what the winner saved, a few times, then give up gently.
import { randomInt } from 'node:crypto';
import type { Logger } from '../logger.js';
import { ConflictError } from '../records/store.js';
import type { AfterFailure } from '../retry.js';

/** Runs of one turn that lose the race before it gives up. */
const MAX_TURN_ATTEMPTS = 5;

/**
 * The rule for `retry`: any other error is thrown on; a conflict runs again after a short random wait
 * (so two instances do not collide again), and after MAX_TURN_ATTEMPTS ends with `giveUp()`.
 * Logs `EVENT` on each run again and `EVENT-gave-up` at the end (no words, only counts).
 */
export function onConflict<T>(log: Logger, event: string, giveUp: (error: ConflictError) => Promise<T>) {
  return async (error: unknown, attempt: number): Promise<AfterFailure<T>> => {
    if (!(error instanceof ConflictError)) throw error;
    if (attempt >= MAX_TURN_ATTEMPTS) {
      log.warn(`${event}-gave-up`, { attempts: attempt });
      return { stop: await giveUp(error) };
    }
    log.info(event, { attempt });
    return { againInMs: randomInt(2, 10) * attempt };
  };
}
