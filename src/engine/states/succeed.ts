import { applyInputPath, applyOutputPath } from '../asl/paths.js';
import type { Json, SucceedState } from '../asl/types.js';
import type { Outcome, StateEnv } from './outcome.js';

export function enterSucceed(state: SucceedState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.run.contextObject(name, env.run.now, 0);
  const output = applyOutputPath(state.OutputPath, applyInputPath(state.InputPath, input, context), context);
  return { kind: 'end', output };
}
