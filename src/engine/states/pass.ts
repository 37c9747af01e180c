import { applyInputPath, applyOutputPath, applyResultPath } from '../asl/paths.js';
import { resolvePayloadTemplate } from '../asl/payload.js';
import type { Json, PassState } from '../asl/types.js';
import { leave, type Outcome, type StateEnv } from './outcome.js';

export function enterPass(state: PassState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.run.contextObject(name, env.run.now, 0);
  const effective = applyInputPath(state.InputPath, input, context);
  let result: Json = effective;
  if (state.Result !== undefined) result = state.Result;
  else if (state.Parameters !== undefined)
    result = resolvePayloadTemplate(state.Parameters, effective, context);
  const output = applyOutputPath(state.OutputPath, applyResultPath(state.ResultPath, input, result), context);
  return leave(state, output);
}
