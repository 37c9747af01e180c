/** The engine's notion of time. Injectable so tests can age executions without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that runs `offsetMs` ahead of the system clock; the offset can be moved forward. */
export class OffsetClock implements Clock {
  constructor(public offsetMs = 0) {}
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

/** Scales every wait, retry interval and timeout by 1/speed (`taskctl dev --speed N`). */
export function scaleDuration(ms: number, speed: number): number {
  return ms / speed;
}
