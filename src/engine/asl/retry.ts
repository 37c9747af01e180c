// Retry and Catch: which retrier/catcher handles an error, and how long to wait. The matching
// and retry maths are AWS's rules, shared with the CLI through src/aws.

import { errorMatches } from '../../aws/retry.js';
import type { Catcher, Json } from './types.js';

export { errorMatches, findRetrier, maxAttempts, retryDelayMs } from '../../aws/retry.js';

/** The first catcher whose ErrorEquals matches, if any. */
export function findCatcher(catchers: Catcher[] | undefined, error: string): Catcher | undefined {
  return (catchers ?? []).find((c) => errorMatches(c.ErrorEquals, error));
}

/** The Error Output a Catch hands to its ResultPath. */
export function errorOutput(error: string, cause: string): Json {
  return { Error: error, Cause: cause };
}
