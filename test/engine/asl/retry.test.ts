import { describe, expect, it } from 'vitest';
import {
  errorMatches,
  errorOutput,
  findCatcher,
  findRetrier,
  maxAttempts,
  retryDelayMs,
} from '../../../src/engine/asl/retry.js';
import type { Retrier } from '../../../src/engine/asl/types.js';

describe('errorMatches', () => {
  it('matches exact names only for ordinary errors', () => {
    expect(errorMatches(['ErrorA', 'ErrorB'], 'ErrorB')).toBe(true);
    expect(errorMatches(['ErrorA'], 'errora')).toBe(false);
  });

  it('States.ALL matches everything except the terminal errors', () => {
    expect(errorMatches(['States.ALL'], 'java.lang.Exception')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Timeout')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.DataLimitExceeded')).toBe(false);
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
  });

  it('States.TaskFailed matches everything except States.Timeout', () => {
    expect(errorMatches(['States.TaskFailed'], 'Lambda.ServiceException')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'States.Permissions')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['States.TaskFailed'], 'States.DataLimitExceeded')).toBe(false);
  });

  it('lets DataLimitExceeded be named explicitly, but never catches States.Runtime', () => {
    expect(errorMatches(['States.DataLimitExceeded'], 'States.DataLimitExceeded')).toBe(true);
    expect(errorMatches(['States.Runtime'], 'States.Runtime')).toBe(false);
  });
});

describe('findRetrier / findCatcher', () => {
  // AWS docs: retry everything except States.Timeout.
  const retriers: Retrier[] = [
    { ErrorEquals: ['States.Timeout'], MaxAttempts: 0 },
    { ErrorEquals: ['States.ALL'] },
  ];

  it('returns the first matching retrier', () => {
    expect(findRetrier(retriers, 'States.Timeout')).toBe(0);
    expect(findRetrier(retriers, 'Boom')).toBe(1);
    expect(findRetrier(undefined, 'Boom')).toBe(-1);
    expect(findRetrier([{ ErrorEquals: ['A'] }], 'B')).toBe(-1);
  });

  it('returns the first matching catcher', () => {
    const catchers = [
      { ErrorEquals: ['java.lang.Exception'], ResultPath: '$.error-info', Next: 'RecoveryState' },
      { ErrorEquals: ['States.ALL'], Next: 'EndState' },
    ];
    expect(findCatcher(catchers, 'java.lang.Exception')?.Next).toBe('RecoveryState');
    expect(findCatcher(catchers, 'Other')?.Next).toBe('EndState');
    expect(findCatcher(catchers, 'States.Runtime')).toBeUndefined();
    expect(findCatcher(undefined, 'X')).toBeUndefined();
  });
});

describe('retryDelayMs / maxAttempts', () => {
  it('uses the defaults: 1s doubling, 3 attempts', () => {
    const r: Retrier = { ErrorEquals: ['States.ALL'] };
    expect([0, 1, 2].map((n) => retryDelayMs(r, n))).toEqual([1000, 2000, 4000]);
    expect(maxAttempts(r)).toBe(3);
    expect(maxAttempts({ ErrorEquals: ['X'], MaxAttempts: 0 })).toBe(0);
  });

  it('follows the AWS docs example: 3, 4.5, 6.75, 10.125 seconds', () => {
    const r: Retrier = {
      ErrorEquals: ['States.Timeout'],
      IntervalSeconds: 3,
      MaxAttempts: 4,
      BackoffRate: 1.5,
    };
    expect([0, 1, 2, 3].map((n) => retryDelayMs(r, n))).toEqual([3000, 4500, 6750, 10125]);
  });

  it('caps the delay at MaxDelaySeconds', () => {
    const r: Retrier = { ErrorEquals: ['X'], IntervalSeconds: 1, BackoffRate: 2, MaxDelaySeconds: 5 };
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(r, n))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('applies FULL jitter within [0, delay]', () => {
    const r: Retrier = { ErrorEquals: ['X'], IntervalSeconds: 2, JitterStrategy: 'FULL' };
    expect(retryDelayMs(r, 1, () => 0.25)).toBe(1000);
    expect(retryDelayMs(r, 1, () => 0)).toBe(0);
    expect(retryDelayMs({ ...r, JitterStrategy: 'NONE' }, 1, () => 0.25)).toBe(4000);
  });
});

describe('errorOutput', () => {
  it('builds the Error Output object', () => {
    expect(errorOutput('States.TaskFailed', 'boom')).toEqual({ Error: 'States.TaskFailed', Cause: 'boom' });
  });
});
