import { setTimeout as sleep } from 'node:timers/promises';

// A token bucket shared by every poll of one `watch`, so watching many executions spreads
// GetExecutionHistory calls under a fixed rate (default 10/s, far inside AWS's quota of a
// 400-call bucket refilled at 20/s). Throttling halves the rate; successes win it back slowly.

export interface CallBudgetOptions {
  /** Calls per second in steady state. */
  ratePerSecond?: number;
  /** Calls that may go out back to back after a quiet spell. */
  burst?: number;
  /** The rate never drops below this after throttling. */
  minRatePerSecond?: number;
  now?: () => number;
}

export class CallBudget {
  readonly maxRate: number;
  readonly burst: number;
  private readonly minRate: number;
  private readonly now: () => number;
  private rate: number;
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: CallBudgetOptions = {}) {
    this.maxRate = options.ratePerSecond ?? 10;
    this.burst = options.burst ?? Math.max(1, Math.ceil(this.maxRate));
    this.minRate = Math.min(this.maxRate, options.minRatePerSecond ?? 0.2);
    this.now = options.now ?? (() => performance.now());
    this.rate = this.maxRate;
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }

  /** The current rate (calls per second), lowered by throttling. */
  get ratePerSecond(): number {
    return this.rate;
  }

  /** Waits for a token. Callers are served in arrival order. Rejects when `signal` aborts. */
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
      await sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000), undefined, { signal });
    }
  }

  private refill(): void {
    const now = this.now();
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
