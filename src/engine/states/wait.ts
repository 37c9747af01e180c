import { StatesErrors } from '../../aws/errors.js';
import { readPath, stateErrorPrefix } from '../asl/paths.js';
import { StatesError, type ContextObject, type Json, type WaitState } from '../asl/types.js';
import type { WaitCursor } from './cursor.js';
import type { Outcome, StateEnv } from './env.js';
import { effectiveInput, stateOutput } from './io.js';
import { leave, scaledMs } from './outcome.js';

/** How long the state waits, in unscaled milliseconds from `now`. */
function waitMs(
  state: WaitState,
  name: string,
  effective: Json,
  context: ContextObject,
  now: number,
): number {
  if (state.Seconds !== undefined) return state.Seconds * 1000;
  if (state.SecondsPath !== undefined) {
    const seconds = readPath(state.SecondsPath, effective, context, name);
    if (typeof seconds !== 'number' || seconds < 0) {
      throw new StatesError(
        StatesErrors.Runtime,
        `${stateErrorPrefix(name)} The SecondsPath parameter does not reference a valid integer value`,
      );
    }
    return seconds * 1000;
  }
  const timestamp = state.Timestamp ?? readPath(state.TimestampPath ?? '$', effective, context, name);
  const due = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(due)) {
    throw new StatesError(
      StatesErrors.Runtime,
      `${stateErrorPrefix(name)} The TimestampPath parameter does not reference a valid ISO-8601 timestamp`,
    );
  }
  return Math.max(0, due - now);
}

/** Waits (Seconds, SecondsPath, Timestamp or TimestampPath); a wait already over leaves at once. */
export function enterWait(state: WaitState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, 0);
  const effective = effectiveInput(state, name, input, context);
  const readyAt = env.now + scaledMs(waitMs(state, name, effective, context, env.now) / 1000, env.speed);
  if (readyAt <= env.now) return leave(state, stateOutput(state, name, input, effective, context));
  const cursor: WaitCursor = { at: 'wait', state: name, input, enteredTime: env.now };
  return { kind: 'suspend', cursor, readyAt };
}

/** The wait is over. */
export function resumeWait(state: WaitState, cursor: WaitCursor, env: StateEnv): Outcome {
  const context = env.context(cursor.state, cursor.enteredTime, 0);
  const effective = effectiveInput(state, cursor.state, cursor.input, context);
  return leave(state, stateOutput(state, cursor.state, cursor.input, effective, context));
}
