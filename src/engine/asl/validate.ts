// Definition validation, shaped like the ValidateStateMachineDefinition API's diagnostics.
// asl-validator supplies the JSON-schema checks; the semantic checks (transition targets,
// reachability, terminal states, state types the engine can run) are ours because they
// need exact locations. Results are memoised by definition text (a repeated CreateStateMachine
// of the same definition skips all of it).

import { MAX_DEFINITION_BYTES } from '../../aws/limits.js';
import { lambdaInvokePattern, parseLambdaFunctionArn } from '../../aws/arn.js';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth.js';
import { languageDiagnostics } from './validate-language.js';
import { validateAslSchema } from './schema-validator.js';
import type { Json, JsonObject } from './types.js';

export interface Diagnostic {
  code: string;
  message: string;
  /** JSON-pointer-like path such as `/States/CreateTask/Next`, or `line L, column C` for JSON syntax errors. */
  location: string;
}

/** State types the embedded interpreter can run; anything else is UNSUPPORTED_STATE_TYPE. */
export const SUPPORTED_STATE_TYPES: readonly string[] = [
  'Task',
  'Pass',
  'Wait',
  'Choice',
  'Succeed',
  'Fail',
  'Parallel',
  'Map',
];

/** Task resources the embedded engine can invoke: a Lambda function ARN, or the lambda:invoke integration (request-response or callback). */
const isSupportedResource = (resource: string): boolean =>
  parseLambdaFunctionArn(resource) !== undefined || lambdaInvokePattern(resource) !== undefined;

/** Fields only a Distributed Map may have. */
const DISTRIBUTED_MAP_FIELDS = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
];

/** Distributed Map fields the embedded engine cannot run, and why. */
const UNSUPPORTED_DISTRIBUTED_FIELDS: Record<string, string> = {
  ItemReader: 'the local engine does not read items from S3; give the items in the state input (ItemsPath)',
  ResultWriter: 'the local engine does not write results to S3; remove ResultWriter',
  ItemBatcher: 'the local engine does not batch items yet; remove ItemBatcher',
};

/** asl-validator codes we replace with our own located checks. */
const RECOMPUTED_CODES = new Set([
  'MISSING_TRANSITION_TARGET',
  'MISSING_TERMINAL_STATE',
  'TERMINAL_STATE_WITH_NEXT',
  // asl-validator's own codes for the pairs below; AWS reports them as SCHEMA_VALIDATION_FAILED
  'TASK_TIMEOUT',
  'TASK_HEARTBEAT',
]);

const CACHE_SIZE = 64;
const cache = new Map<string, Diagnostic[]>();

const pointer = (...parts: (string | number)[]): string =>
  parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function parseError(text: string, e: Error): Diagnostic {
  const m = /at position (\d+)/.exec(e.message);
  const offset = m ? Number(m[1]) : text.length;
  return { code: 'INVALID_JSON_DESCRIPTION', message: e.message, location: lineColumn(text, offset) };
}

/** Fields whose value is a payload template: literal JSON with `.$` keys or `{% %}` strings in it. */
const TEMPLATE_FIELDS = new Set([
  'Parameters',
  'ResultSelector',
  'ItemSelector',
  'Assign',
  'Arguments',
  'Output',
]);

/** A template with every array emptied: AWS takes any JSON inside an array (null, `{% %}`-looking strings). */
function withoutArrayItems(value: Json): Json {
  if (Array.isArray(value)) return [];
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutArrayItems(v)]));
}

/**
 * The definition as asl-validator should see it. Its schema is stricter than AWS on two points
 * recordings show AWS accepting: array items in payload templates (any JSON) and a JSONata `Output`
 * that is not an object (any JSON value: `true`, `"text"`, `[]`). Those parts are checked by AWS's
 * rules elsewhere (languageDiagnostics) or need no check, so the copy carries neutral stand-ins.
 */
function schemaView(value: Json, key = ''): Json {
  if (TEMPLATE_FIELDS.has(key)) {
    if (key === 'Output' && !isObject(value) && !(typeof value === 'string' && /^\{%.*%\}$/s.test(value)))
      return {};
    return withoutArrayItems(value);
  }
  if (Array.isArray(value)) return value.map((item) => schemaView(item));
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaView(v, k)]));
}

function schemaDiagnostics(definition: JsonObject): Diagnostic[] {
  // asl-validator writes a default QueryLanguage into every state: schemaView gives it a copy.
  const errors = validateAslSchema(schemaView(definition));
  const out: Diagnostic[] = [];
  for (const err of errors) {
    if (RECOMPUTED_CODES.has(err['Error code'])) continue;
    const path = err.schemaError?.instancePath;
    // That injected QueryLanguage shows up in its oneOf noise; it is not the user's field.
    if (path?.endsWith('/QueryLanguage')) continue;
    const stateName = /^State "([^"]*)"/.exec(err.Message)?.[1];
    out.push({
      code: err['Error code'],
      message: err.Message.trim(),
      location: path ?? (stateName !== undefined ? pointer('States', stateName) : ''),
    });
  }
  return out;
}

