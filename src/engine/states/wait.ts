import { applyInputPath, applyOutputPath, readPath } from '../asl/paths.js';
import { StatesError, type Json, type WaitState } from '../asl/types.js';
import type { Cursor } from '../runtime/cursor.js';
import { leave, scaledMs, type Outcome, type StateEnv } from './outcome.js';

/** How long the state waits, in unscaled milliseconds from now. */
function waitMs(state: WaitState, name: string, effective: Json, env: StateEnv): number {
  const context = env.run.contextObject(name, env.run.now, 0);
  if (state.Seconds !== undefined) return state.Seconds * 1000;
  if (state.SecondsPath !== undefined) {
    const seconds = readPath(state.SecondsPath, effective, context, name);
    if (typeof seconds !== 'number' || seconds < 0) {
      throw new StatesError(
        'States.Runtime',
        `The SecondsPath parameter does not reference a valid integer value`,
      );
    }
    return seconds * 1000;
  }
  const timestamp = state.Timestamp ?? readPath(state.TimestampPath ?? '$', effective, context, name);
  const due = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(due)) {
    throw new StatesError(
      'States.Runtime',
      `The TimestampPath parameter does not reference a valid ISO-8601 timestamp`,
    );
  }
  return Math.max(0, due - env.run.now);
}

export function enterWait(state: WaitState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.run.contextObject(name, env.run.now, 0);
  const effective = applyInputPath(state.InputPath, input, context);
  const readyAt = env.run.now + scaledMs(waitMs(state, name, effective, env) / 1000, env.speed);
  if (readyAt <= env.run.now) return leave(state, applyOutputPath(state.OutputPath, effective, context));
  const cursor: Cursor = { at: 'wait', state: name, input, enteredTime: env.run.now };
  return { kind: 'suspend', cursor, readyAt };
}

/** The wait is over. */
export function resumeWait(
  state: WaitState,
  cursor: Extract<Cursor, { at: 'wait' }>,
  env: StateEnv,
): Outcome {
  const context = env.run.contextObject(cursor.state, cursor.enteredTime, 0);
  const effective = applyInputPath(state.InputPath, cursor.input, context);
  return leave(state, applyOutputPath(state.OutputPath, effective, context));
}
