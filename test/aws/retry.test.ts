import { describe, expect, it } from 'vitest';
import {
  errorMatches,
  findRetrier,
  maxAttempts,
  maxRetryDelayMs,
  retryDelayMs,
  type Retrier,
} from '../../src/aws/retry.js';

// Developer Guide, "Handling errors in Step Functions workflows" (concepts-error-handling.html,
// "Retrying after an error"), Retrier fields: IntervalSeconds
// (default 1), MaxAttempts (default 3; 0 never retries), BackoffRate (default 2.0) multiplies the
// interval on each attempt, MaxDelaySeconds caps it, JitterStrategy FULL randomises it.
describe('retry maths', () => {
  it('waits IntervalSeconds × BackoffRate^n: 3 s with backoff 1.5 waits 3 s, then 4.5 s', () => {
    const retrier: Retrier = {
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 3,
      MaxAttempts: 2,
      BackoffRate: 1.5,
    };
    expect(retryDelayMs(retrier, 0)).toBe(3_000);
    expect(retryDelayMs(retrier, 1)).toBe(4_500);
  });

  it('uses the defaults: 1 s, doubling, three attempts', () => {
    const retrier: Retrier = { ErrorEquals: ['States.ALL'] };
    expect([0, 1, 2].map((n) => retryDelayMs(retrier, n))).toEqual([1_000, 2_000, 4_000]);
    expect(maxAttempts(retrier)).toBe(3);
    expect(maxAttempts({ ...retrier, MaxAttempts: 0 })).toBe(0);
  });

  it('caps the delay at MaxDelaySeconds', () => {
    const retrier: Retrier = {
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 2,
      BackoffRate: 3,
      MaxDelaySeconds: 10,
    };
    expect([0, 1, 2, 3].map((n) => retryDelayMs(retrier, n))).toEqual([2_000, 6_000, 10_000, 10_000]);
  });

  it('with FULL jitter waits a random time up to the capped delay', () => {
    const retrier: Retrier = {
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 2,
      MaxDelaySeconds: 5,
      JitterStrategy: 'FULL',
    };
    expect(retryDelayMs(retrier, 3, () => 0.25)).toBe(1_250);
    expect(retryDelayMs(retrier, 3, () => 0)).toBe(0);
    expect(maxRetryDelayMs(retrier, 3)).toBe(5_000);
    expect(maxRetryDelayMs(retrier, 0)).toBe(2_000);
  });

  it('picks the first retrier whose ErrorEquals matches; States.Runtime is never retried', () => {
    const retriers: Retrier[] = [{ ErrorEquals: ['Custom'] }, { ErrorEquals: ['States.ALL'] }];
    expect(findRetrier(retriers, 'Custom')).toBe(0);
    expect(findRetrier(retriers, 'Other')).toBe(1);
    expect(findRetrier(retriers, 'States.Runtime')).toBe(-1);
    expect(findRetrier(undefined, 'Custom')).toBe(-1);
  });
});

describe('a missed heartbeat (States.Timeout, alias States.HeartbeatTimeout)', () => {
  // Design §4: written as States.Timeout; Retry and Catch match it by States.HeartbeatTimeout too.
  const heartbeat = (errorEquals: string[]) =>
    errorMatches(errorEquals, 'States.Timeout', 'States.HeartbeatTimeout');

  it('is matched by either name, and by States.ALL', () => {
    expect(heartbeat(['States.HeartbeatTimeout'])).toBe(true);
    expect(heartbeat(['States.Timeout'])).toBe(true);
    expect(heartbeat(['States.ALL'])).toBe(true);
    expect(
      findRetrier(
        [{ ErrorEquals: ['Other'] }, { ErrorEquals: ['States.HeartbeatTimeout'] }],
        'States.Timeout',
        'States.HeartbeatTimeout',
      ),
    ).toBe(1);
  });

  it('is not a States.TaskFailed, and a task timeout is not a heartbeat timeout', () => {
    expect(heartbeat(['States.TaskFailed'])).toBe(false);
    expect(errorMatches(['States.HeartbeatTimeout'], 'States.Timeout')).toBe(false);
  });
});

describe('errorMatches', () => {
  it('matches exact names only for ordinary errors', () => {
    expect(errorMatches(['ErrorA', 'ErrorB'], 'ErrorB')).toBe(true);
    expect(errorMatches(['ErrorA'], 'errora')).toBe(false);
  });

  it('States.ALL matches everything except States.Runtime (DataLimitExceeded too, as AWS recorded)', () => {
    expect(errorMatches(['States.ALL'], 'java.lang.Exception')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Timeout')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.DataLimitExceeded')).toBe(true);
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

describe('findRetrier', () => {
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
