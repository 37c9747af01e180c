import { findRetrier, maxAttempts, maxRetryDelayMs, type Retrier } from '../../aws/retry.js';
import type { AttemptFailure } from './types.js';

/**
 * When the retry of a visit's last failed attempt is due, from the state's Retry policy: the
 * first retrier whose ErrorEquals matches the error, backed off by how many earlier failures
 * of the visit that same retrier already retried. Undefined when no retrier matches or its
 * MaxAttempts are used up (the state is then caught or fails). With JitterStrategy FULL the
 * real delay is random, so this is its upper bound.
 */
export function nextRetryAt(
  retriers: Retrier[] | undefined,
  failures: readonly AttemptFailure[],
): Date | undefined {
  const last = failures[failures.length - 1];
  if (!retriers?.length || !last) return undefined;
  const index = findRetrier(retriers, last.error);
  if (index < 0) return undefined;
  let used = 0;
  for (let i = 0; i < failures.length - 1; i++) {
    if (findRetrier(retriers, failures[i].error) === index) used++;
  }
  const retrier = retriers[index];
  if (used >= maxAttempts(retrier)) return undefined;
  return new Date(last.at.getTime() + maxRetryDelayMs(retrier, used));
}
