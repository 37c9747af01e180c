// Catch: which catcher handles an error, and what it hands on. Matching error names and the Retry
// maths are AWS's rules, shared with the CLI in src/aws/retry.ts.

import { errorMatches } from '../../aws/retry.js';
import type { Catcher, Json } from './types.js';

/** The first catcher whose ErrorEquals matches, if any. */
export function findCatcher(
  catchers: Catcher[] | undefined,
  error: string,
  alias?: string,
): Catcher | undefined {
  return (catchers ?? []).find((c) => errorMatches(c.ErrorEquals, error, alias));
}

/** The Error Output a Catch hands to its ResultPath. */
export function errorOutput(error: string, cause: string): Json {
  return { Error: error, Cause: cause };
}
