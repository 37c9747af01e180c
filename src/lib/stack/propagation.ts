import { setTimeout as sleep } from 'node:timers/promises';
import { isRolePropagationError } from '../../aws/errors.js';
import { ServiceError, TaskctlError } from '../errors.js';
import { Backoff } from '../wait.js';

// A role just created is not assumable everywhere at once (IAM is eventually consistent): the
// first CreateFunction or CreateStateMachine with it may be refused. Those refusals, and only
// those, are retried with backoff for a bounded time.

export interface PropagationOptions {
  /** How long to keep retrying, in ms: ~60 s on AWS. */
  limitMs: number;
  signal?: AbortSignal;
  /** For tests: the clock and the sleep. */
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/** TASKCTL_ROLE_PROPAGATION_SECONDS overrides the 60 s bound (tests, slow accounts). */
export function propagationLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.TASKCTL_ROLE_PROPAGATION_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 && env.TASKCTL_ROLE_PROPAGATION_SECONDS !== ''
    ? seconds * 1000
    : 60_000;
}

const serviceNameOf = (error: unknown) =>
  error instanceof TaskctlError ? error.serviceError : (error as { name?: string })?.name;

const messageOf = (error: unknown) => (error as { message?: string })?.message;

/** Calls `call` until it succeeds or fails with something other than a role propagation error. */
export async function retryWhileRolePropagates<T>(
  call: () => Promise<T>,
  what: { role: string; action: string },
  options: PropagationOptions,
): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? ((ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }));
  const deadline = now() + options.limitMs;
  const backoff = new Backoff({ initialMs: 1_000, factor: 2, maxMs: 8_000 });
  let delay = backoff.delayMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isRolePropagationError(serviceNameOf(error), messageOf(error))) throw error;
      if (now() >= deadline) {
        throw new ServiceError(
          `${what.action}: role ${what.role} still cannot be assumed after ${Math.round(options.limitMs / 1000)} s`,
          {
            name: 'RolePropagationTimeout',
            hint: "check the role's trust policy, or wait a minute and deploy again (IAM changes take time to propagate)",
            cause: error,
            serviceError: serviceNameOf(error),
          },
        );
      }
      // The last wait ends at the bound, so the message's "after N s" is what was waited.
      await wait(Math.min(delay, deadline - now()), options.signal);
      delay = backoff.next(false);
    }
  }
}
