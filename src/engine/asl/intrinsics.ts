// Intrinsic functions (`States.Format(...)` etc.) for JSONPath states.
//
// A small hand-written lexer + recursive-descent parser turns the expression into a call
// tree, then the evaluator resolves arguments (literals, `$`/`$$` paths, nested calls)
// and applies the function. Everything the AWS docs call invalid input fails with
// States.IntrinsicFailure; a path that matches nothing fails as any path does
// (States.Runtime, from readPath).

import { StatesErrors } from '../../aws/errors.js';
import { seededRandom } from './seeded-random.js';
import { HASH_ALGORITHMS } from '../../aws/hash-algorithms.js';
import { createHash, randomUUID } from 'node:crypto';
import { readPath } from './paths.js';
import { StatesError, type ContextObject, type Json, type JsonObject } from './types.js';

/** A parsed argument or call. */
export type IntrinsicNode =
  | { kind: 'call'; name: string; args: IntrinsicNode[] }
  | { kind: 'string'; value: string; formatParts: string[] }
  | { kind: 'literal'; value: number | boolean | null }
  | { kind: 'path'; path: string };

/** AWS allows at most 10 nested intrinsic functions in one field. */
const MAX_NESTING = 10;
/** String inputs of Base64Encode/Decode and Hash are limited to 10,000 characters. */
const MAX_STRING_INPUT = 10_000;
/** ArrayRange may produce at most 1,000 items. */
const MAX_RANGE_ITEMS = 1000;

function fail(message: string): never {
  throw new StatesError(StatesErrors.IntrinsicFailure, message);
}

/** Cheap test used to decide whether a `.$` value is an intrinsic call rather than a path. */
export function isIntrinsic(s: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(s);
}

// ---------------------------------------------------------------------------------------
// Parser

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseExpression(): IntrinsicNode {
    this.skipSpace();
    const node = this.parseCall(1);
    this.skipSpace();
    if (this.pos !== this.src.length) this.error('unexpected trailing characters');
    return node;
  }

  private error(what: string): never {
    fail(`Invalid intrinsic function expression '${this.src}': ${what} at position ${this.pos}`);
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private parseCall(depth: number): IntrinsicNode {
    if (depth > MAX_NESTING) this.error(`more than ${MAX_NESTING} nested intrinsic functions`);
    const m = /^States\.[A-Za-z0-9]+/.exec(this.src.slice(this.pos));
    if (!m) this.error('expected an intrinsic function name');
    const name = m[0];
    this.pos += name.length;
    this.skipSpace();
    if (this.src[this.pos] !== '(') this.error("expected '('");
    this.pos++;
    const args: IntrinsicNode[] = [];
    this.skipSpace();
    if (this.src[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.parseArgument(depth));
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === ',') {
        this.pos++;
      } else if (c === ')') {
        this.pos++;
        return { kind: 'call', name, args };
      } else {
        this.error("expected ',' or ')'");
      }
    }
  }

  private parseArgument(depth: number): IntrinsicNode {
    const rest = this.src.slice(this.pos);
    const c = rest[0];
    if (c === "'") return this.parseString();
    if (c === '$') return this.parsePath();
    if (rest.startsWith('States.')) return this.parseCall(depth + 1);
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (rest.startsWith(word) && !/[A-Za-z0-9_]/.test(rest[word.length] ?? '')) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    this.error('expected an argument');
  }

  /**
   * A single-quoted literal. `\'`, `\{`, `\}`, `\\` are the only escapes; any other
   * backslash is an error (AWS: "open escape backslash"). Escaped braces never form a
   * `{}` placeholder, so the literal is also split into format parts here.
   */
  private parseString(): IntrinsicNode {
    this.pos++; // opening quote
    let value = '';
    const formatParts: string[] = [];
    let part = '';
    for (;;) {
      if (this.pos >= this.src.length) this.error('unterminated string literal');
      const c = this.src[this.pos];
      if (c === "'") {
        this.pos++;
        formatParts.push(part);
        return { kind: 'string', value, formatParts };
      }
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === undefined || !"'{}\\".includes(next)) this.error('invalid escape sequence');
        value += next;
        part += next;
        this.pos += 2;
        continue;
      }
      if (c === '{' && this.src[this.pos + 1] === '}') {
        value += '{}';
        formatParts.push(part);
        part = '';
        this.pos += 2;
        continue;
      }
      value += c;
      part += c;
      this.pos++;
    }
  }

  /** A path runs to the next top-level `,` or `)`; brackets and quotes inside it nest. */
  private parsePath(): IntrinsicNode {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === '[' || c === '(') {
        depth++;
      } else if (c === ']' || c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (c === ',' || /\s/.test(c))) {
        break;
      }
      this.pos++;
    }
    return { kind: 'path', path: this.src.slice(start, this.pos) };
  }
}

