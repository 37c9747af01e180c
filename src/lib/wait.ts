import { setTimeout as sleep } from 'node:timers/promises';
import { isTerminalStatus } from '../aws/statuses.js';

// The one way taskctl waits for something to change: polls spaced by a Backoff, abortable.
// Step Functions has no waiters, so the poll loop is ours; p-retry and friends retry failures,
// which is not this (a quiet poll is a success; a change should bring the next poll closer).

export interface BackoffOptions {
  initialMs?: number;
  factor?: number;
  maxMs?: number;
  /** The ceiling after throttling or a transient error. */
  penaltyMaxMs?: number;
}

/** How long to wait before the next poll: short while things change, longer while quiet, longer still after throttling. */
export class Backoff {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
  readonly penaltyMaxMs: number;
  private current: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.factor = options.factor ?? 1.5;
    this.maxMs = options.maxMs ?? 5_000;
    this.penaltyMaxMs = options.penaltyMaxMs ?? 30_000;
    this.current = this.initialMs;
  }

  /** The delay before the next poll, given whether the last poll found anything new. */
  next(changed: boolean): number {
    if (changed) this.current = this.initialMs;
    // After throttling, quiet polls ease back down to the ceiling rather than jump to it.
    else if (this.current > this.maxMs)
      this.current = Math.max(this.maxMs, Math.round(this.current / this.factor));
    else this.current = Math.min(this.maxMs, Math.round(this.current * this.factor));
    return this.current;
  }

  /** Throttled or a transient failure: wait at least twice as long, up to the penalty ceiling. */
  penalize(): number {
    this.current = Math.min(this.penaltyMaxMs, Math.max(this.initialMs, this.current * 2));
    return this.current;
  }

  get delayMs(): number {
    return this.current;
  }
}

export interface PollOptions extends Omit<BackoffOptions, 'penaltyMaxMs'> {
  /** Aborting rejects the wait with an AbortError (the base command turns it into exit 130). */
  signal?: AbortSignal;
  /** Wait one delay before the first poll (the thing was only just started). */
  waitFirst?: boolean;
}

/** Calls `poll` until it returns something other than undefined, backing off between calls. */
export async function pollUntil<T>(
  poll: () => Promise<T | undefined>,
  options: PollOptions = {},
): Promise<T> {
  const { signal, waitFirst = false, initialMs = 200, maxMs = 2_000, factor } = options;
  const backoff = new Backoff({ initialMs, maxMs, factor });
  let delay = backoff.delayMs;
  if (waitFirst) {
    await sleep(delay, undefined, { signal });
    delay = backoff.next(false);
  }
  for (;;) {
    const done = await poll();
    if (done !== undefined) return done;
    await sleep(delay, undefined, { signal });
    delay = backoff.next(false);
  }
}

/** Describes until the status is terminal (`submit --wait`). */
export function pollUntilTerminal<T extends { status?: string }>(
  describe: () => Promise<T>,
  options: PollOptions & { onPoll?: (status: string | undefined) => void } = {},
): Promise<T> {
  return pollUntil(async () => {
    const current = await describe();
    options.onPoll?.(current.status);
    return isTerminalStatus(current.status) ? current : undefined;
  }, options);
}
