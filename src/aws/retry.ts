import { StatesErrors, TASK_FAILED_EXCLUDED_ERRORS, UNCATCHABLE_ERRORS } from './errors.js';

// The Retry field's rules (Developer Guide, "Error handling in Step Functions": Retrier fields):
// which retrier handles an error, how many attempts it allows, and how long each retry waits.

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number; // default 1
  MaxAttempts?: number; // default 3; 0 means never retry
  BackoffRate?: number; // default 2.0
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2.0 } as const;

/**
 * Whether an ErrorEquals list matches an error name. States.ALL matches any error;
 * States.TaskFailed any except a timeout (States.Timeout, States.HeartbeatTimeout) and
 * States.DataLimitExceeded; other names match exactly. States.Runtime is never matched. `alias`
 * is a second name the same error answers to: a missed heartbeat is written as States.Timeout,
 * yet Retry and Catch match it by States.HeartbeatTimeout too.
 */
export function errorMatches(errorEquals: readonly string[], error: string, alias?: string): boolean {
  if (UNCATCHABLE_ERRORS.includes(error)) return false;
  return errorEquals.some((name) => {
    if (name === error || (alias !== undefined && name === alias)) return true;
    if (name === StatesErrors.ALL) return true;
    if (name === StatesErrors.TaskFailed) return !TASK_FAILED_EXCLUDED_ERRORS.includes(error);
    return false;
  });
}

/** Index of the first retrier whose ErrorEquals matches (by the error's name or its alias), or -1. */
export function findRetrier(retriers: readonly Retrier[] | undefined, error: string, alias?: string): number {
  return (retriers ?? []).findIndex((r) => errorMatches(r.ErrorEquals, error, alias));
}

/** MaxAttempts with its default (3); 0 means the error is never retried. */
export function maxAttempts(retrier: Retrier): number {
  return retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts;
}

/**
 * Delay before the next retry, in milliseconds: IntervalSeconds × BackoffRate^retriesSoFar,
 * capped at MaxDelaySeconds; with JitterStrategy FULL, a random delay in [0, that].
 */
export function retryDelayMs(
  retrier: Retrier,
  retriesSoFar: number,
  random: () => number = Math.random,
): number {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
  let seconds = interval * Math.pow(backoff, retriesSoFar);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return seconds * 1000;
}

/** The longest a retry can wait: the delay without jitter (FULL jitter picks at random below it). */
export const maxRetryDelayMs = (retrier: Retrier, retriesSoFar: number): number =>
  retryDelayMs(retrier, retriesSoFar, () => 1);
