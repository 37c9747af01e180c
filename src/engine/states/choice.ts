import { matchingRule, noChoiceMatched } from '../asl/choice.js';
import type { ChoiceRule, ChoiceState, ContextObject, Json } from '../asl/types.js';
import type { Outcome, StateEnv } from './env.js';
import { assignedVariables, effectiveInput, stateOutput } from './io.js';
import { evaluateTyped, isJsonata, jsonataOutput } from './io-jsonata.js';
import type { StateResult } from './outcome.js';

/**
 * The first matching rule's Next (else Default). The matching rule's Assign (and in JSONata its
 * Output) applies, or the state's own when Default is taken (Developer Guide, "Choice workflow
 * state"). In JSONPath the output is the effective input, after OutputPath.
 */
export function enterChoice(state: ChoiceState, name: string, input: Json, env: StateEnv): Outcome {
  const context = env.context(name, env.now, undefined);
  if (isJsonata(state, env)) return enterJsonataChoice(state, name, input, context, env);
  const effective = effectiveInput(state, name, input, context);
  const rule = matchingRule(state, effective, context, name);
  const next = rule?.Next ?? state.Default;
  if (next === undefined) throw noChoiceMatched(effective);
  const { output } = stateOutput({ OutputPath: state.OutputPath }, name, input, effective, context);
  const assigned = assignedVariables((rule ?? state).Assign, name, effective, context);
  return { kind: 'next', next, output, ...(assigned ? { assigned } : {}) };
}

/** Each rule's Condition is a JSONata expression that must give a boolean. */
function enterJsonataChoice(
  state: ChoiceState,
  name: string,
  input: Json,
  context: ContextObject,
  env: StateEnv,
): Outcome {
  const states = { input, context };
  const isBoolean = (v: Json): v is boolean => typeof v === 'boolean';
  const rule = state.Choices.find((r: ChoiceRule, i) =>
    evaluateTyped(r.Condition ?? null, `Choices/${i}/Condition`, states, env, name, 'boolean', isBoolean),
  );
  const next = rule?.Next ?? state.Default;
  if (next === undefined) throw noChoiceMatched(input);
  const result: StateResult = jsonataOutput(rule ?? state, name, states, input, env);
  return { kind: 'next', next, ...result };
}
