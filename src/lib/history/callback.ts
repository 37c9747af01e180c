import { CALLBACK_SUFFIX } from '../../aws/arn.js';
import { detailsOf } from '../../aws/events.js';
import type { HistoryEventLike } from './types.js';

// Callback tasks (`….waitForTaskToken`) in a history. AWS records the task token nowhere but in
// the TaskScheduled event's parameters, where the state put it ($$.Task.Token in Parameters, or
// $states.context.Task.Token in JSONata Arguments): that is where a person finds it.

/** A TaskScheduled of a callback resource: the attempt waits for SendTaskSuccess/Failure. */
export function isCallbackScheduled(event: HistoryEventLike): boolean {
  if (event.type !== 'TaskScheduled') return false;
  const resource = detailsOf(event)?.resource;
  return typeof resource === 'string' && resource.endsWith(CALLBACK_SUFFIX);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TOKEN_EXPRESSION = /\$\$\.Task\.Token|\$states\.context\.Task\.Token/;
// Without the definition: a field named as the token usually is (TaskToken, taskToken, token).
const TOKEN_FIELD = /^(task_?)?token$/i;

/** Where in a Parameters/Arguments template the token goes: a path of keys, as resolved. */
function tokenPath(template: unknown, path: string[] = []): string[] | undefined {
  if (!template || typeof template !== 'object' || Array.isArray(template)) return undefined;
  for (const [key, value] of Object.entries(template as Record<string, unknown>)) {
    if (typeof value === 'string' && TOKEN_EXPRESSION.test(value)) {
      return [...path, key.endsWith('.$') ? key.slice(0, -2) : key];
    }
    const inner = tokenPath(value, [...path, key]);
    if (inner) return inner;
  }
  return undefined;
}

function tokenByName(value: Json): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string' && TOKEN_FIELD.test(key)) return inner;
    const found = tokenByName(inner);
    if (found) return found;
  }
  return undefined;
}

/**
 * The task token in a callback's TaskScheduled event: at the place the state's template
 * (`Parameters` or `Arguments`, when the definition is known) puts `$$.Task.Token`, else in a
 * field named TaskToken/token. Undefined when neither finds one (the token went elsewhere).
 */
export function taskTokenOf(event: HistoryEventLike, state?: Record<string, unknown>): string | undefined {
  const text = detailsOf(event)?.parameters;
  if (typeof text !== 'string') return undefined;
  let parameters: Json;
  try {
    parameters = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  const path = tokenPath(state?.Parameters ?? state?.Arguments);
  if (path) {
    let value: Json | undefined = parameters;
    for (const key of path) {
      value = value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
    }
    if (typeof value === 'string') return value;
  }
  return tokenByName(parameters);
}
