import { selectNextState } from '../asl/choice.js';
import type { ChoiceState, Json } from '../asl/types.js';
import type { Outcome, StateEnv } from './env.js';
import { effectiveInput, stateOutput } from './io.js';

/** The first matching rule's Next (else Default); the output is the effective input, after OutputPath. */
export function enterChoice(state: ChoiceState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, 0);
  const effective = effectiveInput(state, name, input, context);
  const next = selectNextState(state, effective, context, name);
  return { kind: 'next', next, output: stateOutput(state, name, input, effective, context) };
}
