import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/engine/api/errors.js';
import { assertWellFormedStrings, STATES_FIELD_ERRORS } from '../../../src/engine/api/well-formed.js';
import { jsonDepth } from '../../../src/engine/asl/json-depth.js';

describe('jsonDepth', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{"}')).toBe(1);
    expect(jsonDepth('["\\"[[["]')).toBe(1);
    expect(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
});

describe('assertWellFormedStrings', () => {
  const refusal = (request: unknown) => {
    try {
      assertWellFormedStrings(request, STATES_FIELD_ERRORS);
    } catch (e) {
      return e instanceof ApiError ? e.type : String(e);
    }
    return undefined;
  };

  it('accepts well-formed strings, surrogate pairs included', () => {
    expect(refusal({ name: 'ok-😀', input: '{"a":"\\udfff"}', list: ['é', { k: 'v' }] })).toBeUndefined();
  });

  it('names the error after the field that holds a lone surrogate, at any depth', () => {
    expect(refusal({ name: '\udfff' })).toBe('InvalidName');
    expect(refusal({ input: 'a\ud800' })).toBe('InvalidExecutionInput');
    expect(refusal({ definition: '\udc00' })).toBe('InvalidDefinition');
    expect(refusal({ executionArn: '\ud800' })).toBe('InvalidArn');
    expect(
      refusal({
        loggingConfiguration: { destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: '\ud800' } }] },
      }),
    ).toBe('InvalidLoggingConfiguration');
    expect(refusal({ cause: '\ud800' })).toBe('ValidationException');
    expect(refusal({ ['\ud800']: 1 })).toBe('ValidationException');
    // Field names that are Object.prototype members are fields like any other.
    expect(refusal(JSON.parse('{"constructor":"\\ud800","__proto__":"x"}'))).toBe('ValidationException');
  });

  it('walks requests nested deeper than the call stack', () => {
    let deep: unknown = '\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal({ tags: deep })).toBe('ValidationException');
  });
});
