import type { Json, State, SubMachine } from '../asl/types.js';
import type { Frame } from './cursor.js';
import type { Outcome } from './env.js';

export const dataLimitCause = (state: string) =>
  `The state/task '${state}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/** Where a state goes once it is done: its Next, or the end of its frame. */
export function leave(state: State & { Next?: string; End?: boolean }, output: Json): Outcome {
  return state.Next ? { kind: 'next', next: state.Next, output } : { kind: 'end', output };
}

export const scaledMs = (seconds: number, speed: number) => (seconds * 1000) / speed;

/** A branch or iteration about to enter its first state: due now, its first event linked to `prev`. */
export function newFrame(machine: SubMachine, input: Json, prev: number, now: number): Frame {
  return { status: 'RUNNING', cursor: { at: 'state', state: machine.StartAt, input }, readyAt: now, prev };
}
