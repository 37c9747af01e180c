import { StatesErrors } from '../../aws/errors.js';
import { readPath, stateErrorPrefix } from '../asl/paths.js';
import { StatesError, type ContextObject, type Json, type WaitState } from '../asl/types.js';
import type { WaitCursor } from './cursor.js';
import type { Outcome, StateEnv } from './env.js';
import { effectiveInput, stateOutput } from './io.js';
import { evaluateTyped, isJsonata, isNonNegativeInteger, isString, jsonataOutput } from './io-jsonata.js';
import { leave, scaledMs, type StateResult } from './outcome.js';

function invalidTimestamp(name: string, field: string): StatesError {
  return new StatesError(
    StatesErrors.Runtime,
    `${stateErrorPrefix(name)} The ${field} parameter does not reference a valid ISO-8601 timestamp`,
  );
}

/** How long the state waits, in unscaled milliseconds from `now` (JSONPath fields). */
function waitMs(
  state: WaitState,
  name: string,
  effective: Json,
  context: ContextObject,
  now: number,
): number {
  if (typeof state.Seconds === 'number') return state.Seconds * 1000;
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
  if (Number.isNaN(due)) throw invalidTimestamp(name, 'TimestampPath');
  return Math.max(0, due - now);
}

/** JSONata: Seconds (a non-negative integer) or Timestamp, each a literal or an expression. */
function jsonataWaitMs(state: WaitState, name: string, input: Json, context: ContextObject, env: StateEnv) {
  const states = { input, context };
  if (state.Seconds !== undefined) {
    return evaluateTyped(state.Seconds, 'Seconds', states, env, name, 'integer', isNonNegativeInteger) * 1000;
  }
  const timestamp = evaluateTyped(
    state.Timestamp ?? null,
    'Timestamp',
    states,
    env,
    name,
    'string',
    isString,
  );
  const due = Date.parse(timestamp);
  if (Number.isNaN(due)) throw invalidTimestamp(name, 'Timestamp');
  return Math.max(0, due - env.now);
}

/** The state's output and variables, once the wait is over. */
function waitResult(
  state: WaitState,
  name: string,
  input: Json,
  context: ContextObject,
  env: StateEnv,
): StateResult {
  if (isJsonata(state, env)) return jsonataOutput(state, name, { input, context }, input, env);
  const effective = effectiveInput(state, name, input, context);
  return stateOutput(state, name, input, effective, context);
}

/** Waits (Seconds, SecondsPath, Timestamp or TimestampPath); a wait already over leaves at once. */
export function enterWait(state: WaitState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, undefined);
  const ms = isJsonata(state, env)
    ? jsonataWaitMs(state, name, input, context, env)
    : waitMs(state, name, effectiveInput(state, name, input, context), context, env.now);
  const readyAt = env.now + scaledMs(ms / 1000, env.speed);
  if (readyAt <= env.now) return leave(state, waitResult(state, name, input, context, env));
  const cursor: WaitCursor = { at: 'wait', state: name, input, enteredTime: env.now };
  return { kind: 'suspend', cursor, readyAt };
}

/** The wait is over. */
export function resumeWait(state: WaitState, cursor: WaitCursor, env: StateEnv): Outcome {
  const context = env.context(cursor.state, cursor.enteredTime, undefined);
  return leave(state, waitResult(state, cursor.state, cursor.input, context, env));
}
