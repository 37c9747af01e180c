import type { Json, State } from '../asl/types.js';
import type { Cursor } from '../runtime/cursor.js';
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
}

/** Where a state goes once it is done: its Next, or the end of the execution. */
export function leave(state: State & { Next?: string; End?: boolean }, output: Json): Outcome {
  return state.Next ? { kind: 'next', next: state.Next, output } : { kind: 'end', output };
}

export const scaledMs = (seconds: number, speed: number) => (seconds * 1000) / speed;