/** Parses an intrinsic expression into a call tree (throws States.IntrinsicFailure). */
export function parseIntrinsic(expr: string): IntrinsicNode {
  return new Parser(expr).parseExpression();
}

// ---------------------------------------------------------------------------------------
// Evaluation

interface Arg {
  value: Json;
  node: IntrinsicNode;
}

type Impl = (args: Arg[], name: string) => Json;

function typeName(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function expectCount(name: string, args: Arg[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    fail(`The intrinsic function ${name} expects ${want} argument(s) but received ${args.length}`);
  }
}

function argString(name: string, args: Arg[], i: number): string {
  const v = args[i].value;
  if (typeof v !== 'string')
    fail(`The intrinsic function ${name} expects argument ${i + 1} to be a string, got ${typeName(v)}`);
  return v;
}

function argArray(name: string, args: Arg[], i: number): Json[] {
  const v = args[i].value;
  if (!Array.isArray(v))
    fail(`The intrinsic function ${name} expects argument ${i + 1} to be an array, got ${typeName(v)}`);
  return v;
}

function argObject(name: string, args: Arg[], i: number): JsonObject {
  const v = args[i].value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    fail(`The intrinsic function ${name} expects argument ${i + 1} to be a JSON object, got ${typeName(v)}`);
  }
  return v;
}

function argNumber(name: string, args: Arg[], i: number): number {
  const v = args[i].value;
  if (typeof v !== 'number')
    fail(`The intrinsic function ${name} expects argument ${i + 1} to be a number, got ${typeName(v)}`);
  return v;
}

/** AWS rounds non-integer numeric arguments of the math/range functions to the nearest integer. */
function argInteger(name: string, args: Arg[], i: number): number {
  return Math.round(argNumber(name, args, i));
}

function argLimitedString(name: string, args: Arg[], i: number): string {
  const s = argString(name, args, i);
  if (s.length > MAX_STRING_INPUT) {
    fail(`The intrinsic function ${name} accepts strings of at most ${MAX_STRING_INPUT} characters`);
  }
  return s;
}

/** Structural equality of JSON values (key order ignored), used by ArrayContains/ArrayUnique. */
export function jsonEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEquals(ao[k], bo[k]));
}

/**
 * Format's "natural string representation": scalars as JSON writes them (strings unquoted); an
 * object as `{Id=1, Name=x}` and an array as `[1, 2]` (Java's map and list rendering, as AWS's
 * recorded histories show).
 */
