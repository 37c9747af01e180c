// JSONPath evaluation as Step Functions does it for InputPath, OutputPath, ResultPath,
// Choice variables and `.$` payload fields.
//
// AWS evaluates paths with Jayway JsonPath: a *definite* path (only `.name`, `['name']`
// and `[n]` steps) yields exactly one value or fails with "No results for path"; an
// *indefinite* path (wildcards, filters, slices, unions, `..`) yields a list, possibly
// empty. Definite paths are walked here directly (fast, exact error wording); indefinite
// ones go to jsonpath-plus.

import { StatesErrors } from '../../aws/errors.js';
import { JSONPath } from 'jsonpath-plus';
import { StatesError, VARIABLES, type ContextObject, type Json, type JsonObject } from './types.js';

/** One step of a definite path: an object key or an array index. */
export type PathStep = { key: string } | { index: number };

/** A definite path split into steps, plus whether it addresses the context object (`$$`). */
export interface ReferencePath {
  context: boolean;
  steps: PathStep[];
}

const NAME_CHAR = /[^.[\]\s'"()*?@,:]/;

/**
 * Parses a reference (definite) path such as `$.a.b[0]['c d']` or `$$.Execution.Id`.
 * Returns undefined when the path is not definite, so the caller can fall back to a
 * full JSONPath engine.
 */
export function parseReferencePath(path: string): ReferencePath | undefined {
  let i: number;
  let context = false;
  if (path.startsWith('$$')) {
    context = true;
    i = 2;
  } else if (path.startsWith('$')) {
    i = 1;
  } else {
    return undefined;
  }
  const steps: PathStep[] = [];
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      let j = i + 1;
      while (j < path.length && NAME_CHAR.test(path[j])) j++;
      if (j === i + 1) return undefined; // `..`, `.*` or trailing dot: not definite
      steps.push({ key: path.slice(i + 1, j) });
      i = j;
    } else if (c === '[') {
      const q = path[i + 1];
      if (q === "'" || q === '"') {
        const end = path.indexOf(q + ']', i + 2);
        if (end < 0) return undefined;
        const key = path.slice(i + 2, end);
        if (key.includes(q)) return undefined; // a union like ['a','b']
        steps.push({ key });
        i = end + 2;
      } else {
        const m = /^\[(\d+)\]/.exec(path.slice(i));
        if (!m) return undefined; // wildcard, filter, slice, negative index…
        steps.push({ index: Number(m[1]) });
        i += m[0].length;
      }
    } else {
      return undefined;
    }
  }
  return { context, steps };
}

/** `$['a']['b'][0]`: the normalized form Jayway prints in its error messages. */
export function normalizedPath(steps: PathStep[], upTo = steps.length): string {
  let out = '$';
  for (const step of steps.slice(0, upTo)) {
    out += 'key' in step ? `['${step.key}']` : `[${step.index}]`;
  }
  return out;
}

/** The message prefix AWS puts on every runtime failure of a state. */
export function stateErrorPrefix(stateName: string): string {
  return `An error occurred while executing the state '${stateName}'.`;
}

/**
 * The prefix AWS puts on the runtime failures of a state that also name its Entered event
 * (recorded: "An error occurred while executing the state 'State_1' (entered at the event id #2).").
 */
export function enteredStateErrorPrefix(stateName: string, enteredEventId: number | undefined): string {
  return enteredEventId === undefined
    ? stateErrorPrefix(stateName)
    : `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}).`;
}

/** Marks the "path matched nothing" failure so callers can reword it (e.g. Parameters). */
export class PathNotFoundError extends StatesError {
  constructor(
    readonly path: string,
    cause: string,
  ) {
    super(StatesErrors.Runtime, cause);
  }
}

function noResults(path: string, steps: PathStep[], stateName: string): PathNotFoundError {
  return new PathNotFoundError(
    path,
    `${stateErrorPrefix(stateName)} Invalid path '${path}' : No results for path: ${normalizedPath(steps)}`,
  );
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks definite steps; returns undefined when a step finds nothing. */
function walk(root: Json, steps: PathStep[]): Json | undefined {
  let cur: Json | undefined = root;
  for (const step of steps) {
    if ('key' in step) {
      if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, step.key)) return undefined;
      cur = cur[step.key];
    } else {
      if (!Array.isArray(cur) || step.index >= cur.length) return undefined;
      cur = cur[step.index];
    }
  }
  return cur;
}

/** True when the path is an indefinite JSONPath (its value is a list of matches). */
export function isDefinitePath(path: string): boolean {
  return parseReferencePath(path) !== undefined;
}

/**
 * `$name`, `$name.a[0]`…: a reference to workflow variable `name` (Developer Guide, "Passing data
 * between states with variables": a variable is referenced by its name prefixed with `$`).
 * Names are Unicode identifiers (ID_Start, then ID_Continue).
 */
