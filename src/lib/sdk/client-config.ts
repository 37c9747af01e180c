import type { Target } from '../target.js';
import { requestTimeouts } from '../request-timeout.js';
import type { ConnectOptions } from './options.js';
import { localEngineCredentials } from '../dev-credentials.js';

// The configuration every SDK client taskctl builds shares: where to send, which credentials,
// how to retry, and how long to wait.

/** Client settings for `target`; `endpointUrl` overrides the target's URL (e.g. a Logs-only endpoint). */
export function clientConfig(target: Target, options: ConnectOptions, endpointUrl?: string) {
  return {
    retryMode: options.bulk ? ('adaptive' as const) : ('standard' as const),
    // The handler's shorthand options; without throwOnRequestTimeout an expired requestTimeout only warns.
    requestHandler: { ...requestTimeouts(options.timeoutMs), throwOnRequestTimeout: true },
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
