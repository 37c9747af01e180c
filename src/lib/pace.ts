import { setTimeout as sleep } from 'node:timers/promises';
import { apiThrottle, type ThrottledOperation } from '../aws/limits.js';

// The one way taskctl paces calls: a token bucket whose rate adapts (AIMD). Throttling halves
// the rate, at most once a second (the calls already in flight when the service said "slow down"
// are throttled too; they are one signal, not many), and each second of successes wins back a
// tenth of the full rate, so it is back to full five seconds after a halving. `submit --batch`,
// bulk `redrive` and `watch` each pay every call from one Pacer, shared by all their workers
// (callers are served in arrival order). A Pacer may start unpaced (Infinity): it then lets
// everything through until the first throttling, and from there paces at half the rate it had
// measured, recovering from that.
// Hand-written: p-throttle, limiter and bottleneck take a fixed rate; none can halve and recover it.

export interface PacerClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

export interface PacerOptions {
  /** Calls per second in steady state; Infinity for no pacing until the service throttles. */
  ratePerSecond: number;
  /** Calls that may go out back to back after a quiet spell (default: one second's worth). */
  burst?: number;
  /** The rate never drops below this after throttling. */
  minRatePerSecond?: number;
  clock?: PacerClock;
}

/** Throttling halves the rate at most this often. */
const HALVING_INTERVAL_MS = 1_000;
/**
 * How many of the latest answers tell congestion from chance, and the throttled share among them
 * that halves the rate. A service out of tokens throttles nearly every call; one that throttles a
 * random few (AWS under load elsewhere, `taskctl dev --fault throttle=0.2`) is not asking for half
 * the rate: those calls are retried, and halving on each would pin the pace near zero. Over 16
 * answers, a random 20% reached half one time in 40 (about ten halvings in 2,000 calls, measured);
 * over 64 about once in 10^8.
 */
const OUTCOMES = 64;
const CONGESTED_SHARE = 0.5;
/** How many of the latest calls the measured rate is taken over. */
const RECENT = 32;
/** Each second of successes wins back this share of the full rate. */
const RECOVERY_PER_SECOND = 1 / 10;

export class Pacer {
  private readonly minRate: number;
  private readonly clock: PacerClock;
  /** The full rate: the configured one, or (unpaced) the rate measured when throttling began. */
  private ceiling: number;
  private capacity: number;
  private rate: number;
  private tokens: number;
  private refilledAt: number;
  private halvedAt = -Infinity;
  /** Started unpaced: the rate keeps climbing past the ceiling, which only scales the steps. */
  private unbounded: boolean;
  private queue: Promise<void> = Promise.resolve();
  // When the last calls were let through, for the measured rate (a ring of RECENT times).
  private readonly recent: number[] = [];
  private recentNext = 0;
  // Whether each of the latest answers was a throttling (a ring of OUTCOMES).
  private readonly outcomes: boolean[] = [];
  private outcomesNext = 0;

  constructor(options: PacerOptions) {
    this.ceiling = options.ratePerSecond;
    this.capacity = options.burst ?? Math.max(1, Math.ceil(this.ceiling));
    this.minRate = Math.min(this.ceiling, options.minRatePerSecond ?? 0.2);
    this.clock = options.clock ?? realClock;
    this.rate = this.ceiling;
    this.unbounded = this.ceiling === Infinity;
    this.tokens = this.capacity;
    this.refilledAt = this.clock.now();
  }

  /** The current rate (calls per second), lowered by throttling; Infinity while unpaced. */
  get ratePerSecond(): number {
    return this.rate;
  }

  /** The full rate it recovers to. */
  get maxRate(): number {
    return this.ceiling;
  }

  get burst(): number {
    return this.capacity;
  }

  /** Waits for a token. Callers are served in arrival order. Rejects with an AbortError when `signal` aborts. */
  take(signal?: AbortSignal): Promise<void> {
    if (this.rate === Infinity) {
      signal?.throwIfAborted();
      this.count();
      return Promise.resolve();
    }
    const turn = this.queue.then(() => this.takeNow(signal));
    // A rejected (aborted) turn must not block the callers queued behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        this.count();
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }

  private count(): void {
    this.recent[this.recentNext] = this.clock.now();
    this.recentNext = (this.recentNext + 1) % RECENT;
  }

