// A state's input and output processing, in the one order ASL defines:
// InputPath → Parameters → (the state's work) → ResultSelector → ResultPath → OutputPath.
// Every state type goes through here, so each error a path or template raises names its state.

import { applyInputPath, applyOutputPath, applyResultPath } from '../asl/paths.js';
import { resolvePayloadTemplate } from '../asl/payload.js';
import type { ContextObject, Json } from '../asl/types.js';

/** The processing fields a state may have; a state type without one simply skips that step. */
export interface DataFields {
  InputPath?: string | null;
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  OutputPath?: string | null;
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
 * ResultSelector, then ResultPath (placing the result in the state's raw input), then
 * OutputPath: the state's output. A state without a result passes its effective input.
 */
export function stateOutput(
  fields: DataFields,
  stateName: string,
  input: Json,
  result: Json,
  context: ContextObject,
): Json {
  const selected =
    fields.ResultSelector === undefined
      ? result
      : resolvePayloadTemplate(fields.ResultSelector, result, context, stateName);
  const placed = applyResultPath(fields.ResultPath, input, selected, stateName);
  return applyOutputPath(fields.OutputPath, placed, context, stateName);
}
