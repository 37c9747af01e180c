import pLimit from 'p-limit';
import { isAbortError } from './errors.js';

// The one way taskctl runs work in parallel (bulk redrive, its --wait sweeps, submit --batch):
// p-limit caps the workers; this adds what it lacks: results in input order as soon as they
// and every earlier one are known, and a bounded read-ahead, so a batch file larger than
// memory, or a slow producer piping into `--batch -`, is pulled only when there is room.

export type PoolResult<R> = { started: true; value: R } | { started: false };

export type Ordered<T, R> = { item: T } & PoolResult<R>;

export interface OrderedOptions {
  /** Workers running at once, at most. */
  concurrency: number;
  /**
   * Items pulled from the source but not yet yielded (running, or finished and waiting for an
   * earlier one): the reorder buffer's bound. Default 2 × concurrency, so one slow item does
   * not stop the others at once. Infinity for a list already in memory.
   */
  window?: number;
  /** Once aborted, nothing more is pulled or started; items in flight finish and are yielded. */
  signal?: AbortSignal;
}

/**
 * Runs `worker` over `source` with bounded concurrency and read-ahead, yielding the results in
 * source order. An item is pulled only when a worker is free to start it. A worker that gives up
 * with an AbortError (e.g. while waiting for its rate-limit slot) is yielded as not started; any
 * other worker error is thrown, in order. After an abort, items never pulled are not yielded.
 */
export async function* mapInOrder<T, R>(
  source: Iterable<T> | AsyncIterable<T>,
  worker: (item: T, index: number) => Promise<R>,
  options: OrderedOptions,
): AsyncGenerator<Ordered<T, R>> {
  const limit = pLimit(Math.max(1, Math.floor(options.concurrency)));
  const window = Math.max(limit.concurrency, Math.floor(options.window ?? 2 * limit.concurrency));
  const { signal } = options;
  const held: Array<{ item: T; result: Promise<PoolResult<R>> }> = [];
  let reading = true;
  let readError: { error: unknown } | undefined;
  // Set when the consumer stops early (it broke out, or threw): start nothing more either.
  let stopped = false;
  const halted = () => stopped || !!signal?.aborted;
  // One waiter on each side: the reader waits for room, the consumer for a new item.
  let roomMade: (() => void) | undefined;
  let itemAdded: (() => void) | undefined;
  const makeRoom = () => (roomMade?.(), (roomMade = undefined));
  const addItem = () => (itemAdded?.(), (itemAdded = undefined));
  const onAbort = () => (makeRoom(), addItem());
  signal?.addEventListener('abort', onAbort, { once: true });
  const full = () => limit.activeCount + limit.pendingCount >= limit.concurrency || held.length >= window;

  const start = (item: T, index: number): Promise<PoolResult<R>> => {
    const result = limit(async (): Promise<PoolResult<R>> => {
      try {
        return { started: true, value: await worker(item, index) };
      } catch (error) {
        if (isAbortError(error)) return { started: false };
        throw error;
      }
    });
    // Runs after p-limit has freed the worker's slot, so the reader sees the room. It also
    // handles a rejection, which the consumer rethrows in order (or never reads, if it stopped).
    result.then(makeRoom, makeRoom);
    return result;
  };

  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const reader = (async () => {
    try {
      for (let index = 0; !halted(); index++) {
        while (full() && !halted()) await new Promise<void>((resolve) => (roomMade = resolve));
        if (halted()) break;
        const next = await iterator.next();
        if (next.done) return;
        if (halted()) break; // an item read after Ctrl-C is not started
        held.push({ item: next.value, result: start(next.value, index) });
        addItem();
      }
      await iterator.return?.(); // stopped early: let the source close its file
    } catch (error) {
      readError = { error };
    } finally {
      reading = false;
      addItem();
    }
  })();

  try {
    for (;;) {
      const head = held[0];
      if (!head) {
        // Once aborted, do not wait for the source: it may be a terminal nobody types into.
        if (!reading || signal?.aborted) break;
        await new Promise<void>((resolve) => (itemAdded = resolve));
        continue;
      }
      const result = await head.result;
      held.shift();
      makeRoom();
      yield { item: head.item, ...result };
    }
    if (!signal?.aborted) await reader;
    if (readError) throw readError.error;
  } finally {
    stopped = true;
    makeRoom();
    signal?.removeEventListener('abort', onAbort);
  }
}
