import { setTimeout as sleep } from 'node:timers/promises';
import { isTerminalStatus } from '../aws/statuses.js';

// Step Functions has no waiters: this is the poll loop, with backoff and an AbortSignal.

export interface PollOptions {
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  onPoll?: (status: string | undefined) => void;
}

export async function pollUntilTerminal<T extends { status?: string }>(
  describe: () => Promise<T>,
  options: PollOptions = {},
): Promise<T> {
  const { signal, initialDelayMs = 200, maxDelayMs = 2_000, factor = 1.5 } = options;
  let delay = initialDelayMs;
  for (;;) {
    const current = await describe();
    options.onPoll?.(current.status);
    if (isTerminalStatus(current.status)) return current;
    // Rejects with an AbortError on Ctrl-C, which the base command turns into exit 130.
    await sleep(delay, undefined, { signal });
    delay = Math.min(maxDelayMs, Math.round(delay * factor));
  }
}
