// Handler sources for `taskctl dev --handlers DIR` in tests. BROKEN_CHECK is a CheckTaskStatus
// that fails the way a downstream outage does (a non-retryable error the bundled workflow does not
// catch); FIXED_CHECK is its fix.

export const BROKEN_CHECK = `export async function handler() {
  const error = new Error('the job service is down');
  error.name = 'OutageError';
  throw error;
}
`;

export const FIXED_CHECK = `export async function handler(event) {
  console.log(JSON.stringify({ executionArn: event.executionArn, handler: 'CheckTaskStatus' }));
  return { ...event.job, state: 'SUCCEEDED', checks: event.job.checks + 1 };
}
`;

/** A handler that takes 300 ms and counts its steps: long enough to be in flight when an engine is killed. */
export const SLOW_HANDLER = `export async function handler(event) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { ...event, steps: (event.steps ?? 0) + 1 };
}
`;
