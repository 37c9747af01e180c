import { DEFAULT_MAX_ATTEMPTS, StandardRetryStrategy } from '@smithy/core/retry';

// The SDK's retries for calls paid from a Pacer (the starts of `submit --batch` and the lookups
// of its re-runs, through StepFunctions.paced()): what the SDK's standard mode retries, except
// throttling, which goes back to the caller. Its Pacer is the run's adaptive rate limiter, as the
// SDK's `adaptive` mode is a client's (it cuts the rate on throttling), but shared by the run's
// workers: it hears every throttling, halves on congestion, and pays each retry from the same
// bucket. Left to the SDK, a throttled call waited out a backoff of up to 1 s (2 s for a second
// one) holding one of the run's workers, and those waits set the pace under 20% random
// throttling (about 30 lines/s at the default 8 workers, where the engine takes 1,000); the
// adaptive mode's own limiter on top cut it to ~2/s.

/** The SDK's retry strategy interface (RetryStrategyV2), as its standard strategy implements it. */
export type RetryStrategy = Pick<
  StandardRetryStrategy,
  'acquireInitialRetryToken' | 'refreshRetryTokenForRetry' | 'recordSuccess'
>;

/** `inner`, except that throttling is not retried: the SDK throws it to the caller at once. */
export function leavingThrottlingToCaller(inner: RetryStrategy): RetryStrategy {
  return {
    acquireInitialRetryToken: (scope) => inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry(token, error) {
      // Refusing a token is how a strategy says "do not retry": the SDK throws the call's error.
      if (error.errorType === 'THROTTLING')
        return Promise.reject(new Error('throttling is the caller’s to retry'));
      return inner.refreshRetryTokenForRetry(token, error);
    },
    recordSuccess: (token) => inner.recordSuccess(token),
  };
}

/** The paced calls' strategy: the SDK's standard one with its default attempts, throttling excepted. */
export const pacedRetryStrategy = (): RetryStrategy =>
  leavingThrottlingToCaller(new StandardRetryStrategy(DEFAULT_MAX_ATTEMPTS));
