import { describe, expect, it } from 'vitest';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  parseReferencePath,
  readPath,
} from '../../../src/engine/asl/paths.js';
import { StatesError } from '../../../src/engine/asl/types.js';
import { context } from './fixtures.js';

// The input from the AWS "Paths" docs example.
const docInput = {
  foo: 123,
  bar: ['a', 'b', 'c'],
  car: { cdr: true },
};

function statesError(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error('expected a StatesError');
}

describe('readPath', () => {
  it('reads the AWS docs reference path examples', () => {
    expect(readPath('$.foo', docInput, context, 'S')).toBe(123);
    expect(readPath('$.bar', docInput, context, 'S')).toEqual(['a', 'b', 'c']);
    expect(readPath('$.car.cdr', docInput, context, 'S')).toBe(true);
    expect(readPath('$.bar[1]', docInput, context, 'S')).toBe('b');
    expect(readPath("$['car']['cdr']", docInput, context, 'S')).toBe(true);
    expect(readPath('$', docInput, context, 'S')).toBe(docInput);
  });

  it('returns null values rather than treating them as missing', () => {
    expect(readPath('$.a', { a: null }, context, 'S')).toBeNull();
  });

  it('reads the context object with $$', () => {
    expect(readPath('$$.Execution.Id', docInput, context, 'S')).toBe(context.Execution.Id);
    expect(readPath('$$.State.RetryCount', docInput, context, 'S')).toBe(2);
    expect(readPath('$$.Task', {}, { ...context, Task: { Token: 'tok' } }, 'S')).toEqual({ Token: 'tok' });
  });

  it('fails a definite path that matches nothing with States.Runtime and AWS wording', () => {
    const e = statesError(() => readPath('$.x', docInput, context, 'MyState'));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe(
      "An error occurred while executing the state 'MyState'. Invalid path '$.x' : No results for path: $['x']",
    );
    const nested = statesError(() => readPath('$.car.nope', docInput, context, 'Nested'));
    expect(nested.cause).toContain("the state 'Nested'.");
    expect(nested.cause).toContain("No results for path: $['car']['nope']");
    expect(statesError(() => readPath('$.bar[3]', docInput, context, 'S')).error).toBe('States.Runtime');
    expect(statesError(() => readPath('$.foo.bar', docInput, context, 'S')).error).toBe('States.Runtime');
  });

  it('returns an array of matches for wildcard and filter paths, empty when none match', () => {
    const input = { items: [{ n: 1 }, { n: 5 }, { n: 9 }] };
    expect(readPath('$.items[*].n', input, context, 'S')).toEqual([1, 5, 9]);
    expect(readPath('$.items[?(@.n > 4)]', input, context, 'S')).toEqual([{ n: 5 }, { n: 9 }]);
    expect(readPath('$.items[?(@.n > 100)]', input, context, 'S')).toEqual([]);
    expect(readPath('$..n', input, context, 'S')).toEqual([1, 5, 9]);
  });
});

describe('parseReferencePath', () => {
  it('splits definite paths and rejects indefinite ones', () => {
    expect(parseReferencePath("$.a['b c'][2]")).toEqual({
      context: false,
      steps: [{ key: 'a' }, { key: 'b c' }, { index: 2 }],
    });
    expect(parseReferencePath('$$.Execution.Id')?.context).toBe(true);
    expect(parseReferencePath('$.a[*]')).toBeUndefined();
    expect(parseReferencePath('$..a')).toBeUndefined();
    expect(parseReferencePath('a.b')).toBeUndefined();
  });
});

describe('applyInputPath / applyOutputPath', () => {
  it('defaults to the whole input, discards it with null, selects with a path', () => {
    expect(applyInputPath(undefined, docInput, context, 'S')).toBe(docInput);
    expect(applyInputPath(null, docInput, context, 'S')).toEqual({});
    expect(applyInputPath('$.car', docInput, context, 'S')).toEqual({ cdr: true });
    expect(applyOutputPath(null, docInput, context, 'S')).toEqual({});
    expect(applyOutputPath('$.bar[0]', docInput, context, 'S')).toBe('a');
  });

  it('fails with States.Runtime when the path is missing', () => {
    expect(statesError(() => applyInputPath('$.missing', docInput, context, 'S')).error).toBe(
      'States.Runtime',
    );
  });
});

describe('applyResultPath', () => {
  // AWS docs ResultPath examples: input {"comment": ..., "details": ...}, result "Hello, AWS Step Functions!".
  const input = {
    comment: 'This is a test of the input and output of a Task state.',
    details: 'Default example',
  };
  const result = 'Hello, AWS Step Functions!';

  it('replaces the input by default and with $', () => {
    expect(applyResultPath(undefined, input, result, 'S')).toBe(result);
    expect(applyResultPath('$', input, result, 'S')).toBe(result);
  });

  it('discards the result with null', () => {
    expect(applyResultPath(null, input, result, 'S')).toBe(input);
  });

  it('adds the result to a copy of the input', () => {
    const out = applyResultPath('$.taskresult', input, result, 'S');
    expect(out).toEqual({ ...input, taskresult: result });
    expect(input).not.toHaveProperty('taskresult');
  });

  it('creates intermediate objects and overwrites existing fields', () => {
    expect(applyResultPath('$.a.b.c', { x: 1 }, 7, 'S')).toEqual({ x: 1, a: { b: { c: 7 } } });
    expect(applyResultPath('$.x', { x: 1 }, { y: 2 }, 'S')).toEqual({ x: { y: 2 } });
    expect(applyResultPath('$.a.b', { a: { keep: true } }, 1, 'S')).toEqual({ a: { keep: true, b: 1 } });
  });

  it('sets an existing array element', () => {
    expect(applyResultPath('$.list[1]', { list: [0, 0, 0] }, 9, 'S')).toEqual({ list: [0, 9, 0] });
  });

  it('fails with States.ResultPathMatchFailure when the input is not an object where needed', () => {
    expect(statesError(() => applyResultPath('$.a', 'a string', 1, 'S')).error).toBe(
      'States.ResultPathMatchFailure',
    );
    expect(statesError(() => applyResultPath('$.a.b', { a: 'str' }, 1, 'S')).error).toBe(
      'States.ResultPathMatchFailure',
    );
    expect(statesError(() => applyResultPath('$.a.b', { a: null }, 1, 'S')).error).toBe(
      'States.ResultPathMatchFailure',
    );
    expect(statesError(() => applyResultPath('$.list[5]', { list: [] }, 1, 'S')).error).toBe(
      'States.ResultPathMatchFailure',
    );
  });

  it('rejects context and indefinite result paths', () => {
    expect(statesError(() => applyResultPath('$$.Execution', {}, 1, 'S')).error).toBe('States.Runtime');
    expect(statesError(() => applyResultPath('$.a[*]', {}, 1, 'S')).error).toBe('States.Runtime');
  });
});
