import { describe, expect, it } from 'vitest';
import { clientConfig } from '../../src/lib/sdk/client-config.js';
import {
  leavingThrottlingToCaller,
  pacedRetryStrategy,
  type RetryStrategy,
} from '../../src/lib/sdk/paced-retry.js';
import { localTarget } from '../../src/lib/target.js';

// The SDK retry strategy of calls paid from a Pacer (StepFunctions.paced()): throttling goes back
// to the caller (pacedCall, whose Pacer retries it), everything else is the SDK's standard
// strategy's to decide. (End to end: test/cli/submit-batch-faults.test.ts.)

type Token = Awaited<ReturnType<RetryStrategy['acquireInitialRetryToken']>>;
type ErrorInfo = Parameters<RetryStrategy['refreshRetryTokenForRetry']>[1];

const throttling: ErrorInfo = { errorType: 'THROTTLING' };
const transient: ErrorInfo = { errorType: 'TRANSIENT' };

/** An inner strategy that records what it was asked and always grants a retry. */
function recordingStrategy() {
  const asked: string[] = [];
  const token = { getRetryCount: () => 0, getRetryDelay: () => 0 } as unknown as Token;
  const strategy: RetryStrategy = {
    acquireInitialRetryToken: async () => token,
    refreshRetryTokenForRetry: async (_token: Token, error: ErrorInfo) => {
      asked.push(error.errorType);
      return token;
    },
    recordSuccess: () => undefined,
  };
  return { asked, strategy, token };
}

describe('leavingThrottlingToCaller', () => {
  it('refuses to retry throttling, without asking the inner strategy', async () => {
    const { asked, strategy, token } = recordingStrategy();
    await expect(
      leavingThrottlingToCaller(strategy).refreshRetryTokenForRetry(token, throttling),
    ).rejects.toThrow('throttling');
    expect(asked).toEqual([]);
  });

  it('leaves every other error to the inner strategy', async () => {
    const { asked, strategy, token } = recordingStrategy();
    await expect(
      leavingThrottlingToCaller(strategy).refreshRetryTokenForRetry(token, transient),
    ).resolves.toBe(token);
    expect(asked).toEqual(['TRANSIENT']);
  });
});

describe('pacedRetryStrategy', () => {
  it("is the SDK's standard strategy for a 5xx (retried), and hands throttling back", async () => {
    const paced = pacedRetryStrategy();
    const first = await paced.acquireInitialRetryToken('');
    const retry = await paced.refreshRetryTokenForRetry(first, transient);
    expect(retry.getRetryCount()).toBe(1);
    await expect(paced.refreshRetryTokenForRetry(first, throttling)).rejects.toThrow('throttling');
  });
});

describe('clientConfig', () => {
  it('gives clients for paced calls the paced strategy, other AWS clients the adaptive mode, the rest the standard mode', () => {
    const paced = clientConfig(localTarget({}), { paced: true });
    expect(paced).toMatchObject({ retryStrategy: expect.any(Object) });
    expect(paced).not.toHaveProperty('retryMode');
    const plain = clientConfig(localTarget({}), {});
    expect(plain).toMatchObject({ retryMode: 'standard' });
    expect(plain).not.toHaveProperty('retryStrategy');
    expect(clientConfig({ kind: 'aws', region: 'eu-west-1' }, {})).toMatchObject({ retryMode: 'adaptive' });
    expect(clientConfig({ kind: 'aws', region: 'eu-west-1' }, { paced: true })).not.toHaveProperty(
      'retryMode',
    );
  });
});
