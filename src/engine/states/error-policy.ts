import { applyResultPath } from '../asl/paths.js';
import { findRetrier, maxAttempts, retryDelayMs } from '../../aws/retry.js';
import { errorOutput, findCatcher } from '../asl/retry.js';
import { StatesError, type Catcher, type Json, type Retrier } from '../asl/types.js';
import type { Cursor } from './cursor.js';
import type { Outcome, StateEnv } from './env.js';
import { scaledMs } from './outcome.js';

/**
 * A failed Task, Parallel or Map: retry it per its Retry policy (each retrier counts its own
 * attempts), else leave through a matching Catch, else fail. `retryCursor` builds the cursor
 * that waits for the retry, given the updated per-retrier counts. `alias` is a second name the
 * error matches by (States.HeartbeatTimeout for a missed heartbeat, written as States.Timeout).
 */
export function applyErrorPolicy(
  state: { Retry?: Retrier[]; Catch?: Catcher[] },
  position: { state: string; input: Json; retrierAttempts: number[] },
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
    const output = applyResultPath(
      catcher.ResultPath,
      position.input,
      errorOutput(error, cause),
      position.state,
    );
    return { kind: 'next', next: catcher.Next, output };
  } catch (e) {
    if (e instanceof StatesError) return { kind: 'fail', error: e.error, cause: e.cause };
    throw e;
  }
}
