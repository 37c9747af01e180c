// What a request must pass before its operation runs: the Host header (before anything is
// read), then, once the operation and body are known, the signature and any injected fault.
// Each check throws an ApiError, which the service answering the request writes in its own
// protocol (JSON `__type`, Lambda's REST-JSON, IAM's XML).
import type { IncomingMessage } from 'node:http';
import type { ServiceName } from '../../aws/errors.js';

/** One API call, routed and read, about to run. */
export interface Call {
  service: ServiceName;
  operation: string; // e.g. StartExecution, PutLogEvents, Invoke, CreateRole
  request: IncomingMessage;
  body: Buffer;
}

export interface Admission {
  /** Checks made before the body is read or the request routed (the Host header). */
  early(request: IncomingMessage): void;
  /** Checks made just before the operation runs; a refused call has changed nothing. */
  admit(call: Call): Promise<void>;
}

/** Admits everything: the default when the engine is given no checks. */
export const OPEN_ADMISSION: Admission = { early: () => undefined, admit: async () => undefined };

/** Runs `checks` in order: the first to throw refuses the request. */
export function admissionOf(checks: Partial<Admission>[]): Admission {
  return {
    early(request) {
      for (const check of checks) check.early?.(request);
    },
    async admit(call) {
      for (const check of checks) await check.admit?.(call);
    },
  };
}
