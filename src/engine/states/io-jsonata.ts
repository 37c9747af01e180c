// A JSONata state's input and output processing (Developer Guide, "Transforming data with JSONata
// in Step Functions"): Arguments → (the state's work) → Output and Assign, side by side. Any value
// may be a `{% … %}` expression (objects and arrays are walked), reading `$states.input`,
// `$states.result`, `$states.errorOutput`, `$states.context` and the workflow variables as `$name`.
// A failed expression writes an EvaluationFailed event and fails the state with
// States.QueryEvaluationError, which Retry and Catch handle like any state error.
//
// The `jsonata` package is pinned at 1.8: from 2.0 on it evaluates only asynchronously, and the
// engine steps an execution synchronously inside one SQLite transaction.

import { createHash, randomUUID } from 'node:crypto';
import { seededRandom } from '../asl/seeded-random.js';
import { HASH_ALGORITHMS } from '../../aws/hash-algorithms.js';
import jsonata from 'jsonata';
import { StatesErrors } from '../../aws/errors.js';
import { stateErrorPrefix } from '../asl/paths.js';
import {
  StatesError,
  VARIABLES,
  type ContextObject,
  type Json,
  type JsonObject,
  type QueryLanguage,
} from '../asl/types.js';
import type { StateEnv } from './env.js';
import type { StateResult } from './outcome.js';

/** What `$states` holds for one evaluation. */
export interface StatesVariable {
  input: Json;
  context: ContextObject;
  result?: Json;
  errorOutput?: Json;
}

