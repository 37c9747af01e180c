import { THROTTLING_ERRORS } from '../../aws/errors.js';
import { NETWORK_ERROR_NAMES } from './constants.js';

// Which failures slow the watch down instead of ending it.

interface ErrorShape {
  name?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function names(error: unknown, depth = 0): ErrorShape[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const shape = error as ErrorShape;
  return [shape, ...names(shape.cause, depth + 1)];
}

/** The service asked us to slow down (after the SDK's own retries ran out). */
export const isThrottling = (error: unknown): boolean =>
  names(error).some(
    (shape) => THROTTLING_ERRORS.has(shape.name ?? '') || shape.$metadata?.httpStatusCode === 429,
  );

/** Worth another try later: throttling, a 5xx, or a dropped connection. */
export const isTransient = (error: unknown): boolean =>
  isThrottling(error) ||
  names(error).some(
    (shape) =>
      NETWORK_ERROR_NAMES.has(shape.name ?? '') ||
      (shape.$metadata?.httpStatusCode ?? 0) >= 500 ||
      shape.name === 'ConnectionError',
  );