/** Every transition of a state: [location, target]. */
function transitions(name: string, state: JsonObject, at = ''): [string, Json][] {
  const out: [string, Json][] = [];
  if ('Next' in state) out.push([at + pointer('States', name, 'Next'), state.Next]);
  if ('Default' in state) out.push([at + pointer('States', name, 'Default'), state.Default]);
  if (Array.isArray(state.Choices)) {
    state.Choices.forEach((rule, i) => {
      if (isObject(rule) && 'Next' in rule)
        out.push([at + pointer('States', name, 'Choices', i, 'Next'), rule.Next]);
    });
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, i) => {
      if (isObject(catcher) && 'Next' in catcher)
        out.push([at + pointer('States', name, 'Catch', i, 'Next'), catcher.Next]);
    });
  }
  return out;
}

/** The nested state machines of a Parallel (its branches) or Map (its processor): [location, machine]. */
function nestedMachines(name: string, state: JsonObject, at: string): [string, Json][] {
  const out: [string, Json][] = [];
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    state.Branches.forEach((branch, i) => out.push([at + pointer('States', name, 'Branches', i), branch]));
  }
  if (state.Type === 'Map') {
    for (const field of ['ItemProcessor', 'Iterator']) {
      if (field in state) out.push([at + pointer('States', name, field), state[field]]);
    }
  }
  return out;
}

/** A Map's mode and its distributed-only fields: what the embedded engine cannot run is named. */
function mapDiagnostics(name: string, state: JsonObject, at: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const processor = state.ItemProcessor ?? state.Iterator;
  const config = isObject(processor) && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
  const distributed = config.Mode === 'DISTRIBUTED';
  for (const field of DISTRIBUTED_MAP_FIELDS) {
    if (!(field in state)) continue;
    const why = UNSUPPORTED_DISTRIBUTED_FIELDS[field];
    if (!distributed) {
      out.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `State "${name}" uses ${field}, which only a distributed Map has (ItemProcessor.ProcessorConfig.Mode "DISTRIBUTED")`,
        location: at + pointer('States', name, field),
      });
    } else if (why) {
      out.push({
        code: 'UNSUPPORTED_STATE_TYPE',
        message: `State "${name}" uses ${field}: ${why}`,
        location: at + pointer('States', name, field),
      });
    }
  }
  if (!('ItemProcessor' in state) && !('Iterator' in state)) {
    out.push({
      code: 'SCHEMA_VALIDATION_FAILED',
      message: `State "${name}" must have an "ItemProcessor" (or "Iterator")`,
      location: at + pointer('States', name),
    });
  }
  return out;
}

/** A Task's timer fields, each given once, and a heartbeat shorter than the task's timeout. */
function taskTimerDiagnostics(name: string, state: JsonObject, at: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
    if (field in state && `${field}Path` in state) {
      out.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `These fields are mutually exclusive: [${field}, ${field}Path]`,
        location: at + pointer('States', name),
      });
    }
  }
  // Only literal numbers can be compared here; a path or a JSONata expression is checked when the task runs.
  const { TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat } = state;
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
    out.push({
      code: 'SCHEMA_VALIDATION_FAILED',
      message: 'HeartbeatSeconds must be smaller than TimeoutSeconds',
      location: at + pointer('States', name, 'HeartbeatSeconds'),
    });
  }
  return out;
}

const FLOW_TYPES = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);
const TERMINAL_TYPES = new Set(['Succeed', 'Fail']);

/**
 * Transition targets, Next/End, reachability and terminal states of a state machine, and
 * of every branch and processor nested in it (their locations prefixed with `at`).
 */
