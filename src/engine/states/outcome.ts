import type { Json, JsonObject, State, SubMachine } from '../asl/types.js';
import type { Frame } from './cursor.js';
import type { Outcome } from './env.js';

export const dataLimitCause = (state: string) =>
  `The state/task '${state}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/** What a finished state hands on: its output, and the variables its Assign sets. */
export interface StateResult {
  output: Json;
  assigned?: JsonObject;
}

/** Where a state goes once it is done: its Next, or the end of its frame. */
export function leave(state: State & { Next?: string; End?: boolean }, result: StateResult): Outcome {
  const assigned = result.assigned ? { assigned: result.assigned } : {};
  return state.Next
    ? { kind: 'next', next: state.Next, output: result.output, ...assigned }
    : { kind: 'end', output: result.output, ...assigned };
}

export const scaledMs = (seconds: number, speed: number) => (seconds * 1000) / speed;

/** A branch or iteration about to enter its first state: due now, its first event linked to `prev`. */
export function newFrame(machine: SubMachine, input: Json, prev: number, now: number): Frame {
  return { status: 'RUNNING', cursor: { at: 'state', state: machine.StartAt, input }, readyAt: now, prev };
}
