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
