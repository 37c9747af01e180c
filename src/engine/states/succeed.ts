import type { Json, SucceedState } from '../asl/types.js';
import type { Outcome, StateEnv } from './env.js';
import { effectiveInput, stateOutput } from './io.js';
import { isJsonata, jsonataOutput } from './io-jsonata.js';

export function enterSucceed(state: SucceedState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, undefined);
  if (isJsonata(state, env)) {
    // A Succeed state has no Assign.
    return {
      kind: 'end',
      output: jsonataOutput({ Output: state.Output }, name, { input, context }, input, env).output,
    };
  }
  const effective = effectiveInput(state, name, input, context);
  return { kind: 'end', output: stateOutput(state, name, input, effective, context).output };
}
