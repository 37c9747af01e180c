import { readPath } from '../asl/paths.js';
import type { FailState, Json } from '../asl/types.js';
import type { Outcome, StateEnv } from './env.js';

/** Fails with Error/Cause, or with the strings ErrorPath/CausePath select from the raw input. */
export function enterFail(state: FailState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, 0);
  const error = state.ErrorPath
    ? String(readPath(state.ErrorPath, input, context, name))
    : (state.Error ?? '');
  const cause = state.CausePath
    ? String(readPath(state.CausePath, input, context, name))
    : (state.Cause ?? '');
  return { kind: 'fail', error, cause };
}
