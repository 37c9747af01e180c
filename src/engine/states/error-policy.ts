import { applyResultPath } from '../asl/paths.js';
import { findRetrier, maxAttempts, retryDelayMs } from '../../aws/retry.js';
import { errorOutput, findCatcher } from '../asl/retry.js';
import { StatesError, type Catcher, type Json, type QueryLanguage, type Retrier } from '../asl/types.js';
import type { Cursor } from './cursor.js';
import type { Outcome, StateEnv } from './env.js';
import { assignedVariables } from './io.js';
import { isJsonata, jsonataOutput } from './io-jsonata.js';
import { scaledMs, type StateResult } from './outcome.js';

/**
 * A failed Task, Parallel or Map: retry it per its Retry policy (each retrier counts its own
 * attempts), else leave through a matching Catch, else fail. `retryCursor` builds the cursor
 * that waits for the retry, given the updated per-retrier counts. `alias` is a second name the
 * error matches by (States.HeartbeatTimeout for a missed heartbeat, written as States.Timeout).
 */
export function applyErrorPolicy(
  state: { Retry?: Retrier[]; Catch?: Catcher[]; QueryLanguage?: QueryLanguage },
  position: {
    state: string;
    input: Json;
    retrierAttempts: number[];
    enteredTime: number;
    retryCount: number;
  },
  error: string,
  cause: string,
  env: StateEnv,
  retryCursor: (retrierAttempts: number[]) => Cursor,
  alias?: string,
): Outcome {
  const retrierIndex = findRetrier(state.Retry, error, alias);
  if (retrierIndex >= 0) {
    const retrier = state.Retry![retrierIndex];
    const used = position.retrierAttempts[retrierIndex] ?? 0;
    if (used < maxAttempts(retrier)) {
      const retrierAttempts = [...position.retrierAttempts];
      retrierAttempts[retrierIndex] = used + 1;
      const delay = scaledMs(retryDelayMs(retrier, used) / 1000, env.speed);
      return { kind: 'suspend', cursor: retryCursor(retrierAttempts), readyAt: env.now + delay };
    }
  }
  const catcher = findCatcher(state.Catch, error, alias);
  if (!catcher) return { kind: 'fail', error, cause };
  try {
    const result = caughtResult(state, catcher, position, errorOutput(error, cause), env);
    return { kind: 'next', next: catcher.Next, ...result };
  } catch (e) {
    if (e instanceof StatesError) return { kind: 'fail', error: e.error, cause: e.cause };
    throw e;
  }
}

/**
 * What a Catch hands on: in JSONPath the error output placed at its ResultPath, and its Assign
 * evaluated against the error output; in JSONata its Output (else the error output) and Assign,
 * with `$states.errorOutput` (Developer Guide, "Handling errors in Step Functions workflows").
 */
function caughtResult(
  state: { QueryLanguage?: QueryLanguage },
  catcher: Catcher,
  position: { state: string; input: Json; enteredTime: number; retryCount: number },
  errorOutputValue: Json,
  env: StateEnv,
): StateResult {
  const retryCount = 'Resource' in state ? position.retryCount : undefined;
  const context = env.context(position.state, position.enteredTime, retryCount);
  if (isJsonata(state, env)) {
    const states = { input: position.input, context, errorOutput: errorOutputValue };
    return jsonataOutput(catcher, position.state, states, errorOutputValue, env);
  }
  const output = applyResultPath(catcher.ResultPath, position.input, errorOutputValue, position.state);
  const assigned = assignedVariables(catcher.Assign, position.state, errorOutputValue, context);
  return assigned ? { output, assigned } : { output };
}
