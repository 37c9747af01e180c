import { describe, expect, it } from 'vitest';
import { PollBackoff } from '../../../src/lib/watch/backoff.js';
import { CallBudget } from '../../../src/lib/watch/budget.js';
import { compactEvent } from '../../../src/lib/watch/compact.js';
import { isThrottling, isTransient } from '../../../src/lib/watch/errors.js';
import { ServiceError } from '../../../src/lib/errors.js';
import { truncateVisible } from '../../../src/lib/render/watch-live.js';

describe('PollBackoff', () => {
  it('backs off ×1.5 from 250 ms to 5 s while quiet, and resets on change', () => {
    const backoff = new PollBackoff();
    const quiet = Array.from({ length: 10 }, () => backoff.next(false));
    expect(quiet.slice(0, 4)).toEqual([375, 563, 845, 1268]);
    expect(quiet.at(-1)).toBe(5_000);
    expect(backoff.next(true)).toBe(250);
  });

  it('doubles after throttling, past the quiet ceiling up to the penalty ceiling', () => {
    const backoff = new PollBackoff({ maxMs: 5_000, penaltyMaxMs: 30_000 });
    expect(backoff.penalize()).toBe(500);
    for (let i = 0; i < 10; i++) backoff.penalize();
    expect(backoff.delayMs).toBe(30_000);
    expect(backoff.next(false)).toBe(20_000); // quiet polls ease back towards the 5 s ceiling
    for (let i = 0; i < 10; i++) backoff.next(false);
    expect(backoff.delayMs).toBe(5_000);
    expect(backoff.next(true)).toBe(250);
  });
});

describe('CallBudget', () => {
  it('spreads calls at its rate once the burst is spent', async () => {
    const budget = new CallBudget({ ratePerSecond: 20, burst: 2 });
    const started = performance.now();
    for (let i = 0; i < 8; i++) await budget.take();
    // 2 from the burst, then 6 at 20/s: at least 300 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('halves the rate on throttling, down to its floor, and wins it back on success', () => {
    let now = 0;
    const budget = new CallBudget({ ratePerSecond: 10, minRatePerSecond: 1, now: () => now });
    budget.slowDown();
    expect(budget.ratePerSecond).toBe(5);
    for (let i = 0; i < 10; i++) budget.slowDown();
    expect(budget.ratePerSecond).toBe(1);
    for (let i = 0; i < 100; i++) {
      now += 100;
      budget.succeeded();
    }
    expect(budget.ratePerSecond).toBe(10);
  });

  it('rejects a waiting caller on abort without blocking later callers', async () => {
    const budget = new CallBudget({ ratePerSecond: 2, burst: 1 });
    await budget.take();
    const controller = new AbortController();
    const waiting = budget.take(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    await expect(budget.take()).resolves.toBeUndefined();
  });
});

describe('watch error classification', () => {
  it('treats throttling (also wrapped by the SDK wrapper) and 5xx as transient, the rest as fatal', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    const wrapped = new ServiceError('Step Functions is throttling requests', {
      name: 'ThrottlingException',
      cause: throttled,
    });
    expect(isThrottling(throttled)).toBe(true);
    expect(isThrottling(wrapped)).toBe(true);
    expect(
      isTransient(
        Object.assign(new Error('x'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }),
      ),
    ).toBe(true);
    expect(isTransient(new ServiceError('cannot connect', { name: 'ConnectionError' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('gone'), { name: 'NotFoundError' }))).toBe(false);
  });
});

describe('compactEvent', () => {
  it('drops payloads and keeps what the per-state view needs', () => {
    const event = {
      id: 7,
      previousEventId: 6,
      timestamp: new Date(0),
      type: 'LambdaFunctionFailed',
      lambdaFunctionFailedEventDetails: { error: 'TransientError', cause: 'x'.repeat(5_000) },
      stateEnteredEventDetails: { name: 'A', input: '{"big": true}', inputDetails: { truncated: false } },
    };
    const compact = compactEvent(event);
    expect(compact.stateEnteredEventDetails).toEqual({ name: 'A' });
    const details = compact.lambdaFunctionFailedEventDetails as { error: string; cause: string };
    expect(details.error).toBe('TransientError');
    expect(details.cause.length).toBeLessThan(2_100);
    expect(compact.id).toBe(7);
  });
});

describe('truncateVisible', () => {
  it('cuts at the visible width, keeping escape sequences whole', () => {
    expect(truncateVisible('\u001B[31mabcdef\u001B[39m', 3)).toBe('\u001B[31mabc\u001B[0m');
    expect(truncateVisible('abc', 10)).toBe('abc');
  });
});
