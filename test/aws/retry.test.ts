import { describe, expect, it } from 'vitest';
import {
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
