import { StatesErrors } from '../../aws/errors.js';
import { parseTimestamp } from '../asl/choice.js';
import { enteredStateErrorPrefix, readPath, stateErrorPrefix } from '../asl/paths.js';
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

/** A runtime value a JSONPath field read that the field cannot take: States.Runtime, in AWS's words. */
function invalidValue(name: string, env: StateEnv, problem: string, path: string, value: Json): StatesError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new StatesError(
    StatesErrors.Runtime,
    `${enteredStateErrorPrefix(name, env.stateEntered?.id)} ${problem}: ${path} == ${shown}`,
  );
}

/** SecondsPath must give a whole, non-negative number of seconds. */
function secondsFromPath(
  state: WaitState,
  name: string,
  effective: Json,
  context: ContextObject,
  env: StateEnv,
) {
  const path = state.SecondsPath!;
  const seconds = readPath(path, effective, context, name);
  if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
    throw invalidValue(
      name,
      env,
      'The SecondsPath parameter cannot be parsed as a long value',
      path,
      seconds,
    );
  }
  if (seconds < 0)
    throw invalidValue(name, env, 'The SecondsPath parameter references a negative value', path, seconds);
  return seconds;
}

/**
 * TimestampPath must give an ISO-8601 date-time with an offset (`Z` or `+hh:mm`): AWS fails one
 * without (recorded for `2023-12-11T22:01:34` and `….000`), and takes any number of fraction digits.
 */
function dueFromTimestampPath(
  state: WaitState,
  name: string,
  effective: Json,
  context: ContextObject,
  env: StateEnv,
) {
  const path = state.TimestampPath ?? '$';
  const value = readPath(path, effective, context, name);
  const nanos = parseTimestamp(value);
  if (nanos === undefined) {
    throw invalidValue(
      name,
      env,
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string',
      path,
      value,
    );
  }
  return Number(nanos / 1_000_000n);
}

/** How long the state waits, in unscaled milliseconds from now (JSONPath fields). */
function waitMs(
  state: WaitState,
  name: string,
  effective: Json,
  context: ContextObject,
  env: StateEnv,
): number {
  if (typeof state.Seconds === 'number') return state.Seconds * 1000;
  if (state.SecondsPath !== undefined) return secondsFromPath(state, name, effective, context, env) * 1000;
  const due =
    state.Timestamp !== undefined
      ? Date.parse(state.Timestamp)
      : dueFromTimestampPath(state, name, effective, context, env);
  if (Number.isNaN(due)) throw invalidTimestamp(name, 'Timestamp');
  return Math.max(0, due - env.now);
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
    : waitMs(state, name, effectiveInput(state, name, input, context), context, env);
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
