import { setTimeout as sleep } from 'node:timers/promises';
import { isAbortError } from '../errors.js';

// The bulk machinery of `redrive`: a concurrency-capped pool whose results can be consumed in
// input order while later items are still running, and a start-rate limiter.

export type PoolResult<R> = { started: true; value: R } | { started: false };

export interface PoolOptions {
  concurrency: number;
  /** Once aborted, no further item starts; items in flight finish. */
  signal?: AbortSignal;
}

/**
 * Runs `worker` over `items`, at most `concurrency` at a time, starting them in input order.
 * Returns one promise per item, so a caller can await them in order and stream results.
 * An item that was never started, or whose worker gave up with an AbortError before doing
 * anything, resolves to `{ started: false }`; any other worker error rejects that item's promise.
 */
export function runPool<T, R>(
  items: readonly T[],
  worker: (item: T, index: number) => Promise<R>,
  options: PoolOptions,
): Array<Promise<PoolResult<R>>> {
  const settle: Array<{ resolve: (result: PoolResult<R>) => void; reject: (error: unknown) => void }> = [];
  const results = items.map(
    () => new Promise<PoolResult<R>>((resolve, reject) => settle.push({ resolve, reject })),
  );
  // Callers may stop consuming after an interruption; never leave an unhandled rejection behind.
  results.forEach((result) => result.catch(() => {}));
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      if (options.signal?.aborted) {
        settle[index].resolve({ started: false });
        continue;
      }
      try {
        settle[index].resolve({ started: true, value: await worker(items[index], index) });
      } catch (error) {
        if (isAbortError(error)) settle[index].resolve({ started: false });
        else settle[index].reject(error);
      }
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(options.concurrency), items.length));
  for (let i = 0; i < lanes; i++) void lane();
  return results;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/**
 * At most `perSecond` starts per second, evenly spaced: each call resolves at its slot.
 * Rejects with an AbortError if the signal fires while waiting (the caller then has not started).
 */
export function rateLimiter(
  perSecond: number,
  clock: Clock = realClock,
): (signal?: AbortSignal) => Promise<void> {
  const interval = 1000 / perSecond;
  let nextSlot = -Infinity;
  return async (signal) => {
    signal?.throwIfAborted();
    const now = clock.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + interval;
    if (slot > now) await clock.sleep(slot - now, signal);
  };
}
