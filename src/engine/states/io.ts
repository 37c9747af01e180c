// A JSONPath state's input and output processing, in the one order ASL defines:
// InputPath → Parameters → (the state's work) → ResultSelector → Assign → ResultPath → OutputPath.
// Every JSONPath state type goes through here, so each error a path or template raises names its
// state. (JSONata states have their own pipeline: io-jsonata.ts.)

import { applyInputPath, applyOutputPath, applyResultPath } from '../asl/paths.js';
import { resolvePayloadTemplate } from '../asl/payload.js';
import type { ContextObject, Json, JsonObject } from '../asl/types.js';
import type { StateResult } from './outcome.js';

/** The processing fields a state may have; a state type without one simply skips that step. */
export interface DataFields {
  InputPath?: string | null;
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  OutputPath?: string | null;
  Assign?: JsonObject;
}

/** InputPath, then Parameters: the input the state works on. */
export function effectiveInput(
  fields: DataFields,
  stateName: string,
  input: Json,
  context: ContextObject,
): Json {
  const selected = applyInputPath(fields.InputPath, input, context, stateName);
  return fields.Parameters === undefined
    ? selected
    : resolvePayloadTemplate(fields.Parameters, selected, context, stateName);
}

/**
 * Assign, evaluated like a payload template (literals, and `.$` keys taking a path, `$$`, a
 * variable or an intrinsic) against `value`: a Task/Parallel/Map's result after ResultSelector, a
 * Pass state's result, a Choice/Wait's effective input, a Catch's error output. Every expression
 * reads the variables as they were before the state: they are set only once it is left
 * (Developer Guide, "Passing data between states with variables": Assign evaluation order).
 */
export function assignedVariables(
  assign: JsonObject | undefined,
  stateName: string,
  value: Json,
  context: ContextObject,
): JsonObject | undefined {
  if (assign === undefined) return undefined;
  return resolvePayloadTemplate(assign, value, context, stateName) as JsonObject;
}

/**
 * ResultSelector, then Assign, then ResultPath (placing the result in the state's raw input), then
 * OutputPath: the state's output and the variables it sets. A state without a result passes its
 * effective input.
 */
export function stateOutput(
  fields: DataFields,
  stateName: string,
  input: Json,
  result: Json,
  context: ContextObject,
): StateResult {
  const selected =
    fields.ResultSelector === undefined
      ? result
      : resolvePayloadTemplate(fields.ResultSelector, result, context, stateName);
  const assigned = assignedVariables(fields.Assign, stateName, selected, context);
  const placed = applyResultPath(fields.ResultPath, input, selected, stateName);
  const output = applyOutputPath(fields.OutputPath, placed, context, stateName);
  return assigned ? { output, assigned } : { output };
}
