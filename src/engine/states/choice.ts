import { selectNextState } from '../asl/choice.js';
import { applyInputPath, applyOutputPath } from '../asl/paths.js';
import type { ChoiceState, Json } from '../asl/types.js';
import type { Outcome, StateEnv } from './outcome.js';

export function enterChoice(state: ChoiceState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.run.contextObject(name, env.run.now, 0);
  const effective = applyInputPath(state.InputPath, input, context);
  const next = selectNextState(state, effective, context);
  return { kind: 'next', next, output: applyOutputPath(state.OutputPath, effective, context) };
}
