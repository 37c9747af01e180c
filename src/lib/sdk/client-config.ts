import type { Target } from '../target.js';
import { requestTimeouts } from '../request-timeout.js';
import type { ConnectOptions } from './options.js';
import { localEngineCredentials } from '../dev-credentials.js';
import { pacedRetryStrategy } from './paced-retry.js';

// The configuration every SDK client taskctl builds shares: where to send, which credentials,
// how to retry, and how long to wait.

/**
 * How the SDK retries. Calls paid from a Pacer (StepFunctions.paced()) hand their throttling to
 * the Pacer, taskctl's adaptive limiter for bulk work (see paced-retry.ts): the SDK's `adaptive`
 * limiter on top would double up, and against random throttling it kept cutting its rate to
 * ~2 calls/s (300 batch lines took 118 s). Other calls to AWS retry in the SDK's adaptive mode,
 * whose limiter models AWS's token buckets; elsewhere (the local engine, an emulator, whose
 * throttling is injected at random) the standard mode, for the same reason.
 */
function retryFor(target: Target, options: ClientOptions) {
  if (options.paced) return { retryStrategy: pacedRetryStrategy() };
  return { retryMode: target.kind === 'aws' ? 'adaptive' : 'standard' };
}

/** What a client is for: a command's options, and whether its calls are paid from a Pacer. */
export type ClientOptions = ConnectOptions & { paced?: boolean };

/** Client settings for `target`; `endpointUrl` overrides the target's URL (e.g. a Logs-only endpoint). */
export function clientConfig(target: Target, options: ClientOptions, endpointUrl?: string) {
  return {
    ...retryFor(target, options),
    // The handler's shorthand options; without throwOnRequestTimeout an expired requestTimeout only warns.
    requestHandler: { ...requestTimeouts(options.timeoutMs), throwOnRequestTimeout: true },
    // Reuse each command's resolved middleware stack for calls sent without options (the starts
    // of submit --batch): building it is a good part of the SDK's cost per call.
    cacheMiddleware: true,
    ...(target.kind === 'aws'
      ? { region: target.region, profile: target.profile }
      : {
          endpoint: endpointUrl ?? target.url,
          region: target.region,
          ...(target.kind === 'endpoint' && target.credentials === 'default'
            ? { profile: target.profile }
            : { credentials: localEngineCredentials() }),
        }),
  };
}
