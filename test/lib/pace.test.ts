import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/engine/asl/seeded-random.js';
import { Pacer, pacingFor, watchPacing, type PacerClock } from '../../src/lib/pace.js';

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

  it('halves the rate on throttling, once a second at most, down to its floor', () => {
    const { clock, advance } = fakeClock(0);
    const budget = new Pacer({ ratePerSecond: 10, minRatePerSecond: 1, clock });
    budget.slowDown();
    expect(budget.ratePerSecond).toBe(5);
    // The calls in flight when the service said "slow down" come back throttled too: one signal.
    for (let i = 0; i < 5; i++) budget.slowDown();
    expect(budget.ratePerSecond).toBe(5);
    for (let i = 0; i < 10; i++) {
      advance(1_000);
      budget.slowDown();
    }
    expect(budget.ratePerSecond).toBe(1);
  });

  it('wins back a tenth of the full rate per second of successes: full again 5 s after a halving', () => {
    const { clock, advance } = fakeClock(0);
    const budget = new Pacer({ ratePerSecond: 100, clock });
    budget.slowDown();
    const rates: number[] = [];
    for (let second = 1; second <= 6; second++) {
      // One second of successes at the current rate.
      for (let i = 0, n = Math.round(budget.ratePerSecond); i < n; i++) {
        advance(1_000 / n);
        budget.succeeded();
      }
      rates.push(Math.round(budget.ratePerSecond / 10) * 10); // to the nearest 10 calls/s
    }
    expect(rates).toEqual([60, 70, 80, 90, 100, 100]);
  });

  it('unpaced (Infinity) lets everything through, and on throttling paces at half the rate it measured', async () => {
    const { clock, advance, slept } = fakeClock(0);
    const pacer = new Pacer({ ratePerSecond: Infinity, clock });
    for (let i = 0; i < 800; i++) {
      await pacer.take();
      advance(1); // 1,000 calls a second
    }
    expect(slept).toEqual([]);
    // One throttling before there are answers enough to tell chance from congestion: still unpaced.
    pacer.slowDown();
    expect(pacer.ratePerSecond).toBe(Infinity);
    // The service out of tokens: the latest answers are all throttlings.
    for (let i = 0; i < 32; i++) pacer.slowDown();
    expect(pacer.ratePerSecond).toBeGreaterThanOrEqual(400);
    expect(pacer.ratePerSecond).toBeLessThanOrEqual(500);
    const before = slept.length;
    for (let i = 0; i < 10; i++) await pacer.take();
    expect(slept.length).toBeGreaterThan(before); // paced now
    // Recovery keeps climbing past the measured rate: it was only ever a measurement.
    for (let i = 0; i < 20_000; i++) {
      advance(1);
      pacer.succeeded();
    }
    expect(pacer.ratePerSecond).toBeGreaterThan(1_000);
  });

  it('does not halve for throttlings that come by chance among successes', () => {
    const { clock, advance } = fakeClock(0);
    const pacer = new Pacer({ ratePerSecond: 100, clock });
    // After a start of successes (32 answers: before those, a paced bucket takes any throttling as
    // a signal), one answer in five throttled, as `taskctl dev --fault throttle=0.2` does.
    for (let i = 0; i < 200; i++) {
      advance(10);
      if (i >= 40 && i % 5 === 4) pacer.slowDown();
      else pacer.succeeded();
    }
    expect(pacer.ratePerSecond).toBe(100);
    // Then most answers throttled: congestion, halved.
    for (let i = 0; i < 40; i++) pacer.slowDown();
    expect(pacer.ratePerSecond).toBe(50);
  });

  it('does not halve for random throttling either: one answer in five, drawn at random, over 20,000 calls', () => {
    const { clock, advance } = fakeClock(0);
    const pacer = new Pacer({ ratePerSecond: 1_000, clock });
    const random = seededRandom(8);
    let throttled = 0;
    for (let i = 0; i < 20_000; i++) {
      advance(1);
      if (i >= 100 && random() < 0.2) {
        throttled++;
        pacer.slowDown();
      } else pacer.succeeded();
    }
    expect(throttled).toBeGreaterThan(3_500); // the draws did throttle about a fifth
    // Judged over its latest 16 answers, runs of chance throttlings halved it about ten times.
    expect(pacer.ratePerSecond).toBe(1_000);
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

describe('pacingFor', () => {
  it("follows AWS's StartExecution, RedriveExecution and DescribeExecution quotas for the Region", () => {
    expect(pacingFor('StartExecution', { kind: 'aws', region: 'us-east-1' })).toEqual({
      ratePerSecond: 300,
      burst: 1300,
    });
    expect(pacingFor('RedriveExecution', { kind: 'aws', region: 'eu-west-1' })).toEqual({
      ratePerSecond: 300,
      burst: 1300,
    });
    expect(pacingFor('StartExecution', { kind: 'aws', region: 'ap-southeast-2' })).toEqual({
      ratePerSecond: 150,
      burst: 800,
    });
    // A re-run's lookups of finished executions: DescribeExecution's far smaller quota.
    expect(pacingFor('DescribeExecution', { kind: 'aws', region: 'us-east-1' })).toEqual({
      ratePerSecond: 15,
      burst: 300,
    });
    expect(pacingFor('DescribeExecution', { kind: 'aws', region: 'ap-southeast-2' })).toEqual({
      ratePerSecond: 10,
      burst: 250,
    });
  });

  it('is unpaced on the local engine and other endpoints, and --rate sets an even pace anywhere', () => {
    expect(pacingFor('StartExecution', { kind: 'local' })).toEqual({ ratePerSecond: Infinity });
    expect(pacingFor('StartExecution', { kind: 'endpoint' })).toEqual({ ratePerSecond: Infinity });
    expect(pacingFor('StartExecution', { kind: 'local' }, 20)).toEqual({ ratePerSecond: 20, burst: 1 });
    expect(pacingFor('StartExecution', { kind: 'aws', region: 'us-west-2' }, 20)).toEqual({
      ratePerSecond: 20,
      burst: 1,
    });
  });
});

describe('watchPacing', () => {
  it("takes half of AWS's GetExecutionHistory refill rate, is unpaced elsewhere, and --max-rps caps it", () => {
    expect(watchPacing({ kind: 'aws', region: 'us-east-1' })).toEqual({ ratePerSecond: 10 });
    expect(watchPacing({ kind: 'local' })).toEqual({ ratePerSecond: Infinity });
    expect(watchPacing({ kind: 'local' }, 5)).toEqual({ ratePerSecond: 5 });
  });
});
