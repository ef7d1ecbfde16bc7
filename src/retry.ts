// The one way to try again, for every kind of retry here: a turn that lost its save to another instance
// (ConflictError, src/bot/on-conflict.ts) and a Teams send that was throttled (src/notify/notifier.ts).
// Hand-written because each caller decides per failure (a give-up answer, a Retry-After header), which
// p-retry's fixed policies would hide behind options and thrown wrappers.

/** After a failed attempt: try again in `againInMs`, or stop with this result. To stop with the error, throw it. */
export type AfterFailure<T> = { againInMs: number } | { stop: T };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task` until it succeeds, asking `decide` after each failure (attempts count from 1). */
export async function retry<T>(
  task: (attempt: number) => Promise<T>,
  decide: (error: unknown, attempt: number) => AfterFailure<T> | Promise<AfterFailure<T>>,
  sleep: (ms: number) => Promise<void> = wait,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      const next = await decide(error, attempt);
      if ('stop' in next) return next.stop;
      await sleep(next.againInMs);
    }
  }
}
