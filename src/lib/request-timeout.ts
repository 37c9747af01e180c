import { durationMs } from './duration.js';
import { UsageError } from './errors.js';

// How long taskctl waits for a service, set once on every SDK client (connect and response).

/**
 * One attempt of a request may take this long. Step Functions and CloudWatch Logs answer in well
 * under a second, a 1,000-event history page in a few; 60 s is also the AWS CLI's read timeout.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** A TCP (and TLS) handshake with a regional endpoint takes milliseconds; 10 s covers a bad network. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface RequestTimeouts {
  connectionTimeout: number;
  requestTimeout: number;
}

/** The SDK's request-handler settings for a response timeout of `timeoutMs`. */
export function requestTimeouts(timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): RequestTimeouts {
  return { connectionTimeout: Math.min(CONNECT_TIMEOUT_MS, timeoutMs), requestTimeout: timeoutMs };
}

/** `--timeout` / TASKCTL_TIMEOUT: seconds (`30`, `1.5`) or a duration (`500ms`, `30s`, `2m`). */
export function parseTimeout(value: string): number {
  const text = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : (durationMs(text) ?? NaN);
  if (ms > 0) return ms;
  // oclif names the flag in front of this message.
  throw new UsageError(`"${value}" is neither seconds nor a duration`, {
    hint: 'pass seconds (30) or a duration (500ms, 30s, 2m)',
  });
}

/** 1500 → "1.5s", 60000 → "60s": how the timeout is named in messages. */
export const formatTimeout = (ms: number): string => (ms < 1000 ? `${ms}ms` : `${ms / 1000}s`);
