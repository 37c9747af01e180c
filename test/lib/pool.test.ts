import { describe, expect, it } from 'vitest';
import { mapInOrder, type Ordered } from '../../src/lib/pool.js';

const tick = async (times = 5) => {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A worker whose calls the test finishes by hand, in any order. */
function manualWorker() {
  const calls: Array<{ item: number; finish: (value: string) => void; fail: (error: Error) => void }> = [];
  const worker = (item: number) =>
    new Promise<string>((resolve, reject) => calls.push({ item, finish: resolve, fail: reject }));
  const finish = (item: number) => calls.find((c) => c.item === item)!.finish(`r${item}`);
  return { calls, worker, finish };
}

/** A source that records how far it has been read, and can be fed by hand. */
function countingSource(count: number) {
  const state = { pulled: 0 };
  async function* items() {
    for (let i = 0; i < count; i++) {
      state.pulled++;
      yield i;
    }
  }
  return { state, items: items() };
}

/** Consumes the generator in the background, collecting what it yields. */
function consume<T, R>(generator: AsyncGenerator<Ordered<T, R>>) {
  const seen: Array<Ordered<T, R>> = [];
  const done = (async () => {
    for await (const result of generator) seen.push(result);
  })();
  return { seen, done };
}

describe('mapInOrder', () => {
  it('yields in source order while later items finish first', async () => {
    const { worker, finish } = manualWorker();
    const { seen, done } = consume(mapInOrder(countingSource(4).items, worker, { concurrency: 4 }));
    await tick();
    finish(3);
    finish(1);
    finish(2);
    await tick();
    expect(seen).toEqual([]); // 0 holds the others back
    finish(0);
    await done;
    expect(seen.map((r) => r.item)).toEqual([0, 1, 2, 3]);
    expect(seen.map((r) => (r.started ? r.value : undefined))).toEqual(['r0', 'r1', 'r2', 'r3']);
  });

  it('runs at most `concurrency` at once and pulls at most `window` items ahead of the consumer', async () => {
    const { calls, worker, finish } = manualWorker();
    const source = countingSource(100);
    const { seen, done } = consume(mapInOrder(source.items, worker, { concurrency: 2, window: 3 }));
    await tick();
    expect(calls.map((c) => c.item)).toEqual([0, 1]);
    expect(source.state.pulled).toBe(2);
    finish(1); // a slot frees: item 2 starts; 0 still holds 1 and 2 back
    await tick();
    expect(calls.map((c) => c.item)).toEqual([0, 1, 2]);
    finish(2); // a slot is free, but 0, 1 and 2 fill the window: nothing more is pulled
    await tick();
    expect(calls).toHaveLength(3);
    expect(source.state.pulled).toBe(3);
    finish(0); // 0, 1, 2 are yielded: room for two more (concurrency), no further
    await tick();
    expect(seen.map((r) => r.item)).toEqual([0, 1, 2]);
    expect(calls.map((c) => c.item)).toEqual([0, 1, 2, 3, 4]);
    expect(source.state.pulled).toBe(5);
    for (let i = 3; i < 100; i++) {
      finish(i);
      await tick(1);
    }
    await done;
    expect(seen.map((r) => r.item)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('yields a finished item without waiting for the source to produce the next one', async () => {
    let release: () => void = () => {};
    async function* slow() {
      yield 0;
      await new Promise<void>((resolve) => (release = resolve)); // a producer with nothing to say yet
      yield 1;
    }
    const { seen, done } = consume(mapInOrder(slow(), async (item: number) => item * 10, { concurrency: 4 }));
    await tick();
    expect(seen).toEqual([{ item: 0, started: true, value: 0 }]);
    release();
    await done;
    expect(seen.map((r) => r.item)).toEqual([0, 1]);
  });

  it('after an abort starts nothing more, lets the items in flight finish and yields them', async () => {
    const { calls, worker, finish } = manualWorker();
    const abort = new AbortController();
    const source = countingSource(10);
    const { seen, done } = consume(
      mapInOrder(source.items, worker, { concurrency: 3, signal: abort.signal }),
    );
    await tick();
    abort.abort();
    finish(1);
    finish(0);
    finish(2);
    await done;
    expect(calls).toHaveLength(3);
    expect(seen.map((r) => [r.item, r.started])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
  });

  it('ends after an abort even when the source never produces again', async () => {
    const abort = new AbortController();
    async function* stuck() {
      yield 0;
      await new Promise(() => {}); // stdin left open by nobody typing
    }
    const { seen, done } = consume(
      mapInOrder(stuck(), async (item: number) => item, { concurrency: 2, signal: abort.signal }),
    );
    await tick();
    abort.abort();
    await done;
    expect(seen).toEqual([{ item: 0, started: true, value: 0 }]);
  });

  it('yields a worker that gave up with an AbortError as not started', async () => {
    const worker = async (item: number) => {
      if (item === 1) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      return item;
    };
    const { seen, done } = consume(mapInOrder(countingSource(3).items, worker, { concurrency: 3 }));
    await done;
    expect(seen).toEqual([
      { item: 0, started: true, value: 0 },
      { item: 1, started: false },
      { item: 2, started: true, value: 2 },
    ]);
  });

  it('throws a worker error in its place, and a source error after the items read before it', async () => {
    const failing = mapInOrder(
      countingSource(3).items,
      async (item: number) => {
        if (item === 1) throw new Error('boom');
        return item;
      },
      { concurrency: 3 },
    );
    const before: number[] = [];
    await expect(
      (async () => {
        for await (const r of failing) before.push(r.item);
      })(),
    ).rejects.toThrow('boom');
    expect(before).toEqual([0]);

    async function* broken() {
      yield 0;
      throw new Error('EIO');
    }
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const r of mapInOrder(broken(), async (i: number) => i, { concurrency: 2 }))
          got.push(r.item);
      })(),
    ).rejects.toThrow('EIO');
    expect(got).toEqual([0]);
  });

  it('stops pulling and starting when the consumer stops early', async () => {
    const source = countingSource(100);
    let started = 0;
    for await (const result of mapInOrder(source.items, async (item: number) => (started++, item), {
      concurrency: 2,
    })) {
      if (result.item === 1) break;
    }
    await tick();
    expect(source.state.pulled).toBeLessThanOrEqual(5);
    expect(started).toBeLessThanOrEqual(5);
  });
});

describe('mapInOrder over a list in memory', () => {
  it('keeps at most `concurrency` in flight, starts them in list order, and reads the whole list ahead', async () => {
    const { calls, worker, finish } = manualWorker();
    const { seen, done } = consume(mapInOrder([0, 1, 2, 3, 4], worker, { concurrency: 2, window: Infinity }));
    await tick();
    expect(calls.map((c) => c.item)).toEqual([0, 1]);
    finish(1);
    await tick();
    expect(calls.map((c) => c.item)).toEqual([0, 1, 2]);
    finish(2);
    await tick();
    // 0 holds the results back, but with no window the workers go on.
    expect(calls.map((c) => c.item)).toEqual([0, 1, 2, 3]);
    expect(seen).toEqual([]);
    finish(3);
    await tick();
    finish(4);
    finish(0);
    await done;
    expect(seen.map((r) => (r.started ? r.value : undefined))).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('passes each item its index in the list', async () => {
    const { seen, done } = consume(
      mapInOrder(['a', 'b', 'c'], async (item, index) => `${item}${index}`, { concurrency: 2 }),
    );
    await done;
    expect(seen.map((r) => (r.started ? r.value : undefined))).toEqual(['a0', 'b1', 'c2']);
  });

  it('after an abort starts nothing more and yields only what was started', async () => {
    const { calls, worker, finish } = manualWorker();
    const abort = new AbortController();
    const { seen, done } = consume(
      mapInOrder([0, 1, 2, 3], worker, { concurrency: 2, window: Infinity, signal: abort.signal }),
    );
    await tick();
    abort.abort();
    finish(0);
    finish(1);
    await done;
    expect(calls).toHaveLength(2);
    expect(seen.map((r) => [r.item, r.started])).toEqual([
      [0, true],
      [1, true],
    ]);
  });
});
