import { describe, expect, it } from 'vitest';
import { completionWaiter } from '../../../src/lib/redrive/waiter.js';

describe('completionWaiter', () => {
  it('polls all waited executions in shared sweeps until each is terminal', async () => {
    const polls: string[] = [];
    const remaining: Record<string, number> = { a: 1, b: 3 };
    const waiter = completionWaiter(
      async (arn) => {
        polls.push(arn);
        return { status: --remaining[arn] <= 0 ? 'SUCCEEDED' : 'RUNNING' };
      },
      { concurrency: 2, initialDelayMs: 1, maxDelayMs: 2 },
    );
    const [a, b] = await Promise.all([waiter.waitFor('a'), waiter.waitFor('b')]);
    expect([a.status, b.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(polls).toEqual(['a', 'b', 'b', 'b']);
  });

  it('rejects only the execution whose describe fails; the others are still waited for', async () => {
    const waiter = completionWaiter(
      async (arn) => {
        if (arn === 'bad') throw new Error('AccessDenied');
        return { status: 'FAILED' };
      },
      { concurrency: 2, initialDelayMs: 1 },
    );
    const bad = waiter.waitFor('bad');
    const good = waiter.waitFor('good');
    await expect(bad).rejects.toThrow('AccessDenied');
    await expect(good).resolves.toEqual({ status: 'FAILED' });
  });

  it('rejects everything waited for with an InterruptedError on abort', async () => {
    const abort = new AbortController();
    const waiter = completionWaiter(async () => ({ status: 'RUNNING' }), {
      concurrency: 1,
      signal: abort.signal,
      initialDelayMs: 5,
    });
    const waiting = waiter.waitFor('a');
    setTimeout(() => abort.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ name: 'InterruptedError' });
  });
});
