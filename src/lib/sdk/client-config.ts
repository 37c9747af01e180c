import type { Target } from '../target.js';
import { requestTimeouts } from '../request-timeout.js';
import type { ConnectOptions } from './options.js';
import { localEngineCredentials } from '../dev-credentials.js';
import { pacedRetryStrategy } from './paced-retry.js';

// The configuration every SDK client taskctl builds shares: where to send, which credentials,
// how to retry, and how long to wait.

/**
 * How the SDK retries: its standard mode, except for calls paid from a Pacer (StepFunctions.paced()),
 * whose throttling the Pacer retries (see paced-retry.ts). The SDK's `adaptive` mode is not used:
 * its limiter would double up with the Pacer (taskctl's adaptive limiter for bulk work), and
 * against random throttling (an emulator's, or the engine's --fault) it kept cutting its rate and
 * ended near 2 calls/s.
 */
function retryFor(options: ClientOptions) {
  return options.paced ? { retryStrategy: pacedRetryStrategy() } : { retryMode: 'standard' };
}

/** What a client is for: a command's options, and whether its calls are paid from a Pacer. */
export type ClientOptions = ConnectOptions & { paced?: boolean };

/** Client settings for `target`; `endpointUrl` overrides the target's URL (e.g. a Logs-only endpoint). */
export function clientConfig(target: Target, options: ClientOptions, endpointUrl?: string) {
  return {
    ...retryFor(options),
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
