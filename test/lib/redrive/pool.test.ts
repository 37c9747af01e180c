import { describe, expect, it } from 'vitest';
import { rateLimiter, runPool, type Clock } from '../../../src/lib/redrive/pool.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A worker whose calls the test finishes by hand, in any order. */
function manualWorker() {
  const calls: Array<{ item: number; finish: (value: string) => void; fail: (error: Error) => void }> = [];
  const worker = (item: number) =>
    new Promise<string>((resolve, reject) => calls.push({ item, finish: resolve, fail: reject }));
  return { calls, worker };
}

describe('runPool', () => {
  it('keeps at most `concurrency` in flight and starts them in input order', async () => {
    const { calls, worker } = manualWorker();
    const results = runPool([0, 1, 2, 3, 4], worker, { concurrency: 2 });
    await tick();
    expect(calls.map((c) => c.item)).toEqual([0, 1]);
    calls[1].finish('one');
    await tick();
    expect(calls.map((c) => c.item)).toEqual([0, 1, 2]);
    calls[0].finish('zero');
    calls[2].finish('two');
    await tick();
    calls[3].finish('three');
    calls[4].finish('four');
    expect(await Promise.all(results)).toEqual(
      ['zero', 'one', 'two', 'three', 'four'].map((value) => ({ started: true, value })),
    );
  });

  it('lets a caller stream results in input order while later items finish first', async () => {
    const { calls, worker } = manualWorker();
    const results = runPool([0, 1, 2], worker, { concurrency: 3 });
    const emitted: string[] = [];
    const streaming = (async () => {
      for (const result of results) {
        const r = await result;
        if (r.started) emitted.push(r.value);
      }
    })();
    await tick();
    calls[2].finish('c');
    calls[1].finish('b');
    await tick();
    expect(emitted).toEqual([]);
    calls[0].finish('a');
    await streaming;
    expect(emitted).toEqual(['a', 'b', 'c']);
  });

  it('starts nothing new once aborted, lets in-flight items finish, and marks the rest not started', async () => {
    const { calls, worker } = manualWorker();
    const abort = new AbortController();
    const results = runPool([0, 1, 2, 3], worker, { concurrency: 2, signal: abort.signal });
    await tick();
    abort.abort();
    calls[0].finish('a');
    calls[1].finish('b');
    expect(await Promise.all(results)).toEqual([
      { started: true, value: 'a' },
      { started: true, value: 'b' },
      { started: false },
      { started: false },
    ]);
    expect(calls).toHaveLength(2);
  });

  it('treats a worker that gives up with an AbortError as not started, and rejects on other errors', async () => {
    const results = runPool(
      ['abort', 'boom'],
      async (item) => {
        const error = new Error(item);
        if (item === 'abort') error.name = 'AbortError';
        throw error;
      },
      { concurrency: 2 },
    );
    expect(await results[0]).toEqual({ started: false });
    await expect(results[1]).rejects.toThrow('boom');
  });
});

describe('rateLimiter', () => {
  function fakeClock() {
    let now = 1_000;
    const slept: number[] = [];
    const clock: Clock = {
      now: () => now,
      // Records the wait without moving time: the calls all ask at the same instant.
      sleep: async (ms) => void slept.push(ms),
    };
    return { clock, slept, advance: (ms: number) => (now += ms) };
  }

  it('spaces starts 1/rate seconds apart', async () => {
    const { clock, slept } = fakeClock();
    const acquire = rateLimiter(10, clock);
    await Promise.all([acquire(), acquire(), acquire(), acquire()]);
    expect(slept).toEqual([100, 200, 300]);
  });

  it('does not save up unused time for a burst', async () => {
    const { clock, slept, advance } = fakeClock();
    const acquire = rateLimiter(2, clock);
    await acquire();
    advance(5_000);
    await acquire();
    await acquire();
    expect(slept).toEqual([500]); // the third waits a full interval after the second
  });

  it('rejects with an AbortError when aborted before or while waiting', async () => {
    const acquire = rateLimiter(1);
    await acquire();
    const abort = new AbortController();
    const waiting = acquire(abort.signal);
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await expect(acquire(abort.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