const VARIABLE_REFERENCE = /^\$(\p{ID_Start}\p{ID_Continue}*)(?=$|[.[])/u;

/** The variable a path starts from, and the path into its value (`$` for the whole value). */
export function variableReference(path: string): { name: string; rest: string } | undefined {
  const m = VARIABLE_REFERENCE.exec(path);
  return m ? { name: m[1], rest: '$' + path.slice(m[0].length) } : undefined;
}

function readVariable(
  ref: { name: string; rest: string },
  path: string,
  context: ContextObject,
  stateName: string,
): Json {
  const scope = context[VARIABLES];
  if (!scope || !Object.prototype.hasOwnProperty.call(scope, ref.name)) {
    throw new PathNotFoundError(
      path,
      `${stateErrorPrefix(stateName)} Invalid path '${path}': The variable '$${ref.name}' is not defined`,
    );
  }
  return readPath(ref.rest, scope[ref.name], context, stateName);
}

/**
 * Reads a JSONPath against the state input (`$…`), the context object (`$$…`) or a workflow
 * variable (`$name…`).
 * Definite paths return the single value found or throw States.Runtime
 * ("Invalid path … No results for path …"); indefinite paths return an array of matches.
 */
export function readPath(path: string, input: Json, context: ContextObject, stateName: string): Json {
  const variable = variableReference(path);
  if (variable) return readVariable(variable, path, context, stateName);
  const ref = parseReferencePath(path);
  const root = (ref?.context ?? path.startsWith('$$')) ? (context as unknown as Json) : input;
  if (ref) {
    const value = walk(root, ref.steps);
    if (value === undefined) throw noResults(path, ref.steps, stateName);
    return value;
  }
  if (!path.startsWith('$')) {
    throw new StatesError(StatesErrors.Runtime, `${stateErrorPrefix(stateName)} Invalid path '${path}'`);
  }
  const jsonPath = path.startsWith('$$') ? path.slice(1) : path;
  try {
    // An indefinite path yields the list of matches, empty when nothing matches (as Jayway).
    const found = JSONPath({ path: jsonPath, json: root as object, wrap: true, resultType: 'value' }) as
      Json[] | undefined;
    return found ?? [];
  } catch (e) {
    throw new StatesError(
      StatesErrors.Runtime,
      `${stateErrorPrefix(stateName)} Invalid path '${path}' : ${(e as Error).message}`,
    );
  }
}

/** InputPath: absent selects the whole input, null discards it (`{}`). */
export function applyInputPath(
  inputPath: string | null | undefined,
  input: Json,
  context: ContextObject,
  stateName: string,
): Json {
  if (inputPath === undefined || inputPath === '$') return input;
  if (inputPath === null) return {};
  return readPath(inputPath, input, context, stateName);
}

/** OutputPath: same rules as InputPath, applied to the state output. */
export function applyOutputPath(
  outputPath: string | null | undefined,
  output: Json,
  context: ContextObject,
  stateName: string,
): Json {
  return applyInputPath(outputPath, output, context, stateName);
}

function resultPathFailure(resultPath: string, input: Json, stateName: string): StatesError {
  return new StatesError(
    StatesErrors.ResultPathMatchFailure,
    `${stateErrorPrefix(stateName)} Unable to apply step "${resultPath}" to input ${JSON.stringify(input)}`,
  );
}

/**
 * ResultPath: where the state's result goes in its (raw) input.
 * Absent or `$` → the result replaces the input; null → the input passes through and the
 * result is discarded; `$.a.b` → a copy of the input with `a.b` set, creating missing
 * objects on the way. A step through a non-object fails with States.ResultPathMatchFailure.
 */
export function applyResultPath(
  resultPath: string | null | undefined,
  input: Json,
  result: Json,
  stateName: string,
): Json {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  const ref = parseReferencePath(resultPath);
  // ResultPath must be a reference path into the input; `$$` and wildcards are invalid.
  if (!ref || ref.context) {
    throw new StatesError(
      StatesErrors.Runtime,
      `${stateErrorPrefix(stateName)} Invalid ResultPath '${resultPath}': must be a reference path`,
    );
  }
  if (ref.steps.length === 0) return result;
  const copy = structuredClone(input);
  let cur: Json = copy;
  ref.steps.forEach((step, n) => {
    const last = n === ref.steps.length - 1;
    if ('key' in step) {
      if (!isObject(cur)) throw resultPathFailure(resultPath, input, stateName);
      if (last) {
        cur[step.key] = result;
        return;
      }
      if (!Object.prototype.hasOwnProperty.call(cur, step.key)) cur[step.key] = {};
      cur = cur[step.key];
    } else {
      // An index can only address an existing element: arrays are never grown.
      if (!Array.isArray(cur) || step.index >= cur.length) {
        throw resultPathFailure(resultPath, input, stateName);
      }
      if (last) {
        cur[step.index] = result;
        return;
      }
      cur = cur[step.index];
    }
  });
  return copy;
}