  /** The rate of the last calls let through (those of a burst count as sent over a millisecond each). */
  private measuredRate(): number {
    if (this.recent.length < 2) return this.minRate;
    const newest = this.recent[(this.recentNext + RECENT - 1) % RECENT];
    const oldest = this.recent.length < RECENT ? this.recent[0] : this.recent[this.recentNext];
    return ((this.recent.length - 1) * 1000) / Math.max(this.recent.length - 1, newest - oldest);
  }

  private record(throttled: boolean): void {
    this.outcomes[this.outcomesNext] = throttled;
    this.outcomesNext = (this.outcomesNext + 1) % OUTCOMES;
  }

  /**
   * Whether throttling now means congestion: most of the latest answers were throttlings. Before
   * there are enough answers to tell, a paced bucket takes any throttling as a signal (its rate is
   * known), an unpaced one does not (its ceiling would be the rate of a run's warm-up).
   */
  private congested(): boolean {
    if (this.outcomes.length < OUTCOMES / 2) return this.rate !== Infinity;
    return this.outcomes.filter(Boolean).length >= this.outcomes.length * CONGESTED_SHARE;
  }

  /**
   * The service throttled us: when most recent answers were throttlings, halve the rate (once a
   * second at most) and drop any saved-up burst.
   */
  slowDown(): void {
    this.record(true);
    if (!this.congested()) return;
    const now = this.clock.now();
    if (now - this.halvedAt < HALVING_INTERVAL_MS) return;
    this.halvedAt = now;
    if (this.rate === Infinity) {
      // Unpaced until now: what went through lately is what the service could not take.
      this.ceiling = Math.max(this.minRate, this.measuredRate());
      this.rate = this.ceiling;
      this.capacity = Math.max(1, Math.ceil(this.ceiling));
      this.refilledAt = now;
    }
    this.refill();
    this.rate = Math.max(this.minRate, this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
  }

  /**
   * The service took a call (it succeeded, or was refused for a reason other than throttling):
   * each second's worth of them wins back a tenth of the full rate.
   */
  succeeded(): void {
    this.record(false);
    if (this.rate >= this.ceiling && !this.unbounded) return;
    if (this.rate === Infinity) return;
    this.refill();
    const raised = this.rate + (this.ceiling * RECOVERY_PER_SECOND) / this.rate;
    this.rate = this.unbounded ? raised : Math.min(this.ceiling, raised);
  }
}

/** Where calls go, as far as pacing is concerned. */
export interface PaceTarget {
  kind: 'aws' | 'local' | 'endpoint';
  /** The Region, for AWS. */
  region?: string;
}

/** The pacing view of a connected service (the SDK wrapper): AWS's Region is resolved, maybe from a profile. */
export async function paceTargetOf(service: {
  target: { kind: PaceTarget['kind'] };
  region(): Promise<string>;
}): Promise<PaceTarget> {
  const { kind } = service.target;
  return kind === 'aws' ? { kind, region: await service.region() } : { kind };
}

/**
 * The pace of `operation` calls unless `--rate` says otherwise: on AWS, the Region's own token
 * bucket for it (so a fresh account is never throttled by taskctl alone); on the local engine or
 * another endpoint, unpaced until it throttles. `--rate` sets an even pace: a burst of one.
 */
export function pacingFor(
  operation: ThrottledOperation,
  target: PaceTarget,
  rate?: number,
): Pick<PacerOptions, 'ratePerSecond' | 'burst'> {
  if (rate !== undefined) return { ratePerSecond: rate, burst: 1 };
  if (target.kind !== 'aws' || !target.region) return { ratePerSecond: Infinity };
  const quota = apiThrottle(operation, target.region);
  return { ratePerSecond: quota.refillPerSecond, burst: quota.bucket };
}

/**
 * The pace of a watch's calls (mostly GetExecutionHistory) unless `--max-rps` says otherwise: on
 * AWS half the Region's refill rate for it, leaving the rest to the console and other watchers;
 * elsewhere unpaced (each execution's poll loop already spaces its own polls).
 */
export function watchPacing(target: PaceTarget, maxRps?: number): Pick<PacerOptions, 'ratePerSecond'> {
  if (maxRps !== undefined) return { ratePerSecond: maxRps };
  if (target.kind !== 'aws' || !target.region) return { ratePerSecond: Infinity };
  return { ratePerSecond: apiThrottle('GetExecutionHistory', target.region).refillPerSecond / 2 };
}
