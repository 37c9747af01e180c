import { setTimeout as sleep } from 'node:timers/promises';
import { InterruptedError } from '../errors.js';
import { isTerminalStatus } from '../../aws/statuses.js';
import { runPool } from './pool.js';

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
  const { initialDelayMs = 200, maxDelayMs = 2_000, signal } = options;
  const pending = new Map<string, { resolve: (value: T) => void; reject: (error: unknown) => void }>();
  let polling = false;

  const sweep = async () => {
    const arns = [...pending.keys()];
    const results = runPool(
      arns,
      async (arn) => {
        try {
          const current = await describe(arn);
          if (isTerminalStatus(current.status)) pending.get(arn)?.resolve(current);
          else return;
        } catch (error) {
          if (signal?.aborted) throw error;
          pending.get(arn)?.reject(error); // this one cannot be watched; the others go on
        }
        pending.delete(arn);
      },
      { concurrency: options.concurrency, signal },
    );
    await Promise.all(results);
  };

  const poll = async () => {
    polling = true;
    let delay = initialDelayMs;
    try {
      while (pending.size > 0) {
        await sleep(delay, undefined, { signal });
        await sweep();
        if (signal?.aborted) throw new InterruptedError();
        delay = Math.min(maxDelayMs, Math.round(delay * 1.5));
      }
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
