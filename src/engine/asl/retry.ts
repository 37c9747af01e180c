// Retry and Catch: which retrier/catcher handles an error, and how long to wait.

import type { Catcher, Json, Retrier } from './types.js';

/**
 * Errors that end the execution whatever Retry/Catch say: AWS documents that runtime
 * errors "are not retriable and will always cause the execution to fail".
 */
export const UNCATCHABLE_ERRORS: readonly string[] = ['States.Runtime'];

/** Errors the States.ALL (and States.TaskFailed) wildcards never match; naming one explicitly still does. */
export const TERMINAL_ERRORS: readonly string[] = ['States.DataLimitExceeded', 'States.Runtime'];

/**
 * Whether an ErrorEquals list matches an error name. States.ALL matches any error except
 * the terminal ones; States.TaskFailed matches any error except States.Timeout (and the
 * terminal ones); other names match exactly.
 */
export function errorMatches(errorEquals: string[], error: string): boolean {
  if (UNCATCHABLE_ERRORS.includes(error)) return false;
  return errorEquals.some((name) => {
    if (name === error) return true;
    if (TERMINAL_ERRORS.includes(error)) return false;
    if (name === 'States.ALL') return true;
    if (name === 'States.TaskFailed') return error !== 'States.Timeout';
    return false;
  });
}

/** Index of the first retrier whose ErrorEquals matches, or -1. */
export function findRetrier(retriers: Retrier[] | undefined, error: string): number {
  return (retriers ?? []).findIndex((r) => errorMatches(r.ErrorEquals, error));
}

/** The first catcher whose ErrorEquals matches, if any. */
export function findCatcher(catchers: Catcher[] | undefined, error: string): Catcher | undefined {
  return (catchers ?? []).find((c) => errorMatches(c.ErrorEquals, error));
}

/** MaxAttempts with its default (3); 0 means the error is never retried. */
export function maxAttempts(retrier: Retrier): number {
  return retrier.MaxAttempts ?? 3;
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
  const interval = retrier.IntervalSeconds ?? 1;
  const backoff = retrier.BackoffRate ?? 2.0;
  let seconds = interval * Math.pow(backoff, retriesSoFar);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return seconds * 1000;
}

/** The Error Output a Catch hands to its ResultPath. */
export function errorOutput(error: string, cause: string): Json {
  return { Error: error, Cause: cause };
}
