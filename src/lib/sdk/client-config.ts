import type { Target } from '../target.js';
import { requestTimeouts } from '../request-timeout.js';
import type { ConnectOptions } from './options.js';
import { localEngineCredentials } from '../dev-credentials.js';

// The configuration every SDK client taskctl builds shares: where to send, which credentials,
// how to retry, and how long to wait.

/**
 * Bulk work on AWS retries in the SDK's adaptive mode: besides retrying, it rate-limits the
 * client (CUBIC) once throttled, which models AWS's token buckets. Everywhere else, and for
 * single calls, the standard mode: against random throttling (an emulator's or the engine's
 * --fault) the adaptive limiter keeps cutting its rate and ends near 2 calls/s (measured: 300
 * batch lines took 118 s, against 22 s in standard mode). taskctl's own Pacer (src/lib/pace.ts)
 * paces bulk work on every target.
 */
function retryModeFor(target: Target, options: ConnectOptions): 'adaptive' | 'standard' {
  return options.bulk && target.kind === 'aws' ? 'adaptive' : 'standard';
}

/** Client settings for `target`; `endpointUrl` overrides the target's URL (e.g. a Logs-only endpoint). */
export function clientConfig(target: Target, options: ConnectOptions, endpointUrl?: string) {
  return {
    retryMode: retryModeFor(target, options),
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
