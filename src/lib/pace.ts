import { setTimeout as sleep } from 'node:timers/promises';

// The one way taskctl paces calls: a token bucket whose rate adapts (AIMD: throttling halves
// it, each success wins back a twentieth of the full rate). `watch` pays every call from one
// (a burst after a quiet spell is fine); `redrive` and `submit --batch` take one token per
// start with a burst of 1, so starts are evenly spaced. One Pacer can be shared by several
// loops: callers are served in arrival order.
// Hand-written: p-throttle and p-queue take a fixed rate; neither can halve and recover it.

export interface PacerClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

export interface PacerOptions {
  /** Calls per second in steady state. */
  ratePerSecond: number;
  /** Calls that may go out back to back after a quiet spell (default: one second's worth). */
  burst?: number;
  /** The rate never drops below this after throttling. */
  minRatePerSecond?: number;
  clock?: PacerClock;
}

export class Pacer {
  readonly maxRate: number;
  readonly burst: number;
  private readonly minRate: number;
  private readonly clock: PacerClock;
  private rate: number;
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: PacerOptions) {
    this.maxRate = options.ratePerSecond;
    this.burst = options.burst ?? Math.max(1, Math.ceil(this.maxRate));
    this.minRate = Math.min(this.maxRate, options.minRatePerSecond ?? 0.2);
    this.clock = options.clock ?? realClock;
    this.rate = this.maxRate;
    this.tokens = this.burst;
    this.refilledAt = this.clock.now();
  }

  /** The current rate (calls per second), lowered by throttling. */
  get ratePerSecond(): number {
    return this.rate;
  }

  /** Waits for a token. Callers are served in arrival order. Rejects with an AbortError when `signal` aborts. */
  take(signal?: AbortSignal): Promise<void> {
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
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }

  /** The service throttled us: halve the rate and drop any saved-up burst. */
  slowDown(): void {
    this.refill();
    this.rate = Math.max(this.minRate, this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
  }

  /** A call went through: win back a twentieth of the full rate. */
  succeeded(): void {
    if (this.rate < this.maxRate) {
      this.refill();
      this.rate = Math.min(this.maxRate, this.rate + this.maxRate / 20);
    }
  }
}
