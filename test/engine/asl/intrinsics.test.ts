import { describe, expect, it } from 'vitest';
import { evaluateIntrinsic, isIntrinsic, parseIntrinsic } from '../../../src/engine/asl/intrinsics.js';
import { StatesError } from '../../../src/engine/asl/types.js';
import type { Json } from '../../../src/engine/asl/types.js';
import { context } from './fixtures.js';

const run = (expr: string, input: Json = {}) => evaluateIntrinsic(expr, input, context, 'S');

function failureOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatesError) return e.error;
    throw e;
  }
  throw new Error('expected a StatesError');
}

describe('isIntrinsic', () => {
  it('recognises calls and not paths', () => {
    expect(isIntrinsic('States.UUID()')).toBe(true);
    expect(isIntrinsic("States.Format('x')")).toBe(true);
    expect(isIntrinsic('$.States.Format')).toBe(false);
    expect(isIntrinsic('States.Format')).toBe(false);
  });
});

describe('parser', () => {
  it('parses literals, paths and nested calls', () => {
    expect(
      parseIntrinsic("States.Array('a', -1.5, true, false, null, $.x, $$.Execution.Id, States.UUID())"),
    ).toEqual({
      kind: 'call',
      name: 'States.Array',
      args: [
        { kind: 'string', value: 'a', formatParts: ['a'] },
        { kind: 'literal', value: -1.5 },
        { kind: 'literal', value: true },
        { kind: 'literal', value: false },
        { kind: 'literal', value: null },
        { kind: 'path', path: '$.x' },
        { kind: 'path', path: '$$.Execution.Id' },
        { kind: 'call', name: 'States.UUID', args: [] },
      ],
    });
  });

  it('keeps commas and parentheses inside path brackets', () => {
    expect(parseIntrinsic("States.Array($.a[?(@.b == 'x,y')], $['c d'])")).toMatchObject({
      args: [
        { kind: 'path', path: "$.a[?(@.b == 'x,y')]" },
        { kind: 'path', path: "$['c d']" },
      ],
    });
  });

  it('rejects malformed expressions with States.IntrinsicFailure', () => {
    for (const bad of [
      'States.Array(',
      "States.Array('unterminated)",
      'States.Array(1,)',
      'States.Array(1) extra',
      'States.Array(foo)',
      "States.Format('bad \\n escape')",
      'Foo.Bar()',
    ]) {
      expect(
        failureOf(() => parseIntrinsic(bad)),
        bad,
      ).toBe('States.IntrinsicFailure');
    }
  });

  it('limits nesting to 10 intrinsic functions', () => {
    const nest = (n: number): string => (n === 0 ? '1' : `States.Array(${nest(n - 1)})`);
    expect(() => parseIntrinsic(nest(10))).not.toThrow();
    expect(failureOf(() => parseIntrinsic(nest(11)))).toBe('States.IntrinsicFailure');
  });

  it('rejects unknown functions at evaluation', () => {
    expect(failureOf(() => run('States.Nope()'))).toBe('States.IntrinsicFailure');
  });
});

describe('States.Format', () => {
  const input = { name: 'Arnav', template: 'Hello, my name is {}.' };
  it('substitutes placeholders from literal or path templates (AWS docs example)', () => {
    expect(run("States.Format('Hello, my name is {}.', $.name)", input)).toBe('Hello, my name is Arnav.');
    expect(run('States.Format($.template, $.name)', input)).toBe('Hello, my name is Arnav.');
    expect(run("States.Format('Your name is {}, we are in the year {}', $.name, 2020)", input)).toBe(
      'Your name is Arnav, we are in the year 2020',
    );
  });

  it('formats scalars naturally, objects and arrays as AWS renders them', () => {
    expect(run("States.Format('{} {} {}', true, null, 1.5)")).toBe('true null 1.5');
    // As AWS recorded (localstack test_generic.py::test_format_2): Java's map and list rendering.
    expect(run("States.Format('{} {}', $.o, $.a)", { o: { Arg1: 1, Arg2: [], s: 'x' }, a: [1, 'b'] })).toBe(
      '{Arg1=1, Arg2=[], s=x} [1, b]',
    );
  });

  it('handles escapes: escaped braces are not placeholders', () => {
    expect(run("States.Format('\\{\\} {} it\\'s \\\\', 'x')")).toBe("{} x it's \\");
  });

  it('fails when placeholders and arguments disagree', () => {
    expect(failureOf(() => run("States.Format('{} {}', 'a')"))).toBe('States.IntrinsicFailure');
    expect(failureOf(() => run("States.Format('{}', 'a', 'b')"))).toBe('States.IntrinsicFailure');
  });
});

describe('JSON functions', () => {
  it('StringToJson parses (AWS docs example)', () => {
    expect(run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({
      foo: 'bar',
    });
    expect(failureOf(() => run("States.StringToJson('{nope')"))).toBe('States.IntrinsicFailure');
  });

  it('JsonToString serialises a path value', () => {
    expect(run('States.JsonToString($.someJson)', { someJson: { name: 'Foo', year: 2020 } })).toBe(
      '{"name":"Foo","year":2020}',
    );
    expect(failureOf(() => run("States.JsonToString('x')"))).toBe('States.IntrinsicFailure');
  });

  it('JsonMerge merges shallowly (AWS docs example) and refuses deep merge', () => {
    const input = { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } };
    expect(run('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({
      a: { a3: 1, a4: 2 },
      b: 2,
      c: 3,
    });
    expect(failureOf(() => run('States.JsonMerge($.json1, $.json2, true)', input))).toBe(
      'States.IntrinsicFailure',
    );
    expect(failureOf(() => run('States.JsonMerge($.json1, 1, false)', input))).toBe(
      'States.IntrinsicFailure',
    );
  });
});

