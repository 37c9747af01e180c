import { DEFAULT_MAX_ATTEMPTS, StandardRetryStrategy } from '@smithy/core/retry';
import { inPacedCall } from './paced-scope.js';

/** The SDK's retry strategy interface (RetryStrategyV2), as its standard strategy implements it. */
type RetryStrategy = Pick<StandardRetryStrategy, 'acquireInitialRetryToken' | 'refreshRetryTokenForRetry' | 'recordSuccess'>;
type RetryErrorInfo = Parameters<RetryStrategy['refreshRetryTokenForRetry']>[1];

// The SDK's retries for bulk clients (`submit --batch`): what it retries, as its standard mode,
// except throttling of a call paid from a Pacer. That Pacer is the run's adaptive rate limiter,
// as the SDK's `adaptive` mode is a client's (it cuts the rate on throttling): it hears every
// throttling, halves on congestion, and pays each retry from the same bucket. Left to the SDK,
// a throttled call waited out a backoff of up to 1 s (2 s for a second one) holding one of the
// run's workers, which set the pace under 20% random throttling (about 30 lines/s at the default
// 8 workers, where the engine takes 1,000); its adaptive limiter on top cut the pace to ~2/s.

/** Whether this retry is the caller's to make rather than the SDK's. */
const callerRetries = (error: RetryErrorInfo): boolean =>
  error.errorType === 'THROTTLING' && inPacedCall();

/** `inner`, except that it hands throttling of a paced call (inPacedCall) back to its caller. */
export function leavingPacedThrottling(inner: RetryStrategy): RetryStrategy {
  return {
    acquireInitialRetryToken: (scope) => inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry(token, error) {
      // Refusing a token is how a strategy says "do not retry": the SDK throws the call's error.
      if (callerRetries(error)) return Promise.reject(new Error('throttling is retried by the caller'));
      return inner.refreshRetryTokenForRetry(token, error);
    },
    recordSuccess: (token) => inner.recordSuccess(token),
  };
}

/** The bulk clients' strategy: the SDK's standard one, its default attempts, throttling of paced calls excepted. */
export const bulkRetryStrategy = (): RetryStrategy => leavingPacedThrottling(new StandardRetryStrategy(DEFAULT_MAX_ATTEMPTS));
