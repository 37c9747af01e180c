import { setTimeout as sleep } from 'node:timers/promises';
import { THROTTLING_ERRORS } from '../aws/errors.js';
import { serviceErrorOf } from './errors.js';
import type { Pacer } from './pace.js';
import { parseTimeout } from './request-timeout.js';
import { connectionErrorCode, isServerFault } from './sdk/errors.js';

// One call of a bulk run (a start of `submit --batch`, a redrive): paid from the run's Pacer, and
// seen through what a long run meets on its way. Throttling tells the Pacer (which halves on
// congestion) and tries again at the Pacer's next token (the SDK hands a paced call's throttling
// straight back: StepFunctions.paced(), sdk/paced-retry.ts). A connection refused or dropped (the local engine restarting, a
// network blip) or a 5xx is tried again with backoff. All for a bounded time, then the error is
// the call's. (The SDK retries those a few times first, but within a second or two, and not at
// all once its retry quota is spent.)

/** How long one call keeps being retried, by default. */
export const DEFAULT_RETRY_FOR_MS = 30_000;

export interface PacedCallOptions {
  pacer: Pacer;
  /** Stop retrying once this long has passed since the call first failed. */
  retryForMs: number;
  /**
   * Repeating the call is harmless even if an earlier attempt reached the service: it carries an
   * execution name or a client token, so the service answers a repeat with the first result.
   */
  idempotent: boolean;
  /** Ctrl-C: no further attempt; a call that already failed reports that failure. */
  signal?: AbortSignal;
  clock?: { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> };
}

const realClock = {
  now: () => performance.now(),
  sleep: (ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }),
};

/**
 * Why a failed call may be tried again, if it may.
 * Throttling and a refused connection mean the service did not act, so retrying is always safe.
 * A reset connection (ECONNRESET, EPIPE, "socket hang up") or a 5xx may come after the service
 * acted, so they are retried only when a repeat cannot act twice.
 */
export function retryReason(
  error: unknown,
  idempotent: boolean,
): 'throttled' | 'connection' | 'server' | undefined {
  const service = serviceErrorOf(error);
  if (service && THROTTLING_ERRORS.has(service)) return 'throttled';
  const code = connectionErrorCode(error);
  if (code === 'ECONNREFUSED') return 'connection';
  if (!idempotent) return undefined;
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection';
  return isServerFault(error) ? 'server' : undefined;
}

/** An error the service answered with (it names it), and not a 5xx: the service did its part. */
const answeredWithoutThrottling = (error: unknown): boolean =>
  serviceErrorOf(error) !== undefined && !isServerFault(error);

/** Backoff between connection attempts: 100 ms doubling to 2 s, each with jitter (so workers spread out). */
const reconnectDelayMs = (attempt: number): number => {
  const ceiling = Math.min(2_000, 100 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
};

/**
 * Runs `call` once a token is paid, retrying as above. An AbortError before the first attempt
 * means the call was never made; after a failed attempt, Ctrl-C ends it with that failure.
 */
export async function pacedCall<T>(call: () => Promise<T>, options: PacedCallOptions): Promise<T> {
  const { pacer, signal } = options;
  const clock = options.clock ?? realClock;
  let failed: { at: number; error: unknown } | undefined;
  let reconnects = 0;
  for (;;) {
    await pacer.take(signal).catch((abort: unknown) => Promise.reject(failed ? failed.error : abort));
    try {
      const result = await call();
      pacer.succeeded();
      return result;
    } catch (error) {
      const reason = retryReason(error, options.idempotent);
      // The service answered, and not with throttling (ExecutionAlreadyExists on a re-run): it had
      // room for the call. Unheard, a run of such answers with a few throttlings among them would
      // read as congestion and halve the rate again and again.
      if (!reason && answeredWithoutThrottling(error)) pacer.succeeded();
      failed = { at: failed?.at ?? clock.now(), error };
      const failedAt = failed.at;
      if (!reason || clock.now() - failedAt >= options.retryForMs || signal?.aborted) throw error;
      if (reason === 'throttled') pacer.slowDown();
      // A throttled call waits for its next token; otherwise it also waits for the service.
      else
        await clock.sleep(reconnectDelayMs(reconnects++), signal).catch(() => Promise.reject(error as Error));
    }
  }
}

/** TASKCTL_RETRY_FOR: seconds (`30`) or a duration (`2m`) a bulk call keeps being retried. */
export function retryForMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = env.TASKCTL_RETRY_FOR;
  if (!value) return DEFAULT_RETRY_FOR_MS;
  try {
    return parseTimeout(value);
  } catch (error) {
    (error as Error).message = `TASKCTL_RETRY_FOR ${(error as Error).message}`;
    throw error;
  }
}
