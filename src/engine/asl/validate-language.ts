// Which fields each query language allows, and the variable names an Assign may set (Developer
// Guide, "Transforming data with JSONata in Step Functions": a JSONata state has Arguments and
// Output in place of the five JSONPath fields, and no `…Path` field; "Passing data between states
// with variables": variable names). A state's QueryLanguage defaults to the definition's; a
// JSONata definition cannot hold JSONPath states.

import { variableNameProblem } from '../../aws/names.js';
import type { Json, JsonObject } from './types.js';

export interface LanguageDiagnostic {
  code: string;
  message: string;
  location: string;
}

const JSONPATH_ONLY = [
  // A Pass state's Result is "JSONPath only" (Developer Guide, "Pass workflow state"): JSONata sets Output.
  'Result',
  'InputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'OutputPath',
  'ItemsPath',
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'ErrorPath',
  'CausePath',
];
const JSONATA_ONLY = ['Arguments', 'Output', 'Items'];
/** Fields that take a number in JSONPath and may be a `{% … %}` expression in JSONata. */
const NUMBER_OR_EXPRESSION = ['Seconds', 'TimeoutSeconds', 'HeartbeatSeconds', 'MaxConcurrency'];
/** States that may Assign (Fail and Succeed may not). */
const ASSIGNING_TYPES = new Set(['Pass', 'Task', 'Map', 'Parallel', 'Choice', 'Wait']);

const pointer = (...parts: (string | number)[]): string =>
  parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isExpression = (v: Json | undefined) => typeof v === 'string' && /^\{%[\s\S]*%\}$/.test(v);

function schema(message: string, location: string): LanguageDiagnostic {
  return { code: 'SCHEMA_VALIDATION_FAILED', message, location };
}

function assignDiagnostics(assign: Json | undefined, jsonata: boolean, at: string): LanguageDiagnostic[] {
  if (assign === undefined) return [];
  if (!isObject(assign)) return [schema('The field "Assign" must be a JSON object', at)];
  const out: LanguageDiagnostic[] = [];
  for (const key of Object.keys(assign)) {
    // In JSONPath a `.$` suffix marks a value taken from a path or intrinsic; in JSONata it is not special.
    const name = !jsonata && key.endsWith('.$') ? key.slice(0, -2) : key;
    const problem = variableNameProblem(name);
    if (problem) out.push(schema(problem, at + pointer(key)));
  }
  return out;
}

function stateDiagnostics(
  name: string,
  state: JsonObject,
  jsonata: boolean,
  at: string,
): LanguageDiagnostic[] {
  const out: LanguageDiagnostic[] = [];
  const here = at + pointer('States', name);
  const language = jsonata ? 'JSONata' : 'JSONPath';
  const refuse = (field: string, location = here + pointer(field)) =>
    out.push(schema(`The field "${field}" is not supported for QueryLanguage ${language}`, location));
  for (const field of jsonata ? JSONPATH_ONLY : JSONATA_ONLY) if (field in state) refuse(field);
  if (!jsonata) {
    for (const field of NUMBER_OR_EXPRESSION) {
      if (isExpression(state[field])) {
        out.push(
          schema(
            `The field "${field}" takes a JSONata expression only in a JSONata state`,
            here + pointer(field),
          ),
        );
      }
    }
  }
  if (state.Assign !== undefined && typeof state.Type === 'string' && !ASSIGNING_TYPES.has(state.Type)) {
    out.push(schema(`A ${state.Type} state cannot have "Assign"`, here + pointer('Assign')));
  } else {
    out.push(...assignDiagnostics(state.Assign, jsonata, here + pointer('Assign')));
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, i) => {
      if (!isObject(catcher)) return;
      const c = here + pointer('Catch', i);
      if (jsonata && 'ResultPath' in catcher) refuse('ResultPath', c + pointer('ResultPath'));
      if (!jsonata && 'Output' in catcher) refuse('Output', c + pointer('Output'));
      out.push(...assignDiagnostics(catcher.Assign, jsonata, c + pointer('Assign')));
    });
  }
  if (state.Type === 'Choice' && Array.isArray(state.Choices)) {
    state.Choices.forEach((rule, i) => {
      if (!isObject(rule)) return;
      const r = here + pointer('Choices', i);
      if (jsonata && !('Condition' in rule)) {
        out.push(schema('A JSONata Choice rule must have a "Condition"', r));
      }
      if (!jsonata && 'Condition' in rule) refuse('Condition', r + pointer('Condition'));
      if (!jsonata && 'Output' in rule) refuse('Output', r + pointer('Output'));
      out.push(...assignDiagnostics(rule.Assign, jsonata, r + pointer('Assign')));
    });
  }
  return out;
}

/** The query-language and variable-name problems of a state machine and every machine nested in it. */
export function languageDiagnostics(
  machine: JsonObject,
  inherited: 'JSONPath' | 'JSONata' = 'JSONPath',
  at = '',
): LanguageDiagnostic[] {
  const out: LanguageDiagnostic[] = [];
  const top = machine.QueryLanguage === 'JSONata' ? 'JSONata' : inherited;
  if (!isObject(machine.States)) return out;
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isObject(state)) continue;
    if (top === 'JSONata' && state.QueryLanguage === 'JSONPath') {
      // AWS's words and location, as recorded (LocalStack's test_sfn_api_validation snapshot,
      // INVALID_DOWNGRADE_QUERY_LANGUAGE).
      out.push(
        schema(
          "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
          at + pointer('States', name),
        ),
      );
    }
    const jsonata = (state.QueryLanguage ?? top) === 'JSONata';
    out.push(...stateDiagnostics(name, state, jsonata, at));
    // Branches and processors inherit the definition's language, not the enclosing state's.
    const nested: [string, Json][] = [];
    if (Array.isArray(state.Branches)) {
      state.Branches.forEach((b, i) => nested.push([at + pointer('States', name, 'Branches', i), b]));
    }
    for (const field of ['ItemProcessor', 'Iterator']) {
      if (field in state) nested.push([at + pointer('States', name, field), state[field]]);
    }
    for (const [location, sub] of nested)
      if (isObject(sub)) out.push(...languageDiagnostics(sub, top, location));
  }
  return out;
}
