import { describe, expect, it } from 'vitest';
import { Pacer, type PacerClock } from '../../src/lib/pace.js';

/** A clock that moves only when someone sleeps on it: the times a pacer lets calls go are exact. */
function fakeClock(start = 1_000) {
  let now = start;
  const slept: number[] = [];
  const clock: PacerClock = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  return { clock, slept, advance: (ms: number) => (now += ms), now: () => now };
}

describe('Pacer', () => {
  it('spreads calls at its rate once the burst is spent', async () => {
    const budget = new Pacer({ ratePerSecond: 20, burst: 2 });
    const started = performance.now();
    for (let i = 0; i < 8; i++) await budget.take();
    // 2 from the burst, then 6 at 20/s: at least 300 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('with a burst of one, spaces starts 1/rate seconds apart', async () => {
    const { clock, now } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: 10, burst: 1, clock });
    const startedAt: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => pacer.take().then(() => startedAt.push(now() - 1_000))));
    expect(startedAt).toEqual([0, 100, 200, 300]);
  });

  it('with a burst of one, does not save up unused time for a burst', async () => {
    const { clock, slept, advance } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: 2, burst: 1, clock });
    await pacer.take();
    advance(5_000);
    await pacer.take();
    await pacer.take();
    expect(slept).toEqual([500]); // the third waits a full interval after the second
  });

  it('halves the rate on throttling, down to its floor, and wins it back on success', () => {
    const { clock, advance } = fakeClock(0);
    const budget = new Pacer({ ratePerSecond: 10, minRatePerSecond: 1, clock });
    budget.slowDown();
    expect(budget.ratePerSecond).toBe(5);
    for (let i = 0; i < 10; i++) budget.slowDown();
    expect(budget.ratePerSecond).toBe(1);
    for (let i = 0; i < 100; i++) {
      advance(100);
      budget.succeeded();
    }
    expect(budget.ratePerSecond).toBe(10);
  });

  it('after throttling, spaces calls at the lowered rate', async () => {
    const { clock, slept } = fakeClock();
    const pacer = new Pacer({ ratePerSecond: 10, burst: 1, clock });
    await pacer.take();
    pacer.slowDown();
    await pacer.take();
    expect(slept).toEqual([200]);
  });

  it('rejects a waiting caller with an AbortError without blocking later callers', async () => {
    const budget = new Pacer({ ratePerSecond: 2, burst: 1 });
    await budget.take();
    const controller = new AbortController();
    const waiting = budget.take(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await expect(budget.take(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(budget.take()).resolves.toBeUndefined();
  });
});
