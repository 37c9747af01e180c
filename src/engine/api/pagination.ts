import { ApiError } from './errors.js';

/** Opaque page tokens: base64url JSON, so clients treat them as strings as AWS's are. */
export function encodeToken(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * A token is decoded only if every field in `shape` has the type named there: the position
 * ends up bound into SQL, where an object or a missing field is an internal error, not a 400.
 */
export function decodeToken<T extends object>(
  token: unknown,
  shape: Record<keyof T, 'number' | 'string'>,
): T | undefined {
  if (token === undefined || token === null) return undefined;
  try {
    const value = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as unknown;
    if (
      value &&
      typeof value === 'object' &&
      Object.entries(shape).every(([key, type]) => typeof (value as Record<string, unknown>)[key] === type)
    )
      return value as T;
  } catch {
    // fall through to the AWS error
  }
  throw new ApiError('InvalidToken', `Invalid Token: '${String(token)}'`);
}

/** maxResults as AWS reads it: absent or 0 means the default, above 1000 is a validation error. */
export function pageSize(maxResults: unknown, fallback = 100): number {
  if (maxResults === undefined || maxResults === null || maxResults === 0) return fallback;
  if (
    typeof maxResults !== 'number' ||
    !Number.isInteger(maxResults) ||
    maxResults < 0 ||
    maxResults > 1000
  ) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  }
  return maxResults;
}

export const seconds = (ms: number) => ms / 1000;
