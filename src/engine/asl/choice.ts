// Choice state rules: data-test expressions combined with And/Or/Not.
//
// As in Step Functions, a comparison whose operand has the wrong type is simply false
// ("Step Functions doesn't attempt to match a numeric field to a string value"), but a
// Variable (or `...Path` operand) that is missing from the input fails the execution
// with States.Runtime. The Is* type tests never fail: a missing field is not of any type,
// and IsPresent exists precisely to test for it.

import { StatesErrors } from '../../aws/errors.js';
import { PathNotFoundError, readPath, stateErrorPrefix } from './paths.js';
import { StatesError, type ChoiceRule, type ChoiceState, type ContextObject, type Json } from './types.js';

type Scalar = string | number | boolean;

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp with AWS's restrictions (uppercase T, uppercase Z or a
 * numeric offset) into nanoseconds since the epoch, so sub-millisecond digits still order.
 */
export function parseTimestamp(value: Json | undefined): bigint | undefined {
  if (typeof value !== 'string') return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [, dateTime, fraction = '', zone] = m;
  const ms = Date.parse(`${dateTime}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse accepts day 31 of a 30-day month by rolling over; reject that.
  const [y, mo, d] = dateTime.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  const nanos = BigInt((fraction + '000000000').slice(0, 9));
  return BigInt(ms) * 1_000_000n + nanos;
}

/**
 * StringMatches: `*` matches any run of characters; `\*` is a literal asterisk and `\\`
 * a literal backslash.
 */
export function stringMatches(value: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      re += '\\' + pattern[++i];
    } else if (c === '*') {
      re += '.*';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`, 's').test(value);
}

type Ordering = -1 | 0 | 1;
const cmp = <T extends string | number | bigint>(a: T, b: T): Ordering => (a < b ? -1 : a > b ? 1 : 0);

const ORDER_TESTS: Record<string, (o: Ordering) => boolean> = {
  Equals: (o) => o === 0,
  LessThan: (o) => o < 0,
  GreaterThan: (o) => o > 0,
  LessThanEquals: (o) => o <= 0,
  GreaterThanEquals: (o) => o >= 0,
};

/** Compares two values under a type family; undefined when either is not of that type. */
function compareAs(family: string, a: Json, b: Json): Ordering | undefined {
  switch (family) {
    case 'String':
      // UTF-16 code unit order, the same as Java's String.compareTo that AWS documents.
      return typeof a === 'string' && typeof b === 'string' ? cmp(a, b) : undefined;
    case 'Numeric':
      return typeof a === 'number' && typeof b === 'number' ? cmp(a, b) : undefined;
    case 'Timestamp': {
      const ta = parseTimestamp(a);
      const tb = parseTimestamp(b);
      return ta !== undefined && tb !== undefined ? cmp(ta, tb) : undefined;
    }
    default:
      return undefined;
  }
}

const TYPE_TESTS: Record<string, (v: Json | undefined) => boolean> = {
  IsNull: (v) => v === null,
  IsPresent: (v) => v !== undefined,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => parseTimestamp(v) !== undefined,
};

