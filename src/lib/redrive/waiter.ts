import { InterruptedError } from '../errors.js';
import { isTerminalStatus } from '../../aws/statuses.js';
import { mapInOrder } from '../pool.js';
import { pollUntil } from '../wait.js';

// `redrive --wait` over many executions: one shared poll loop (sweeps of DescribeExecution,
// a few at a time, with backoff between sweeps) instead of one poller per execution, so
// waiting on a thousand redrives does not multiply the request rate by a thousand.

export interface WaiterOptions {
  concurrency: number;
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface CompletionWaiter<T> {
  /** Resolves with the execution's description once its status is terminal. */
  waitFor(executionArn: string): Promise<T>;
}

export function completionWaiter<T extends { status?: string }>(
  describe: (executionArn: string) => Promise<T>,
  options: WaiterOptions,
): CompletionWaiter<T> {
  const { signal } = options;
  const pending = new Map<string, { resolve: (value: T) => void; reject: (error: unknown) => void }>();
  let polling = false;

  const check = async (arn: string) => {
    try {
      const current = await describe(arn);
      if (isTerminalStatus(current.status)) pending.get(arn)?.resolve(current);
      else return;
    } catch (error) {
      if (signal?.aborted) throw error;
      pending.get(arn)?.reject(error); // this one cannot be watched; the others go on
    }
    pending.delete(arn);
  };

  /** One DescribeExecution of each execution still waited for; true once none is left. */
  const sweep = async (): Promise<true | undefined> => {
    const checks = mapInOrder([...pending.keys()], check, {
      concurrency: options.concurrency,
      window: Infinity,
      signal,
    });
    for await (const _checked of checks) {
      // each check settles its own waiter
    }
    if (signal?.aborted) throw new InterruptedError();
    return pending.size === 0 ? true : undefined;
  };

  const poll = async () => {
    polling = true;
    try {
      await pollUntil(sweep, {
        signal,
        waitFirst: true,
        initialMs: options.initialDelayMs,
        maxMs: options.maxDelayMs,
      });
    } catch {
      for (const waiter of pending.values()) waiter.reject(new InterruptedError());
      pending.clear();
    } finally {
      polling = false;
    }
  };

  return {
    waitFor(executionArn) {
      const done = new Promise<T>((resolve, reject) => pending.set(executionArn, { resolve, reject }));
      if (!polling) void poll();
      return done;
    },
  };
}
