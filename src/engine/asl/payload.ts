// Payload templates: the Parameters and ResultSelector fields of JSONPath states.
// A key ending in `.$` takes its value from a path or an intrinsic function and loses the
// suffix; every other value is copied as written. Objects and arrays are walked recursively.

import { StatesErrors } from '../../aws/errors.js';
import { evaluateIntrinsic, isIntrinsic } from './intrinsics.js';
import { PathNotFoundError, readPath, stateErrorPrefix, variableReference } from './paths.js';
import { StatesError, type ContextObject, type Json, type JsonObject } from './types.js';

function resolveField(
  field: string,
  expression: Json,
  input: Json,
  context: ContextObject,
  stateName: string,
): Json {
  if (typeof expression !== 'string') {
    throw new StatesError(
      StatesErrors.Runtime,
      `${stateErrorPrefix(stateName)} The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`,
    );
  }
  if (isIntrinsic(expression)) return intrinsicValue(expression, input, context, stateName);
  try {
    return readPath(expression, input, context, stateName);
  } catch (e) {
    // AWS words a missing payload path differently from a missing InputPath.
    if (e instanceof PathNotFoundError && !variableReference(expression)) {
      const where = expression.startsWith('$$') ? 'context object' : 'input';
      const data = expression.startsWith('$$') ? context : input;
      throw new StatesError(
        StatesErrors.Runtime,
        `${stateErrorPrefix(stateName)} The JSONPath '${expression}' specified for the field '${field}' could not be found in the ${where} '${JSON.stringify(data)}'`,
      );
    }
    throw e;
  }
}

/** A field that takes a path or an intrinsic function (ErrorPath, CausePath): its value. */
export function pathOrIntrinsicValue(
  expression: string,
  input: Json,
  context: ContextObject,
  stateName: string,
): Json {
  return isIntrinsic(expression)
    ? intrinsicValue(expression, input, context, stateName)
    : readPath(expression, input, context, stateName);
}

function intrinsicValue(expression: string, input: Json, context: ContextObject, stateName: string): Json {
  try {
    return evaluateIntrinsic(expression, input, context, stateName);
  } catch (e) {
    // The function's own failure says what went wrong; as for every runtime failure, the state comes first.
    if (e instanceof StatesError && e.error === StatesErrors.IntrinsicFailure) {
      throw new StatesError(e.error, `${stateErrorPrefix(stateName)} ${e.cause}`);
    }
    throw e;
  }
}

/**
 * Resolves a payload template against `input` (the effective input for Parameters, the
 * task result for ResultSelector) and the context object.
 */
export function resolvePayloadTemplate(
  template: Json,
  input: Json,
  context: ContextObject,
  stateName: string,
): Json {
  if (Array.isArray(template)) {
    return template.map((item) => resolvePayloadTemplate(item, input, context, stateName));
  }
  if (typeof template !== 'object' || template === null) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && key.length > 2) {
      out[key.slice(0, -2)] = resolveField(key, value, input, context, stateName);
    } else {
      out[key] = resolvePayloadTemplate(value, input, context, stateName);
    }
  }
  return out;
}
