import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import {
  CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  formatTimeout,
  parseTimeout,
  requestTimeouts,
} from '../../src/lib/request-timeout.js';

describe('parseTimeout', () => {
  it.each([
    ['30', 30_000],
    ['1.5', 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [' 2M ', 120_000],
    ['5d', 432_000_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseTimeout(text)).toBe(ms);
  });

  it.each(['', '0', 'soon', '-1', '1e3', '2h!'])('refuses %j as bad usage', (text) => {
    expect(() => parseTimeout(text)).toThrow(UsageError);
  });
});

describe('requestTimeouts', () => {
  it('waits 60 s for an answer and 10 s for a connection by default', () => {
    expect(requestTimeouts()).toEqual({
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
    });
    expect([CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS]).toEqual([10_000, 60_000]);
  });

  it('never waits longer to connect than for the whole answer', () => {
    expect(requestTimeouts(1000)).toEqual({ connectionTimeout: 1000, requestTimeout: 1000 });
    expect(requestTimeouts(120_000)).toEqual({ connectionTimeout: 10_000, requestTimeout: 120_000 });
  });

  it('names timeouts as the user wrote them', () => {
    expect([formatTimeout(500), formatTimeout(1000), formatTimeout(1500), formatTimeout(60_000)]).toEqual([
      '500ms',
      '1s',
      '1.5s',
      '60s',
    ]);
  });
});
