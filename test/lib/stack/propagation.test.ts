import { describe, expect, it } from 'vitest';
import { ServiceError, UsageError } from '../../../src/lib/errors.js';
import { retryWhileRolePropagates } from '../../../src/lib/stack/propagation.js';

// IAM propagation: the refusals AWS documents for a role that is not assumable yet are retried
// for a bounded time; anything else is not. The clock and the sleep are fakes, so nothing waits.

const LAMBDA = () =>
  new ServiceError(
    'InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.',
    {
      serviceError: 'InvalidParameterValueException',
    },
  );
const STATES = () =>
  new ServiceError(
    'access denied on AWS: Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
    { serviceError: 'AccessDeniedException' },
  );
const STATES_ARN = () =>
  new UsageError(
    'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
    { serviceError: 'InvalidArn' },
  );

function fakeClock() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    options: {
      limitMs: 60_000,
      now: () => now,
      wait: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
    },
  };
}

describe('retryWhileRolePropagates', () => {
  it.each([
    ['Lambda', LAMBDA],
    ['Step Functions (AccessDeniedException)', STATES],
    ['Step Functions (InvalidArn)', STATES_ARN],
  ])('retries %s once and succeeds', async (_service, error) => {
    const clock = fakeClock();
    let calls = 0;
    const result = await retryWhileRolePropagates(
      async () => {
        if (++calls === 1) throw error();
        return 'ok';
      },
      { role: 'r', action: 'creating x' },
      clock.options,
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
    expect(clock.waits).toEqual([1000]);
  });

  it('stops with a clear message (exit 1) once the bound is reached, with growing waits', async () => {
    const clock = fakeClock();
    let calls = 0;
    const failing = retryWhileRolePropagates(
      async () => {
        calls++;
        throw STATES();
      },
      { role: 'arn:aws:iam::1:role/r', action: 'deploying state machine s' },
      clock.options,
    );
    await expect(failing).rejects.toMatchObject({
      name: 'RolePropagationTimeout',
      exitCode: 1,
      message: 'deploying state machine s: role arn:aws:iam::1:role/r still cannot be assumed after 60 s',
    });
    // It keeps trying until the bound itself, so "after 60 s" is what was waited.
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(clock.waits.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(calls).toBe(clock.waits.length + 1);
  });

  it('does not retry other errors', async () => {
    const clock = fakeClock();
    const other = new ServiceError('AccessDeniedException: not allowed', {
      serviceError: 'AccessDeniedException',
    });
    await expect(
      retryWhileRolePropagates(() => Promise.reject(other), { role: 'r', action: 'a' }, clock.options),
    ).rejects.toBe(other);
    expect(clock.waits).toEqual([]);
  });
});
