import type { Json, PassState } from '../asl/types.js';
import type { Outcome, StateEnv } from './env.js';
import { effectiveInput, stateOutput } from './io.js';
import { isJsonata, jsonataOutput } from './io-jsonata.js';
import { leave } from './outcome.js';

/**
 * A Pass state's result is its Result, else its effective input (after Parameters); in JSONata,
 * its Output (else its input).
 */
export function enterPass(state: PassState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, undefined);
  if (isJsonata(state, env)) return leave(state, jsonataOutput(state, name, { input, context }, input, env));
  const effective = effectiveInput(state, name, input, context);
  const result = state.Result !== undefined ? state.Result : effective;
  return leave(state, stateOutput(state, name, input, result, context));
}
