import { describe, expect, it } from 'vitest';
import type { Retrier } from '../../../src/engine/asl/types.js';
import { nextRetryAt, type AttemptFailure } from '../../../src/lib/history/index.js';

const at = new Date('2024-01-01T00:00:10.000Z');
const failure = (error: string, attempt: number): AttemptFailure => ({ attempt, error, cause: '', at });
const after = (date: Date | undefined) => (date ? date.getTime() - at.getTime() : undefined);

describe('nextRetryAt', () => {
  const retriers: Retrier[] = [
    { ErrorEquals: ['States.Timeout'], IntervalSeconds: 10, MaxAttempts: 1 },
    { ErrorEquals: ['TransientError', 'Other'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 },
    { ErrorEquals: ['States.ALL'] },
  ];

  it('backs off by the earlier retries of the matching retrier only', () => {
    expect(after(nextRetryAt(retriers, [failure('TransientError', 1)]))).toBe(2000);
    expect(after(nextRetryAt(retriers, [failure('Other', 1), failure('TransientError', 2)]))).toBe(6000);
    // a States.Timeout retry in between uses another retrier and does not count
    const mixed = [failure('TransientError', 1), failure('States.Timeout', 2), failure('TransientError', 3)];
    expect(after(nextRetryAt(retriers, mixed))).toBe(6000);
  });

  it('uses the first retrier that matches, with the ASL defaults', () => {
    expect(after(nextRetryAt(retriers, [failure('States.Timeout', 1)]))).toBe(10_000);
    // States.ALL: IntervalSeconds 1, BackoffRate 2
    expect(after(nextRetryAt(retriers, [failure('Boom', 1), failure('Boom', 2)]))).toBe(2000);
  });

  it('is undefined once MaxAttempts are used, or when nothing matches', () => {
    expect(
      nextRetryAt(retriers, [failure('States.Timeout', 1), failure('States.Timeout', 2)]),
    ).toBeUndefined();
    const three = [1, 2, 3].map((n) => failure('TransientError', n));
    expect(after(nextRetryAt(retriers, three))).toBe(18_000);
    expect(nextRetryAt(retriers, [...three, failure('TransientError', 4)])).toBeUndefined();
    expect(nextRetryAt([retriers[1]], [failure('Boom', 1)])).toBeUndefined();
    expect(nextRetryAt(undefined, [failure('Boom', 1)])).toBeUndefined();
    expect(nextRetryAt(retriers, [])).toBeUndefined();
  });

  it('caps at MaxDelaySeconds and reports the upper bound for FULL jitter', () => {
    const capped: Retrier = { ErrorEquals: ['E'], IntervalSeconds: 4, BackoffRate: 4, MaxDelaySeconds: 10 };
    expect(after(nextRetryAt([capped], [failure('E', 1), failure('E', 2)]))).toBe(10_000);
    const jitter: Retrier = { ErrorEquals: ['E'], IntervalSeconds: 4, JitterStrategy: 'FULL' };
    for (let i = 0; i < 5; i++) expect(after(nextRetryAt([jitter], [failure('E', 1)]))).toBe(4000);
  });
});
