// The Host header check: a web page can reach a server on 127.0.0.1 by DNS rebinding (its own
// name made to resolve to 127.0.0.1), and its requests then carry that name as Host. So only
// names that cannot be rebound are answered: the loopback names, IP literals of the address the
// engine is bound to (every interface's when bound to all of them), the machine's own host name
// when exposed, and names the user allows (`dev --allow-host`).
import { hostname, networkInterfaces } from 'node:os';
import type { IncomingMessage } from 'node:http';
import type { Admission } from './admission.js';
import { ApiError } from './errors.js';
import { isLoopbackAddress, LOOPBACK_NAMES } from '../../contract/loopback.js';

const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '']);

/** The Host names (without port) the engine answers when bound to `bindHost`. */
export function acceptedHostNames(bindHost: string, allowed: readonly string[] = []): string[] {
  const names = new Set([...LOOPBACK_NAMES, ...allowed.map(normalize)]);
  const bound = normalize(bindHost);
  if (WILDCARD_ADDRESSES.has(bound)) {
    // The engine's own URL names the wildcard address (http://0.0.0.0:PORT).
    if (bound) names.add(bound);
    for (const addresses of Object.values(networkInterfaces())) {
      for (const { address } of addresses ?? []) names.add(normalize(address));
    }
    names.add(normalize(hostname()));
  } else if (!isLoopbackAddress(bound)) {
    names.add(bound);
    names.add(normalize(hostname()));
  }
  return [...names];
}

/** Lower case, no brackets, no trailing dot (`LocalHost.` and `localhost` are one name). */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** The name of a Host header value, without its port: `[::1]:8083` → `::1`. */
export function hostName(header: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(header);
  if (bracketed) return normalize(bracketed[1]);
  return normalize(header.replace(/:\d*$/, ''));
}

/** Refuses a request whose Host header names none of `accepted` (403, AccessDeniedException). */
export function hostCheck(accepted: readonly string[]): Pick<Admission, 'early'> {
  const names = new Set(accepted);
  return {
    early(request: IncomingMessage) {
      const header = request.headers.host;
      // No Host at all is an HTTP/1.0 client, not a browser: nothing to rebind.
      if (header === undefined || names.has(hostName(header))) return;
      throw new ApiError(
        'AccessDeniedException',
        `Host "${header.slice(0, 200)}" is not a name this engine answers to (it accepts ${[...names].join(', ')}); ` +
          'start it with --allow-host NAME to accept another',
        403,
      );
    },
  };
}