function semanticDiagnostics(definition: JsonObject, at = ''): Diagnostic[] {
  const states = definition.States;
  if (!isObject(states)) return [];
  const names = Object.keys(states);
  const out: Diagnostic[] = [];
  const startAt = definition.StartAt;
  if (typeof startAt === 'string' && !(startAt in states)) {
    out.push({
      code: 'MISSING_TRANSITION_TARGET',
      message: `Missing 'StartAt' target: ${startAt}`,
      location: at + pointer('StartAt'),
    });
  }
  let hasTerminal = false;
  for (const name of names) {
    const state: Json = states[name];
    if (!isObject(state)) continue;
    const type = state.Type;
    if (typeof type === 'string' && !SUPPORTED_STATE_TYPES.includes(type)) {
      out.push({
        code: 'UNSUPPORTED_STATE_TYPE',
        message: `State "${name}" has type ${type}, which the embedded engine does not support (supported: ${SUPPORTED_STATE_TYPES.join(', ')})`,
        location: at + pointer('States', name, 'Type'),
      });
    }
    if (type === 'Task' && typeof state.Resource === 'string' && !isSupportedResource(state.Resource)) {
      out.push({
        code: 'UNSUPPORTED_RESOURCE',
        message: `State "${name}" calls ${state.Resource}; the embedded engine runs Lambda functions only (a function ARN, arn:aws:states:::lambda:invoke or arn:aws:states:::lambda:invoke.waitForTaskToken)`,
        location: at + pointer('States', name, 'Resource'),
      });
    }
    for (const [location, target] of transitions(name, state, at)) {
      if (typeof target === 'string' && !(target in states)) {
        const field = location.split('/').pop();
        out.push({
          code: 'MISSING_TRANSITION_TARGET',
          message: `Missing '${field}' target: ${target}`,
          location,
        });
      }
    }
    if (type === 'Task') out.push(...taskTimerDiagnostics(name, state, at));
    if (type === 'Map') out.push(...mapDiagnostics(name, state, at));
    for (const [location, machine] of nestedMachines(name, state, at)) {
      if (isObject(machine)) out.push(...semanticDiagnostics(machine, location));
    }
    const hasNext = 'Next' in state;
    const isEnd = state.End === true;
    if (isEnd || (typeof type === 'string' && TERMINAL_TYPES.has(type))) hasTerminal = true;
    if (typeof type === 'string' && FLOW_TYPES.has(type)) {
      if (hasNext && isEnd) {
        out.push({
          code: 'TERMINAL_STATE_WITH_NEXT',
          message: `State "${name}" has both "End": true and "Next"`,
          location: at + pointer('States', name, 'Next'),
        });
      } else if (!hasNext && !isEnd) {
        out.push({
          code: 'SCHEMA_VALIDATION_FAILED',
          message: `State "${name}" must have either "Next" or "End": true`,
          location: at + pointer('States', name),
        });
      }
    } else if (typeof type === 'string' && (TERMINAL_TYPES.has(type) || type === 'Choice')) {
      // Succeed and Fail end the execution; Choice transitions only through its rules.
      for (const field of ['Next', 'End'] as const) {
        if (field in state) {
          out.push({
            code:
              TERMINAL_TYPES.has(type) && field === 'Next'
                ? 'TERMINAL_STATE_WITH_NEXT'
                : 'SCHEMA_VALIDATION_FAILED',
            message: `A ${type} state cannot have "${field}"`,
            location: at + pointer('States', name, field),
          });
        }
      }
    }
  }
  if (typeof startAt === 'string' && startAt in states) {
    const reached = new Set<string>([startAt]);
    const queue = [startAt];
    while (queue.length > 0) {
      const state: Json = states[queue.shift() as string];
      if (!isObject(state)) continue;
      for (const [, target] of transitions('', state)) {
        if (typeof target === 'string' && target in states && !reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    for (const name of names) {
      if (!reached.has(name)) {
        out.push({
          code: 'UNREACHABLE_STATE',
          message: `State "${name}" is not reachable`,
          location: at + pointer('States', name),
        });
      }
    }
  }
  if (names.length > 0 && !hasTerminal) {
    out.push({
      code: 'MISSING_END_STATE',
      message: 'The workflow does not have a terminal state',
      location: at + '/States',
    });
  }
  return out;
}

/** Size and depth, checked before parsing: past them the validator and interpreter would exhaust the stack. */
function boundsDiagnostics(definitionText: string): Diagnostic[] {
  const bytes = Buffer.byteLength(definitionText, 'utf8');
  if (bytes > MAX_DEFINITION_BYTES) {
    const message = `The definition is ${bytes} bytes; it must have length less than or equal to ${MAX_DEFINITION_BYTES}`;
    return [{ code: 'SCHEMA_VALIDATION_FAILED', message, location: '' }];
  }
  const depth = jsonDepth(definitionText);
  if (depth > MAX_JSON_DEPTH) {
    const message = `The definition nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are supported`;
    return [{ code: 'SCHEMA_VALIDATION_FAILED', message, location: '' }];
  }
  return [];
}

function validateUncached(definitionText: string): Diagnostic[] {
  if (definitionText.trim() === '') {
    return [{ code: 'MISSING_DESCRIPTION', message: 'The definition is empty', location: '' }];
  }
  const bounds = boundsDiagnostics(definitionText);
  if (bounds.length > 0) return bounds;
  let definition: unknown;
  try {
    definition = JSON.parse(definitionText);
  } catch (e) {
    return [parseError(definitionText, e as Error)];
  }
  if (!isObject(definition)) {
    return [
      { code: 'SCHEMA_VALIDATION_FAILED', message: 'The definition must be a JSON object', location: '' },
    ];
  }
  const seen = new Set<string>();
  const language = languageDiagnostics(definition);
  // asl-validator reports a field of the other query language as the state's "Type is invalid";
  // where our own check names the field, that report only adds noise.
  const flagged = new Set(language.map((d) => /^(.*\/States\/[^/]+)/.exec(d.location)?.[1]));
  const schema = schemaDiagnostics(definition).filter(
    (d) => !(d.location.endsWith('/Type') && flagged.has(d.location.slice(0, -'/Type'.length))),
  );
  return [...schema, ...language, ...semanticDiagnostics(definition)].filter((d) => {
    const key = `${d.code}\u0000${d.location}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates a definition text; an empty list means valid. Diagnostics are all errors,
 * schema problems first, then semantic ones in state order.
 */
export function validateDefinition(definitionText: string): Diagnostic[] {
  let result = cache.get(definitionText);
  if (!result) {
    result = validateUncached(definitionText);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(definitionText, result);
  }
  return result.map((d) => ({ ...d }));
}
