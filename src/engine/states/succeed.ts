import type { Json, SucceedState } from '../asl/types.js';
import type { Outcome, StateEnv } from './env.js';
import { effectiveInput, stateOutput } from './io.js';

export function enterSucceed(state: SucceedState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, 0);
  const effective = effectiveInput(state, name, input, context);
  return { kind: 'end', output: stateOutput(state, name, input, effective, context) };
}