/** True when the state is evaluated with JSONata: its own QueryLanguage, else the definition's. */
export function isJsonata(state: { QueryLanguage?: QueryLanguage }, env: StateEnv): boolean {
  return (state.QueryLanguage ?? env.queryLanguage) === 'JSONata';
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** The expression inside `{% … %}`, or undefined when the value is not one. */
export function jsonataExpression(value: unknown): string | undefined {
  // Causes quote the expression trimmed: `{% $doesNotExist %}` is '$doesNotExist'.
  return typeof value === 'string' ? EXPRESSION.exec(value)?.[1].trim() : undefined;
}

// The functions Step Functions adds to JSONata ("JSONata functions provided by Step Functions").
function functionError(message: string): Error {
  return Object.assign(new Error(message), { code: 'States.QueryEvaluationError' });
}

type Expression = ReturnType<typeof jsonata>;

function compile(text: string): Expression {
  const expression = jsonata(text);
  expression.registerFunction(
    'partition',
    (array: unknown[], size: number) => {
      if (!Number.isInteger(size) || size <= 0)
        throw functionError('$partition expects a positive integer size');
      const out: unknown[][] = [];
      for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
      return out;
    },
    '<an:a>',
  );
  expression.registerFunction(
    'range',
    (start: number, end: number, step: number) => {
      if (step === 0) throw functionError('$range expects a non-zero step');
      const out: number[] = [];
      for (let n = start; step > 0 ? n <= end : n >= end; n += step) {
        out.push(n);
        if (out.length > 1000) throw functionError('$range cannot create more than 1000 items');
      }
      return out;
    },
    '<nnn:a>',
  );
  expression.registerFunction(
    'hash',
    (data: string, algorithm: string) => {
      const name = HASH_ALGORITHMS[algorithm];
      if (!name) throw functionError(`$hash supports only ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
      return createHash(name).update(data).digest('hex');
    },
    '<ss:s>',
  );
  expression.registerFunction(
    'random',
    (seed?: number) => (seed === undefined ? Math.random() : seededRandom(seed)()),
    '<n?:n>',
  );
  expression.registerFunction('uuid', () => randomUUID(), '<:s>');
  expression.registerFunction(
    'parse',
    (text: string) => {
      try {
        return JSON.parse(text) as Json;
      } catch {
        throw functionError('$parse expects a valid JSON string');
      }
    },
    '<s:x>',
  );
  // "$eval is not available: use $parse instead."
  expression.registerFunction('eval', () => {
    throw functionError('$eval is not supported; use $parse');
  });
  return expression;
}

const compiled = new Map<string, Expression>();

function compiledExpression(text: string): Expression {
  let expression = compiled.get(text);
  if (!expression) {
    expression = compile(text);
    if (compiled.size > 500) compiled.clear();
    compiled.set(text, expression);
  }
  return expression;
}

/**
 * Records the failure as AWS does, then raises it: an EvaluationFailed event naming the state and
 * the field (`Output/result`), linked where the state's Entered event links, and a cause naming
 * the Entered event (as recorded on AWS: "An error occurred while executing the state 'State0'
 * (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field
 * 'Output/result' returned nothing (undefined).").
 */
function evaluationFailed(env: StateEnv, stateName: string, location: string, cause: string): StatesError {
  const error = StatesErrors.QueryEvaluationError;
  const entered = env.stateEntered;
  const prefix = entered
    ? `An error occurred while executing the state '${stateName}' (entered at the event id #${entered.id}).`
    : stateErrorPrefix(stateName);
  const full = `${prefix} ${cause}`;
  env.emit(
    'EvaluationFailed',
    { evaluationFailedEventDetails: { error, cause: full, location, state: stateName } },
    entered?.previousEventId,
  );
  return new StatesError(error, full);
}

function evaluateExpression(
  text: string,
  location: string,
  states: StatesVariable,
  env: StateEnv,
  stateName: string,
): Json {
  let value: unknown;
  try {
    const expression = compiledExpression(text);
    value = expression.evaluate(undefined, {
      ...(states.context[VARIABLES] ?? {}),
      states: {
        input: states.input,
        context: states.context,
        ...(states.result !== undefined ? { result: states.result } : {}),
        ...(states.errorOutput !== undefined ? { errorOutput: states.errorOutput } : {}),
      },
    });
  } catch (e) {
    const message = (e as { message?: string }).message ?? String(e);
    throw evaluationFailed(
      env,
      stateName,
      location,
      `The JSONata expression '${text}' specified for the field '${location}' threw an error during evaluation: ${message}`,
    );
  }
  if (value === undefined) {
    throw evaluationFailed(
      env,
      stateName,
      location,
      `The JSONata expression '${text}' specified for the field '${location}' returned nothing (undefined).`,
    );
  }
  if (typeof value === 'function') {
    throw evaluationFailed(
      env,
      stateName,
      location,
      `The JSONata expression '${text}' specified for the field '${location}' returned an unsupported result type.`,
    );
  }
  // JSONata's sequences and frozen objects become plain JSON.
  return JSON.parse(JSON.stringify(value)) as Json;
}

/**
 * A field's value: a `{% … %}` string is evaluated; objects and arrays are walked (their keys are
 * kept as written); anything else is a literal.
 */
export function evaluateField(
  value: Json,
  location: string,
  states: StatesVariable,
  env: StateEnv,
  stateName: string,
): Json {
  const expression = jsonataExpression(value);
  if (expression !== undefined) return evaluateExpression(expression, location, states, env, stateName);
  // Nested fields are located with slashes, as AWS records them: `Output/result`, `Arguments/FunctionName`.
  if (Array.isArray(value)) {
    return value.map((item, i) => evaluateField(item, `${location}/${i}`, states, env, stateName));
  }
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = evaluateField(item, `${location}/${key}`, states, env, stateName);
    }
    return out;
  }
  return value;
}

/** A JSONata field that must give a value of one kind (Seconds, TimeoutSeconds, Error…). */
export function evaluateTyped<T extends Json>(
  value: Json,
  field: string,
  states: StatesVariable,
  env: StateEnv,
  stateName: string,
  expected: string,
  accept: (v: Json) => v is T,
): T {
  const result = evaluateField(value, field, states, env, stateName);
  if (accept(result)) return result;
  throw evaluationFailed(
    env,
    stateName,
    field,
    `The JSONata expression '${jsonataExpression(value) ?? JSON.stringify(value)}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${typeof result}' for value: ${JSON.stringify(result)}`,
  );
}

export const isNonNegativeInteger = (v: Json): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0;
export const isString = (v: Json): v is string => typeof v === 'string';

/** Arguments: the input a Task invokes with or a Parallel's branches start with (absent: the state input). */
export function jsonataArguments(
  fields: { Arguments?: Json },
  stateName: string,
  states: StatesVariable,
  env: StateEnv,
): Json {
  return fields.Arguments === undefined
    ? states.input
    : evaluateField(fields.Arguments, 'Arguments', states, env, stateName);
}

/**
 * Output and Assign, both evaluated with the variables from before the state (a new value is seen
 * only by the next state). Without Output a state passes `fallback`: its result, or its input.
 */
export function jsonataOutput(
  fields: { Output?: Json; Assign?: JsonObject },
  stateName: string,
  states: StatesVariable,
  fallback: Json,
  env: StateEnv,
): StateResult {
  const assigned =
    fields.Assign === undefined
      ? undefined
      : (evaluateField(fields.Assign, 'Assign', states, env, stateName) as JsonObject);
  const output =
    fields.Output === undefined ? fallback : evaluateField(fields.Output, 'Output', states, env, stateName);
  return assigned ? { output, assigned } : { output };
}