function formatValue(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([key, value]) => `${key}=${formatValue(value)}`)
      .join(', ')}}`;
  }
  return String(v);
}

const FUNCTIONS: Record<string, Impl> = {
  'States.Format': (args, name) => {
    if (args.length < 1) fail(`The intrinsic function ${name} expects at least 1 argument`);
    const template = args[0];
    // A literal template keeps escaped braces literal; a template read from a path is
    // split on every `{}`.
    const text = argString(name, args, 0);
    const parts = template.node.kind === 'string' ? template.node.formatParts : text.split('{}');
    const values = args.slice(1);
    if (parts.length - 1 !== values.length) {
      fail(
        `The intrinsic function States.Format has ${parts.length - 1} placeholder(s) but ${values.length} argument(s) to substitute`,
      );
    }
    return parts.reduce(
      (out, part, i) => out + part + (i < values.length ? formatValue(values[i].value) : ''),
      '',
    );
  },

  'States.StringToJson': (args, name) => {
    expectCount(name, args, 1);
    const s = argString(name, args, 0);
    // AWS parses an empty or blank string to null (recorded: "" and " " give null).
    if (s.trim() === '') return null;
    try {
      return JSON.parse(s) as Json;
    } catch {
      fail(`The intrinsic function ${name} could not parse its argument as JSON`);
    }
  },

  'States.JsonToString': (args, name) => {
    expectCount(name, args, 1);
    if (args[0].node.kind !== 'path') fail(`The intrinsic function ${name} expects a path argument`);
    return JSON.stringify(args[0].value);
  },

  'States.Array': (args) => args.map((a) => a.value),

  'States.ArrayPartition': (args, name) => {
    expectCount(name, args, 2);
    const array = argArray(name, args, 0);
    const size = argNumber(name, args, 1);
    if (!Number.isInteger(size) || size <= 0)
      fail(`The intrinsic function ${name} expects a positive integer chunk size`);
    const chunks: Json[] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },

  'States.ArrayContains': (args, name) => {
    expectCount(name, args, 2);
    const array = argArray(name, args, 0);
    return array.some((item) => jsonEquals(item, args[1].value));
  },

  'States.ArrayRange': (args, name) => {
    expectCount(name, args, 3);
    const start = argInteger(name, args, 0);
    const end = argInteger(name, args, 1);
    const step = argInteger(name, args, 2);
    if (step === 0) fail(`The intrinsic function ${name} expects a non-zero step`);
    const count =
      end === start || Math.sign(end - start) === Math.sign(step) ? Math.floor((end - start) / step) + 1 : 0;
    if (count > MAX_RANGE_ITEMS)
      fail(`The intrinsic function ${name} cannot create more than ${MAX_RANGE_ITEMS} items`);
    return Array.from({ length: count }, (_, i) => start + i * step);
  },

  'States.ArrayGetItem': (args, name) => {
    expectCount(name, args, 2);
    const array = argArray(name, args, 0);
    const index = argNumber(name, args, 1);
    if (!Number.isInteger(index) || index < 0 || index >= array.length) {
      fail(
        `The intrinsic function ${name}: index ${index} is out of bounds for an array of length ${array.length}`,
      );
    }
    return array[index];
  },

  'States.ArrayLength': (args, name) => {
    expectCount(name, args, 1);
    return argArray(name, args, 0).length;
  },

  'States.ArrayUnique': (args, name) => {
    expectCount(name, args, 1);
    const unique: Json[] = [];
    for (const item of argArray(name, args, 0)) {
      if (!unique.some((u) => jsonEquals(u, item))) unique.push(item);
    }
    return unique;
  },

  'States.Base64Encode': (args, name) => {
    expectCount(name, args, 1);
    return Buffer.from(argLimitedString(name, args, 0), 'utf8').toString('base64');
  },

  'States.Base64Decode': (args, name) => {
    expectCount(name, args, 1);
    const s = argLimitedString(name, args, 0);
    // Buffer.from silently skips invalid characters; AWS rejects non-Base64 input.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) {
      fail(`The intrinsic function ${name} expects a Base64 encoded string`);
    }
    return Buffer.from(s, 'base64').toString('utf8');
  },

  'States.Hash': (args, name) => {
    expectCount(name, args, 2);
    const data = argLimitedString(name, args, 0);
    const algorithm = HASH_ALGORITHMS[argString(name, args, 1)];
    if (!algorithm) {
      fail(`The intrinsic function ${name} supports only ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
    }
    return createHash(algorithm).update(data, 'utf8').digest('hex');
  },

  'States.JsonMerge': (args, name) => {
    expectCount(name, args, 3);
    const a = argObject(name, args, 0);
    const b = argObject(name, args, 1);
    // Only shallow merging exists in Step Functions: the third argument must be false.
    if (args[2].value !== false)
      fail(`The intrinsic function ${name} supports only shallow merging: pass false`);
    return { ...a, ...b };
  },

  'States.MathRandom': (args, name) => {
    expectCount(name, args, 2, 3);
    const start = argInteger(name, args, 0);
    const end = argInteger(name, args, 1);
    if (end <= start) fail(`The intrinsic function ${name} expects start to be less than end`);
    const r = args.length === 3 ? seededRandom(argInteger(name, args, 2))() : Math.random();
    // start inclusive, end exclusive.
    return start + Math.floor(r * (end - start));
  },

  'States.MathAdd': (args, name) => {
    expectCount(name, args, 2);
    return argInteger(name, args, 0) + argInteger(name, args, 1);
  },

  'States.StringSplit': (args, name) => {
    expectCount(name, args, 2);
    const s = argString(name, args, 0);
    const delimiters = argString(name, args, 1);
    if (delimiters === '') return [s];
    // Every character of the second argument is a delimiter, and empty pieces are dropped.
    const out: string[] = [];
    let piece = '';
    for (const ch of s) {
      if (delimiters.includes(ch)) {
        if (piece) out.push(piece);
        piece = '';
      } else {
        piece += ch;
      }
    }
    if (piece) out.push(piece);
    return out;
  },

  'States.UUID': (args, name) => {
    expectCount(name, args, 0);
    return randomUUID();
  },
};

/** Names of every supported intrinsic function. */
export const INTRINSIC_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

function evaluateNode(node: IntrinsicNode, input: Json, context: ContextObject, stateName: string): Json {
  switch (node.kind) {
    case 'string':
    case 'literal':
      return node.value;
    case 'path':
      // An indefinite path (filter/wildcard) yields its list of matches, like everywhere else.
      return readPath(node.path, input, context, stateName);
    case 'call': {
      const impl = FUNCTIONS[node.name];
      if (!impl) fail(`Unknown intrinsic function ${node.name}`);
      const args = node.args.map((arg) => ({
        value: evaluateNode(arg, input, context, stateName),
        node: arg,
      }));
      return impl(args, node.name);
    }
  }
}

/**
 * Evaluates an intrinsic expression such as `States.Format('Hi {}', $.name)` against the
 * effective input (`$`) and context object (`$$`).
 */
export function evaluateIntrinsic(
  expr: string,
  input: Json,
  context: ContextObject,
  stateName: string,
): Json {
  return evaluateNode(parseIntrinsic(expr), input, context, stateName);
}