describe('array functions', () => {
  const inputArray = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('Array collects its arguments (spec example)', () => {
    expect(run("States.Array('Foo', 2020, $.someJson, null)", { someJson: { random: 'abcdefg' } })).toEqual([
      'Foo',
      2020,
      { random: 'abcdefg' },
      null,
    ]);
    expect(run('States.Array()')).toEqual([]);
  });

  it('ArrayPartition chunks (AWS docs example)', () => {
    expect(run('States.ArrayPartition($.inputArray,4)', { inputArray })).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
    expect(failureOf(() => run('States.ArrayPartition($.a, 0)', { a: [1] }))).toBe('States.IntrinsicFailure');
  });

  it('ArrayContains compares deeply (AWS docs example)', () => {
    expect(run('States.ArrayContains($.inputArray, $.lookingFor)', { inputArray, lookingFor: 5 })).toBe(true);
    expect(run('States.ArrayContains($.a, $.v)', { a: [{ x: [1] }], v: { x: [1] } })).toBe(true);
    expect(run("States.ArrayContains($.a, '5')", { a: [5] })).toBe(false);
  });

  it('ArrayRange is inclusive and limited to 1000 items (AWS docs example)', () => {
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayRange(10, 1, -3)')).toEqual([10, 7, 4, 1]);
    expect(run('States.ArrayRange(1, 1000, 1)')).toHaveLength(1000);
    expect(failureOf(() => run('States.ArrayRange(1, 1001, 1)'))).toBe('States.IntrinsicFailure');
    expect(failureOf(() => run('States.ArrayRange(1, 9, 0)'))).toBe('States.IntrinsicFailure');
  });

  it('ArrayGetItem, ArrayLength, ArrayUnique (AWS docs examples)', () => {
    expect(run('States.ArrayGetItem($.inputArray, $.index)', { inputArray, index: 5 })).toBe(6);
    expect(failureOf(() => run('States.ArrayGetItem($.a, 3)', { a: [1] }))).toBe('States.IntrinsicFailure');
    expect(run('States.ArrayLength($.inputArray)', { inputArray })).toBe(9);
    expect(run('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([
      1, 2, 3, 4,
    ]);
    expect(failureOf(() => run("States.ArrayLength('x')"))).toBe('States.IntrinsicFailure');
  });

  it('takes indefinite paths as arrays', () => {
    expect(run('States.ArrayLength($.items[*].id)', { items: [{ id: 1 }, { id: 2 }] })).toBe(2);
  });
});

describe('encoding and hashing', () => {
  it('Base64Encode / Base64Decode round-trip (AWS docs example)', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
    expect(failureOf(() => run("States.Base64Decode('not base64!')"))).toBe('States.IntrinsicFailure');
    expect(failureOf(() => run('States.Base64Encode($.s)', { s: 'x'.repeat(10001) }))).toBe(
      'States.IntrinsicFailure',
    );
  });

  it('Hash supports the documented algorithms', () => {
    expect(run('States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' })).toBe(
      'aaff4a450a104cd177d28d18d74485e8cae074b7',
    );
    expect(run("States.Hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(run("States.Hash('', 'SHA-256')")).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(String(run("States.Hash('a', 'SHA-384')"))).toHaveLength(96);
    expect(String(run("States.Hash('a', 'SHA-512')"))).toHaveLength(128);
    expect(failureOf(() => run("States.Hash('a', 'SHA-3')"))).toBe('States.IntrinsicFailure');
  });
});

describe('math, string and UUID', () => {
  it('MathRandom stays in [start, end) and repeats with a seed', () => {
    for (let i = 0; i < 50; i++) {
      const n = run('States.MathRandom(1, 3)') as number;
      expect(n === 1 || n === 2).toBe(true);
    }
    expect(run('States.MathRandom(1, 999, 7)')).toBe(run('States.MathRandom(1, 999, 7)'));
    expect(failureOf(() => run('States.MathRandom(5, 5)'))).toBe('States.IntrinsicFailure');
  });

  it('MathAdd adds integers (AWS docs example)', () => {
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
    expect(failureOf(() => run("States.MathAdd('1', 2)"))).toBe('States.IntrinsicFailure');
  });

  it('StringSplit splits on each delimiter character (AWS docs example)', () => {
    expect(
      run('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' }),
    ).toEqual(['1', '2', '3', '4', '5']);
    expect(run("States.StringSplit('This.is+a,test=string', '.+,=')")).toEqual([
      'This',
      'is',
      'a',
      'test',
      'string',
    ]);
  });

  it('UUID returns a v4 UUID', () => {
    expect(run('States.UUID()')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(failureOf(() => run('States.UUID(1)'))).toBe('States.IntrinsicFailure');
  });

  it('evaluates deeply nested calls like the AWS docs myArn example', () => {
    const part = (i: number) =>
      `States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), ${i})`;
    const expr = `States.Format('{}.{}.{}', ${part(0)}, ${part(1)}, ${part(2)})`;
    const input = {
      ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/r/1.2.3' },
    };
    expect(run(expr, input)).toBe('1.2.3');
  });

  it('reads $$ paths and fails on missing paths with States.Runtime', () => {
    expect(run('States.Array($$.State.Name)')).toEqual(['Step']);
    expect(failureOf(() => run('States.Array($.missing)'))).toBe('States.Runtime');
  });
});