const COMPARISON =
  /^(String|Numeric|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;

// Assign (and JSONata's Output and Condition) sit beside a top-level rule's comparison.
const RULE_KEYS = new Set([
  'Variable',
  'Next',
  'Comment',
  'And',
  'Or',
  'Not',
  'Assign',
  'Output',
  'Condition',
]);

function invalidValue(path: string, stateName: string): StatesError {
  return new StatesError(
    StatesErrors.Runtime,
    `${stateErrorPrefix(stateName)} Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );
}

/** Reads a path that must exist; a missing value fails like AWS does. */
function mustRead(path: string, input: Json, context: ContextObject, stateName: string): Json {
  try {
    return readPath(path, input, context, stateName);
  } catch (e) {
    if (e instanceof PathNotFoundError) throw invalidValue(path, stateName);
    throw e;
  }
}

/** Reads a path that may be missing (for the Is* tests). */
function mayRead(path: string, input: Json, context: ContextObject, stateName: string): Json | undefined {
  try {
    return readPath(path, input, context, stateName);
  } catch (e) {
    if (e instanceof PathNotFoundError) return undefined;
    throw e;
  }
}

function ruleError(message: string, stateName: string): StatesError {
  return new StatesError(
    StatesErrors.Runtime,
    `${stateErrorPrefix(stateName)} Invalid Choice rule: ${message}`,
  );
}

/** The single comparison operator of a data-test rule (the key that is not Variable/Next/…). */
function operatorOf(rule: ChoiceRule, stateName: string): string {
  const ops = Object.keys(rule).filter((k) => !RULE_KEYS.has(k));
  if (ops.length !== 1) {
    throw ruleError(`expected exactly one comparison operator, found ${ops.length}`, stateName);
  }
  return ops[0];
}

/** Evaluates one Choice rule (with nested And/Or/Not) against the state's effective input. */
export function evaluateChoiceRule(
  rule: ChoiceRule,
  input: Json,
  context: ContextObject,
  stateName: string,
): boolean {
  if (rule.And !== undefined) {
    if (!Array.isArray(rule.And) || rule.And.length === 0) {
      throw ruleError('And must be a non-empty array', stateName);
    }
    return rule.And.every((r) => evaluateChoiceRule(r, input, context, stateName));
  }
  if (rule.Or !== undefined) {
    if (!Array.isArray(rule.Or) || rule.Or.length === 0)
      throw ruleError('Or must be a non-empty array', stateName);
    return rule.Or.some((r) => evaluateChoiceRule(r, input, context, stateName));
  }
  if (rule.Not !== undefined) return !evaluateChoiceRule(rule.Not, input, context, stateName);

  if (typeof rule.Variable !== 'string') throw ruleError('missing Variable', stateName);
  const op = operatorOf(rule, stateName);
  const operand = rule[op] as Json;

  const typeTest = TYPE_TESTS[op];
  if (typeTest) {
    if (typeof operand !== 'boolean') throw ruleError(`${op} must be a boolean`, stateName);
    return typeTest(mayRead(rule.Variable, input, context, stateName)) === operand;
  }

  const value = mustRead(rule.Variable, input, context, stateName);
  const isPath = op.endsWith('Path');
  // `...Path` operators take the value to compare with from another path.
  const expected = isPath ? mustRead(String(operand), input, context, stateName) : operand;

  if (op === 'BooleanEquals' || op === 'BooleanEqualsPath') {
    return typeof value === 'boolean' && typeof expected === 'boolean' && value === expected;
  }
  if (op === 'StringMatches') {
    if (typeof operand !== 'string') throw ruleError('StringMatches must be a string', stateName);
    return typeof value === 'string' && stringMatches(value, operand);
  }
  const m = COMPARISON.exec(op);
  if (!m) throw ruleError(`unknown comparison operator ${op}`, stateName);
  const [, family, relation] = m;
  if (!isPath && !isScalarFor(family, operand)) {
    throw ruleError(`${op} has an operand of the wrong type`, stateName);
  }
  const order = compareAs(family, value, expected);
  return order !== undefined && ORDER_TESTS[relation](order);
}

/** Checks a literal operand in the definition (a Timestamp operand is a string). */
function isScalarFor(family: string, operand: Json): operand is Scalar {
  if (family === 'Numeric') return typeof operand === 'number';
  return typeof operand === 'string';
}

/** The first rule that matches, if any. */
export function matchingRule(
  state: ChoiceState,
  input: Json,
  context: ContextObject,
  stateName: string,
): ChoiceRule | undefined {
  for (const rule of state.Choices) {
    if (evaluateChoiceRule(rule, input, context, stateName)) {
      if (typeof rule.Next !== 'string') throw ruleError('a top-level rule has no Next', stateName);
      return rule;
    }
  }
  return undefined;
}

/** Neither a rule nor a Default: the state fails. */
export function noChoiceMatched(input: Json): StatesError {
  return new StatesError(
    StatesErrors.NoChoiceMatched,
    `No choice rule matched the input and the Choice state has no Default: ${JSON.stringify(input)}`,
  );
}

/**
 * The Next of the first matching rule, else Default; with neither, the state fails with
 * States.NoChoiceMatched.
 */
export function selectNextState(
  state: ChoiceState,
  input: Json,
  context: ContextObject,
  stateName: string,
): string {
  const rule = matchingRule(state, input, context, stateName);
  if (rule) return rule.Next!;
  if (state.Default !== undefined) return state.Default;
  throw noChoiceMatched(input);
}
