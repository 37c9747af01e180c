import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/lib/pace.js';
import { clientConfig } from '../../src/lib/sdk/client-config.js';
import { localTarget } from '../../src/lib/target.js';
import { pacedCall } from '../../src/lib/paced-call.js';
import { bulkRetryStrategy, leavingPacedThrottling } from '../../src/lib/sdk/paced-retry.js';
import { inPacedCall, throttlingLeftToCaller } from '../../src/lib/sdk/paced-scope.js';

// The bulk clients' SDK retry strategy: throttling of a call made inside pacedCall goes back to
// pacedCall (its Pacer retries it), everything else is the SDK's standard strategy's to decide.

type Strategy = Parameters<typeof leavingPacedThrottling>[0];
type Token = Awaited<ReturnType<Strategy['acquireInitialRetryToken']>>;
type ErrorInfo = Parameters<Strategy['refreshRetryTokenForRetry']>[1];

const throttling: ErrorInfo = { errorType: 'THROTTLING' };
const transient: ErrorInfo = { errorType: 'TRANSIENT' };

/** An inner strategy that records what it was asked and always grants a retry. */
function recordingStrategy() {
  const asked: string[] = [];
  const token = { getRetryCount: () => 0, getRetryDelay: () => 0 } as unknown as Token;
  const strategy: Strategy = {
    acquireInitialRetryToken: async () => token,
    refreshRetryTokenForRetry: async (_token, error) => {
      asked.push(error.errorType);
      return token;
    },
    recordSuccess: () => undefined,
  };
  return { asked, strategy, token };
}

describe('paced calls', () => {
  it('are known as such inside pacedCall and its awaits, and nowhere else', async () => {
    const pacer = new Pacer({ ratePerSecond: Infinity });
    const seen = await pacedCall(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return inPacedCall();
      },
      { pacer, retryForMs: 0, idempotent: true },
    );
    expect(seen).toBe(true);
    expect(inPacedCall()).toBe(false);
  });
});

describe('leavingPacedThrottling', () => {
  it('refuses to retry throttling of a paced call, without asking the inner strategy', async () => {
    const { asked, strategy, token } = recordingStrategy();
    const bulk = leavingPacedThrottling(strategy);
    await expect(
      throttlingLeftToCaller(() => bulk.refreshRetryTokenForRetry(token, throttling)),
    ).rejects.toThrow('throttling is retried by the caller');
    expect(asked).toEqual([]);
  });

  it('leaves other errors of a paced call, and throttling of any other call, to the inner strategy', async () => {
    const { asked, strategy, token } = recordingStrategy();
    const bulk = leavingPacedThrottling(strategy);
    await expect(
      throttlingLeftToCaller(() => bulk.refreshRetryTokenForRetry(token, transient)),
    ).resolves.toBe(token);
    await expect(bulk.refreshRetryTokenForRetry(token, throttling)).resolves.toBe(token);
    expect(asked).toEqual(['TRANSIENT', 'THROTTLING']);
  });

  it("is, for bulk clients, the SDK's standard strategy: a paced call's 5xx is still retried", async () => {
    const bulk = bulkRetryStrategy();
    const first = await bulk.acquireInitialRetryToken('');
    const retry = await throttlingLeftToCaller(() => bulk.refreshRetryTokenForRetry(first, transient));
    expect(retry.getRetryCount()).toBe(1);
    await expect(
      throttlingLeftToCaller(() => bulk.refreshRetryTokenForRetry(first, throttling)),
    ).rejects.toThrow();
  });
});

describe('clientConfig', () => {
  it('gives bulk clients the bulk strategy and every other client the standard mode', () => {
    const bulk = clientConfig(localTarget({}), { bulk: true });
    expect(bulk).toMatchObject({ retryStrategy: expect.any(Object) });
    expect(bulk).not.toHaveProperty('retryMode');
    expect(clientConfig(localTarget({}), {})).toMatchObject({ retryMode: 'standard' });
    expect(clientConfig(localTarget({}), {})).not.toHaveProperty('retryStrategy');
  });
});
