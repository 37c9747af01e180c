import { describe, expect, it } from 'vitest';
import {
  evaluateChoiceRule,
  parseTimestamp,
  selectNextState,
  stringMatches,
} from '../../../src/engine/asl/choice.js';
import { StatesError } from '../../../src/engine/asl/types.js';
import type { ChoiceRule, ChoiceState, Json } from '../../../src/engine/asl/types.js';
import { context } from './fixtures.js';

const check = (rule: ChoiceRule, input: Json) => evaluateChoiceRule(rule, input, context, 'S');

function errorName(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatesError) return e.error;
    throw e;
  }
  throw new Error('expected a StatesError');
}

// The Choice state from the AWS docs example.
const docState: ChoiceState = {
  Type: 'Choice',
  Choices: [
    { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
    { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
    {
      And: [
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
      Next: 'ValueInTwenties',
    },
  ],
  Default: 'DefaultState',
};

describe('selectNextState', () => {
  it('follows the AWS docs example', () => {
    expect(selectNextState(docState, { type: 'Private', value: 22 }, context, 'S')).toBe('ValueInTwenties');
    expect(selectNextState(docState, { type: 'Public', value: 22 }, context, 'S')).toBe('Public');
    expect(selectNextState(docState, { type: 'Private', value: 0 }, context, 'S')).toBe('ValueIsZero');
    expect(selectNextState(docState, { type: 'Private', value: 50 }, context, 'S')).toBe('DefaultState');
  });

  it('fails with States.NoChoiceMatched without a Default', () => {
    const state: ChoiceState = { ...docState, Default: undefined };
    expect(errorName(() => selectNextState(state, { type: 'Private', value: 50 }, context, 'S'))).toBe(
      'States.NoChoiceMatched',
    );
  });

  it('fails with States.Runtime when the Variable is missing (AWS docs note)', () => {
    expect(errorName(() => selectNextState(docState, { value: 22 }, context, 'S'))).toBe('States.Runtime');
  });
});

describe('string comparisons', () => {
  it('compares strings lexically and only strings', () => {
    expect(check({ Variable: '$.s', StringEquals: 'MyString' }, { s: 'MyString' })).toBe(true);
    expect(check({ Variable: '$.s', StringGreaterThan: 'MyStringABC' }, { s: 'MyStringABD' })).toBe(true);
    expect(check({ Variable: '$.s', StringLessThan: 'b' }, { s: 'a' })).toBe(true);
    expect(check({ Variable: '$.s', StringLessThanEquals: 'a' }, { s: 'a' })).toBe(true);
    expect(check({ Variable: '$.s', StringGreaterThanEquals: 'b' }, { s: 'a' })).toBe(false);
    expect(check({ Variable: '$.s', StringLessThan: 'a' }, { s: 'B' })).toBe(true); // code-unit order
    expect(check({ Variable: '$.s', StringEquals: '1' }, { s: 1 })).toBe(false);
  });

  it('supports the Path variants', () => {
    expect(check({ Variable: '$.a', StringEqualsPath: '$.b' }, { a: 'x', b: 'x' })).toBe(true);
    expect(check({ Variable: '$.a', StringLessThanPath: '$.b' }, { a: 'x', b: 'y' })).toBe(true);
    expect(errorName(() => check({ Variable: '$.a', StringEqualsPath: '$.b' }, { a: 'x' }))).toBe(
      'States.Runtime',
    );
  });

  it('StringMatches handles * and escapes', () => {
    expect(check({ Variable: '$.f', StringMatches: 'log-*.txt' }, { f: 'log-2024.txt' })).toBe(true);
    expect(check({ Variable: '$.f', StringMatches: '*.log' }, { f: 'x.txt' })).toBe(false);
    expect(stringMatches('a*b', 'a\\*b')).toBe(true);
    expect(stringMatches('axb', 'a\\*b')).toBe(false);
    expect(stringMatches('a\\b', 'a\\\\b')).toBe(true);
    expect(stringMatches('a.c', 'a.c')).toBe(true);
    expect(stringMatches('abc', 'a.c')).toBe(false);
    expect(stringMatches('line1\nline2', 'line1*')).toBe(true);
  });
});

describe('numeric and boolean comparisons', () => {
  it('compares numbers and only numbers', () => {
    expect(check({ Variable: '$.n', NumericEquals: 1 }, { n: 1.0 })).toBe(true);
    expect(check({ Variable: '$.n', NumericLessThan: 1 }, { n: 0.5 })).toBe(true);
    expect(check({ Variable: '$.n', NumericGreaterThan: 1 }, { n: 1 })).toBe(false);
    expect(check({ Variable: '$.n', NumericGreaterThanEquals: 1 }, { n: 1 })).toBe(true);
    expect(check({ Variable: '$.n', NumericLessThanEquals: 1 }, { n: 2 })).toBe(false);
    expect(check({ Variable: '$.n', NumericEquals: 1 }, { n: '1' })).toBe(false);
    expect(check({ Variable: '$.n', NumericLessThanPath: '$.m' }, { n: 1, m: 2 })).toBe(true);
  });

  it('compares booleans', () => {
    expect(check({ Variable: '$.b', BooleanEquals: true }, { b: true })).toBe(true);
    expect(check({ Variable: '$.b', BooleanEquals: true }, { b: 'true' })).toBe(false);
    expect(check({ Variable: '$.b', BooleanEqualsPath: '$.c' }, { b: false, c: false })).toBe(true);
  });

  it('reads $$ variables', () => {
    expect(check({ Variable: '$$.State.RetryCount', NumericGreaterThan: 1 }, {})).toBe(true);
  });
});

describe('timestamp comparisons', () => {
  it('compares RFC 3339 instants, including offsets and fractions', () => {
    expect(
      check({ Variable: '$.t', TimestampEquals: '2001-01-01T12:00:00Z' }, { t: '2001-01-01T12:00:00Z' }),
    ).toBe(true);
    expect(
      check({ Variable: '$.t', TimestampEquals: '2001-01-01T12:00:00Z' }, { t: '2001-01-01T14:00:00+02:00' }),
    ).toBe(true);
    expect(
      check(
        { Variable: '$.t', TimestampLessThan: '2001-01-01T12:00:00.0001Z' },
        { t: '2001-01-01T12:00:00.00001Z' },
      ),
    ).toBe(true);
    expect(
      check(
        { Variable: '$.t', TimestampGreaterThanEquals: '2001-01-01T12:00:00Z' },
        { t: '2000-12-31T23:00:00Z' },
      ),
    ).toBe(false);
    expect(
      check(
        { Variable: '$.t', TimestampLessThanEqualsPath: '$.u' },
        { t: '2001-01-01T12:00:00Z', u: '2001-01-02T00:00:00Z' },
      ),
    ).toBe(true);
  });

  it('treats malformed timestamps as not matching', () => {
    expect(
      check({ Variable: '$.t', TimestampEquals: '2001-01-01T12:00:00Z' }, { t: '2001-01-01t12:00:00z' }),
    ).toBe(false);
    expect(parseTimestamp('2001-02-30T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2001-01-01 00:00:00Z')).toBeUndefined();
    expect(parseTimestamp(5)).toBeUndefined();
  });
});

describe('type tests', () => {
  const input = { n: null, num: 1, s: 'x', b: false, t: '2016-03-14T01:59:00Z' };
  it('tests types without failing on missing fields', () => {
    expect(check({ Variable: '$.n', IsNull: true }, input)).toBe(true);
    expect(check({ Variable: '$.num', IsNull: true }, input)).toBe(false);
    expect(check({ Variable: '$.num', IsNumeric: true }, input)).toBe(true);
    expect(check({ Variable: '$.s', IsString: true }, input)).toBe(true);
    expect(check({ Variable: '$.b', IsBoolean: true }, input)).toBe(true);
    expect(check({ Variable: '$.t', IsTimestamp: true }, input)).toBe(true);
    expect(check({ Variable: '$.s', IsTimestamp: true }, input)).toBe(false);
    expect(check({ Variable: '$.missing', IsNumeric: true }, input)).toBe(false);
    expect(check({ Variable: '$.missing', IsNull: true }, input)).toBe(false);
  });

  it('IsPresent reports whether the field exists', () => {
    expect(check({ Variable: '$.n', IsPresent: true }, input)).toBe(true);
    expect(check({ Variable: '$.missing', IsPresent: true }, input)).toBe(false);
    expect(check({ Variable: '$.missing', IsPresent: false }, input)).toBe(true);
  });
});

describe('combinators', () => {
  it('evaluates And, Or and Not', () => {
    const input = { a: 1, b: 'x' };
    expect(
      check(
        {
          Or: [
            { Variable: '$.a', NumericEquals: 2 },
            { Variable: '$.b', StringEquals: 'x' },
          ],
        },
        input,
      ),
    ).toBe(true);
    expect(
      check(
        {
          And: [
            { Variable: '$.a', NumericEquals: 1 },
            { Variable: '$.b', StringEquals: 'y' },
          ],
        },
        input,
      ),
    ).toBe(false);
    expect(check({ Not: { Variable: '$.a', NumericEquals: 2 } }, input)).toBe(true);
  });

  it('rejects malformed rules', () => {
    expect(errorName(() => check({ Variable: '$.a' }, { a: 1 }))).toBe('States.Runtime');
    expect(errorName(() => check({ Variable: '$.a', Bogus: 1 }, { a: 1 }))).toBe('States.Runtime');
    expect(errorName(() => check({ And: [] }, { a: 1 }))).toBe('States.Runtime');
  });
});
