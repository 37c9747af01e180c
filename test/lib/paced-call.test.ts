import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/lib/pace.js';
import { pacedCall, retryForMs, retryReason } from '../../src/lib/paced-call.js';
import { mapServiceError } from '../../src/lib/sdk/errors.js';
import { localTarget } from '../../src/lib/target.js';

// A bulk call through throttling and a restarting engine, with the errors the SDK wrapper really
// makes (mapServiceError over what the SDK throws) and a clock that moves only when slept on.

const mapped = (error: unknown) => mapServiceError(error, { target: localTarget({}) });
const socketError = (code: string, message = `connect ${code} 127.0.0.1:8083`) =>
  mapped(Object.assign(new Error(message), { code }));
const throttled = () =>
  mapped(
    Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { attempts: 3 },
    }),
  );
const notFound = () =>
  mapped(Object.assign(new Error('no such machine'), { name: 'StateMachineDoesNotExist', $fault: 'client' }));

function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    clock: {
      now: () => now,
      sleep: async (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted();
        slept.push(ms);
        now += ms;
      },
    },
  };
}

/** A call that fails with each of `errors` in turn, then succeeds. */
function flaky(errors: Error[]) {
  let attempts = 0;
  return {
    get attempts() {
      return attempts;
    },
    call: async () => {
      attempts++;
      const error = errors.shift();
      if (error) throw error;
      return 'started';
    },
  };
}

describe('retryReason', () => {
  it('retries throttling and refused connections always, reset ones only when a repeat is harmless', () => {
    expect(retryReason(throttled(), false)).toBe('throttled');
    expect(retryReason(socketError('ECONNREFUSED'), false)).toBe('connection');
    expect(retryReason(socketError('ECONNRESET', 'socket hang up'), false)).toBeUndefined();
    expect(retryReason(socketError('ECONNRESET', 'socket hang up'), true)).toBe('connection');
    expect(retryReason(socketError('EPIPE'), true)).toBe('connection');
    expect(retryReason(notFound(), true)).toBeUndefined();
    const serverError = mapped(
      Object.assign(new Error('injected'), {
        name: 'InternalServerError',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
    );
    expect(retryReason(serverError, true)).toBe('server');
    expect(retryReason(serverError, false)).toBeUndefined();
    expect(retryReason(new Error('boom'), true)).toBeUndefined();
  });
});

describe('pacedCall', () => {
  it('rides out an engine restart: refused connections are retried with growing, bounded backoff', async () => {
    const { clock, slept } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: Infinity, clock });
    const refused = Array.from({ length: 8 }, () => socketError('ECONNREFUSED'));
    const call = flaky(refused);
    await expect(pacedCall(call.call, { pacer, retryForMs: 30_000, idempotent: false, clock })).resolves.toBe(
      'started',
    );
    expect(call.attempts).toBe(9);
    expect(slept).toHaveLength(8);
    slept.forEach((ms, i) => {
      const ceiling = Math.min(2_000, 100 * 2 ** i);
      expect(ms).toBeGreaterThanOrEqual(ceiling / 2);
      expect(ms).toBeLessThanOrEqual(ceiling);
    });
  });

  it('gives up with the last error once the retry time is spent', async () => {
    const { clock } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: Infinity, clock });
    const call = flaky(Array.from({ length: 100 }, () => socketError('ECONNREFUSED')));
    await expect(
      pacedCall(call.call, { pacer, retryForMs: 5_000, idempotent: true, clock }),
    ).rejects.toMatchObject({
      name: 'ConnectionError',
      message: expect.stringContaining('connection refused'),
    });
    expect(call.attempts).toBeGreaterThan(3);
    expect(call.attempts).toBeLessThan(10); // about 5 s of backoff, not 100 attempts
  });

  it('does not repeat a call whose connection dropped unless the repeat is harmless', async () => {
    const { clock } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: Infinity, clock });
    const once = flaky([socketError('ECONNRESET', 'socket hang up')]);
    await expect(
      pacedCall(once.call, { pacer, retryForMs: 30_000, idempotent: false, clock }),
    ).rejects.toMatchObject({
      name: 'ConnectionError',
    });
    expect(once.attempts).toBe(1);
    const named = flaky([socketError('ECONNRESET', 'socket hang up')]);
    await expect(pacedCall(named.call, { pacer, retryForMs: 30_000, idempotent: true, clock })).resolves.toBe(
      'started',
    );
    expect(named.attempts).toBe(2);
  });

  it('on throttling halves the pacer and tries again at the lowered pace', async () => {
    const { clock, slept } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: 10, burst: 1, clock });
    const call = flaky([throttled()]);
    await expect(pacedCall(call.call, { pacer, retryForMs: 30_000, idempotent: true, clock })).resolves.toBe(
      'started',
    );
    expect(call.attempts).toBe(2);
    expect(pacer.ratePerSecond).toBeLessThan(10);
    expect(slept).toEqual([200]); // the retry waited for a token at 5 calls/s
  });

  it("counts another answer (a re-run's ExecutionAlreadyExists) as the service taking the call: throttling among such answers is chance, not congestion", async () => {
    const { clock } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: Infinity, clock });
    const exists = () =>
      mapped(
        Object.assign(new Error('already exists'), {
          name: 'ExecutionAlreadyExists',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        }),
      );
    for (let i = 0; i < 300; i++) {
      // Every third call throttled once, then (as every call) answered ExecutionAlreadyExists.
      const call = flaky(i % 3 === 0 ? [throttled(), exists()] : [exists()]);
      await expect(
        pacedCall(call.call, { pacer, retryForMs: 30_000, idempotent: true, clock }),
      ).rejects.toMatchObject({ serviceError: 'ExecutionAlreadyExists' });
    }
    // A quarter of the answers throttled: still unpaced. Counting only the throttlings, all were.
    expect(pacer.ratePerSecond).toBe(Infinity);
  });

  it('passes other errors through at once, and Ctrl-C after a failure ends with that failure', async () => {
    const { clock } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: Infinity, clock });
    const bad = flaky([notFound()]);
    await expect(
      pacedCall(bad.call, { pacer, retryForMs: 30_000, idempotent: true, clock }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(bad.attempts).toBe(1);

    const controller = new AbortController();
    const interrupted = flaky([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]);
    const aborting = {
      now: clock.now,
      sleep: async (_ms: number, signal?: AbortSignal) => {
        controller.abort();
        signal?.throwIfAborted();
      },
    };
    await expect(
      pacedCall(interrupted.call, {
        pacer,
        retryForMs: 30_000,
        idempotent: true,
        signal: controller.signal,
        clock: aborting,
      }),
    ).rejects.toMatchObject({ name: 'ConnectionError' });
    expect(interrupted.attempts).toBe(1);
    // Aborted before the first attempt: never made (an AbortError, not a failure).
    await expect(
      pacedCall(bad.call, { pacer, retryForMs: 30_000, idempotent: true, signal: controller.signal, clock }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('retryForMs', () => {
  it('is 30 s unless TASKCTL_RETRY_FOR says otherwise, in seconds or a duration', () => {
    expect(retryForMs({})).toBe(30_000);
    expect(retryForMs({ TASKCTL_RETRY_FOR: '5' })).toBe(5_000);
    expect(retryForMs({ TASKCTL_RETRY_FOR: '2m' })).toBe(120_000);
    expect(() => retryForMs({ TASKCTL_RETRY_FOR: 'soon' })).toThrow(/TASKCTL_RETRY_FOR "soon"/);
  });
});
