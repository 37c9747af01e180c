import { pathOrIntrinsicValue } from '../asl/payload.js';
import type { FailState, Json } from '../asl/types.js';
import type { Outcome, StateEnv } from './env.js';
import { evaluateTyped, isJsonata, isString } from './io-jsonata.js';

/**
 * Fails with Error/Cause, or with the strings ErrorPath/CausePath select from the raw input (a path
 * or an intrinsic function, as AWS allows); in
 * JSONata, Error and Cause may be expressions that must give strings.
 */
export function enterFail(state: FailState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, undefined);
  if (isJsonata(state, env)) {
    const text = (field: 'Error' | 'Cause') =>
      state[field] === undefined
        ? ''
        : evaluateTyped(state[field], field, { input, context }, env, name, 'string', isString);
    return { kind: 'fail', error: text('Error'), cause: text('Cause') };
  }
  const error = state.ErrorPath
    ? String(pathOrIntrinsicValue(state.ErrorPath, input, context, name))
    : (state.Error ?? '');
  const cause = state.CausePath
    ? String(pathOrIntrinsicValue(state.CausePath, input, context, name))
    : (state.Cause ?? '');
  return { kind: 'fail', error, cause };
}
