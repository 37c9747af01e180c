// Shared by the watch modules.

/** Errors the SDK or the wrapper report for a dropped or refused connection. */
export const NETWORK_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ConnectionError',
  'TimeoutError',
  'RequestTimeout',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalServerError',
]);

/** Execution-level terminal event types and the status each ends in. */
export const TERMINAL_EVENT_STATUS: ReadonlyMap<string, string> = new Map([
  ['ExecutionSucceeded', 'SUCCEEDED'],
  ['ExecutionFailed', 'FAILED'],
  ['ExecutionTimedOut', 'TIMED_OUT'],
  ['ExecutionAborted', 'ABORTED'],
]);
