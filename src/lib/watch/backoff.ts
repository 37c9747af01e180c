// How long a watched execution waits before its next poll: short while it is changing, longer
// while it is quiet (a Wait state can idle for hours), longer still after throttling.

export interface BackoffOptions {
  initialMs?: number;
  factor?: number;
  maxMs?: number;
  /** The ceiling after throttling or a transient error. */
  penaltyMaxMs?: number;
}

export class PollBackoff {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
  readonly penaltyMaxMs: number;
  private current: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.factor = options.factor ?? 1.5;
    this.maxMs = options.maxMs ?? 5_000;
    this.penaltyMaxMs = options.penaltyMaxMs ?? 30_000;
    this.current = this.initialMs;
  }

  /** The delay before the next poll, given whether the last poll found anything new. */
  next(changed: boolean): number {
    if (changed) this.current = this.initialMs;
    // After throttling, quiet polls ease back down to the ceiling rather than jump to it.
    else if (this.current > this.maxMs)
      this.current = Math.max(this.maxMs, Math.round(this.current / this.factor));
    else this.current = Math.min(this.maxMs, Math.round(this.current * this.factor));
    return this.current;
  }

  /** Throttled or a transient failure: wait at least twice as long, up to the penalty ceiling. */
  penalize(): number {
    this.current = Math.min(this.penaltyMaxMs, Math.max(this.initialMs, this.current * 2));
    return this.current;
  }

  get delayMs(): number {
    return this.current;
  }
}
