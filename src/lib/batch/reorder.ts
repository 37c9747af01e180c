import { isAbortError } from '../errors.js';
import type { PoolResult } from '../redrive/pool.js';

// The streaming counterpart of redrive's runPool. runPool takes the whole list up front and
// hands back one promise per item; a batch file may be larger than memory, and a producer
// piping into `--batch -` may be slow, so here items are pulled from the source only when
// there is room, and each result is yielded as soon as it and every earlier one are known.

export type Ordered<T, R> = { item: T } & PoolResult<R>;

export interface OrderedOptions {
  /** Workers running at once, at most. */
  concurrency: number;
  /**
   * Items pulled from the source but not yet yielded (running, or finished and waiting for an
   * earlier one): the reorder buffer's bound. Default 2 × concurrency, so one slow item does
   * not stop the others at once.
   */
  window?: number;
  /** Once aborted, nothing more is pulled or started; items in flight finish and are yielded. */
  signal?: AbortSignal;
}

/**
 * Runs `worker` over `source` with bounded concurrency and read-ahead, yielding the results in
 * source order. A worker that gives up with an AbortError (e.g. while waiting for its rate-limit
 * slot) is yielded as not started; any other worker error is thrown, in order.
 */
export async function* mapInOrder<T, R>(
  source: AsyncIterable<T>,
  worker: (item: T) => Promise<R>,
  options: OrderedOptions,
): AsyncGenerator<Ordered<T, R>> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const window = Math.max(concurrency, Math.floor(options.window ?? 2 * concurrency));
  const { signal } = options;
  const held: Array<{ item: T; result: Promise<PoolResult<R>> }> = [];
  let running = 0;
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

  const start = async (item: T): Promise<PoolResult<R>> => {
    running++;
    try {
      return { started: true, value: await worker(item) };
    } catch (error) {
      if (isAbortError(error)) return { started: false };
      throw error;
    } finally {
      running--;
      makeRoom();
    }
  };

  const iterator = source[Symbol.asyncIterator]();
  const reader = (async () => {
    try {
      while (!halted()) {
        while ((running >= concurrency || held.length >= window) && !halted()) {
          await new Promise<void>((resolve) => (roomMade = resolve));
        }
        if (halted()) break;
        const next = await iterator.next();
        if (next.done) return;
        if (halted()) break; // an item read after Ctrl-C is not started
        const result = start(next.value);
        result.catch(() => {}); // rethrown in order below
        held.push({ item: next.value, result });
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
