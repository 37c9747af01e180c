import { describe, expect, it } from 'vitest';
import { idempotentName, nameFromField } from '../../../src/lib/batch/names.js';
import { canonicalJson } from '../../../src/lib/same-task.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops insignificant whitespace', () => {
    expect(canonicalJson(' { "b" : [ 1 , {"z":true,"a":null} ], "a":"x" } ')).toBe(
      '{"a":"x","b":[1,{"a":null,"z":true}]}',
    );
    expect(canonicalJson('{}')).toBe('{}');
    expect(canonicalJson('[ ]')).toBe('[]');
    expect(canonicalJson('{"a":{},"b":[]}')).toBe('{"a":{},"b":[]}');
  });

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    expect(canonicalJson('{"a":1,"b":2,"a":3}')).toBe('{"a":3,"b":2}');
  });

  it('writes strings the one way JSON.stringify does, including keys', () => {
    expect(canonicalJson('{"\\u0061":"\\u00e9\\/\\"x\\\\"}')).toBe('{"a":"é/\\"x\\\\"}');
    expect(canonicalJson('{"a":"b,c]}"}')).toBe('{"a":"b,c]}"}');
  });

  it('keeps numbers as written, so precision beyond a double still tells lines apart', () => {
    expect(canonicalJson('{"n":12345678901234567891}')).toBe('{"n":12345678901234567891}');
    expect(canonicalJson('{"n":12345678901234567890}')).not.toBe(canonicalJson('{"n":12345678901234567891}'));
    expect(canonicalJson('[-1.5e3,0,true,false,null]')).toBe('[-1.5e3,0,true,false,null]');
  });
});

describe('idempotentName', () => {
  it('is batch- and 32 hex digits of the canonical JSON’s SHA-256, the same for reordered keys', () => {
    const name = idempotentName('{"taskId":"t-1","size":2}');
    expect(name).toMatch(/^batch-[0-9a-f]{32}$/);
    expect(idempotentName(' {"size": 2, "taskId": "t-1"} ')).toBe(name);
    // The first 32 hex digits of sha256('{"size":2,"taskId":"t-1"}'), from `node -e` by hand:
    // a re-run of an old file must keep finding the executions it named.
    expect(name).toBe('batch-396a211114457110364a6133f2bdfb12');
  });

  it('differs when any value differs', () => {
    expect(idempotentName('{"taskId":"t-1"}')).not.toBe(idempotentName('{"taskId":"t-2"}'));
    expect(idempotentName('{"a":[1,2]}')).not.toBe(idempotentName('{"a":[2,1]}'));
  });
});

describe('nameFromField', () => {
  it('takes a valid name from a top-level string field', () => {
    expect(nameFromField({ id: 'job-1', other: 2 }, 'id')).toEqual({ name: 'job-1' });
  });

  it.each([
    [{}, /has no field "id"/],
    [{ nested: { id: 'x' } }, /has no field "id"/],
    [{ id: 7 }, /must be a string .*got a number/],
    [{ id: null }, /got null/],
    [{ id: 'has space' }, /"has space" contains a space/],
    [{ id: 'x'.repeat(81) }, /is 81 characters long/],
  ])('explains why %j has no usable name', (value, problem) => {
    const named = nameFromField(value, 'id');
    expect(named).toEqual({ problem: expect.stringMatching(problem) });
  });

  it('does not take inherited properties as fields', () => {
    expect(nameFromField({}, 'toString')).toEqual({ problem: expect.stringMatching(/has no field/) });
  });
});
