import type { Json, State, SubMachine } from '../asl/types.js';
import type { Cursor, Frame } from '../runtime/cursor.js';
import type { ExecutionRun } from '../runtime/run.js';

/** What running (part of) a state decided. The interpreter writes the matching events. */
export type Outcome =
  | { kind: 'next'; next: string; output: Json } // leave the state for `next`
  | { kind: 'end'; output: Json } // leave the state and succeed the execution
  | { kind: 'fail'; error: string; cause: string; exited?: false } // fail the execution
  | { kind: 'suspend'; cursor: Cursor; readyAt: number | null }; // stay; resume at readyAt or on a task result

export interface StateEnv {
  run: ExecutionRun;
  speed: number;
  /** The default task timeout when a state sets none (Lambda's own maximum, 900 s). */
  defaultTaskTimeoutMs: number;
  /** Frame indexes from the root cursor to the frame being run ([] at the top level). */
  path: number[];
  /** Runs a due branch/iteration frame (index `index` of the current state) until it suspends or ends. */
  stepFrame(frame: Frame, index: number, machine: SubMachine, item?: FrameItem): void;
}

/** A Map iteration's identity: its Map state's name, its index and its item. */
export interface FrameItem {
  name: string;
  index: number;
  value: Json;
}

export const dataLimitCause = (state: string) =>
  `The state/task '${state}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/** Synchronous states chained in one step before yielding, so a Pass/Choice loop cannot starve others. */
export const MAX_TRANSITIONS_PER_STEP = 250;

/** Where a state goes once it is done: its Next, or the end of the execution. */
export function leave(state: State & { Next?: string; End?: boolean }, output: Json): Outcome {
  return state.Next ? { kind: 'next', next: state.Next, output } : { kind: 'end', output };
}

export const scaledMs = (seconds: number, speed: number) => (seconds * 1000) / speed;

/** A branch or iteration about to enter its first state: due now, its first event linked to `prev`. */
export function newFrame(machine: SubMachine, input: Json, prev: number, now: number): Frame {
  return { status: 'RUNNING', cursor: { at: 'state', state: machine.StartAt, input }, readyAt: now, prev };
}
