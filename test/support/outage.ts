// A CheckTaskStatus handler for `taskctl dev --handlers DIR` that fails the way a downstream
// outage does (a non-retryable error the bundled workflow does not catch), and its fix.

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
