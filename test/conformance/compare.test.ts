import { describe, expect, it } from 'vitest';
import {
  compareExecution,
  figuresOf,
  normaliseEvent,
  valueDifferences,
  type ExpectedEvent,
} from './compare.js';

const started = (input: unknown, roleArn = 'snf_role_arn'): ExpectedEvent => ({
  id: 1,
  previousEventId: 0,
  type: 'ExecutionStarted',
  executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn },
});

describe('the conformance comparer', () => {
  it('brings an SDK event to the recorder form: no timestamp, JSON strings parsed one level', () => {
    const event = normaliseEvent({
      id: 1,
      previousEventId: 0,
      type: 'ExecutionStarted',
      timestamp: new Date(),
      executionStartedEventDetails: {
        input: '{"a":"{\\"b\\":1}"}',
        roleArn: 'arn:aws:iam::1:role/x',
        extra: undefined,
      },
    });
    expect(event).toEqual({
      id: 1,
      previousEventId: 0,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: { a: '{"b":1}' }, roleArn: 'arn:aws:iam::1:role/x' },
    });
  });

  it('matches placeholders by any value in their place, and nothing else loosely', () => {
    expect(
      valueDifferences(
        'arn:aws:lambda:<region>:111111111111:function:<fn>',
        'arn:aws:lambda:us-east-1:111111111111:function:f',
      ),
    ).toEqual([]);
    expect(
      valueDifferences(
        'arn:aws:lambda:<region>:111111111111:function:<fn>',
        'arn:aws:lambda:us-east-1:2:function:f',
      ),
    ).toHaveLength(1);
    expect(valueDifferences('snf_role_arn', 'arn:aws:iam::1:role/x')).toEqual([]);
    // The recorder wrote 111111111111 for the recording account: any account matches there.
    expect(
      valueDifferences(
        'arn:<partition>:states:<region>:111111111111:stateMachine:<name>',
        'arn:aws:states:us-east-1:123456789012:stateMachine:m',
      ),
    ).toEqual([]);
    expect(valueDifferences('arn:aws:iam::111111111111:role/r', 'arn:aws:iam::1234:role/r')).toHaveLength(1);
    expect(valueDifferences({ a: 1 }, { a: 1, b: 2 })).toEqual(['.b: not recorded by AWS (got 2)']);
    expect(valueDifferences([1, 2], [1])).toEqual([': expected 2 items, got 1']);
  });

  it('counts status, event types and events matching in every detail', () => {
    const expected = { outcome: { status: 'SUCCEEDED', output: { x: 1 } }, events: [started({ x: 1 })] };
    const same = compareExecution(expected, {
      outcome: { status: 'SUCCEEDED', output: '{"x":1}' },
      events: [{ ...started('{"x":1}', 'arn:aws:iam::123456789012:role/r'), timestamp: new Date() }],
    });
    expect(same.matches).toBe(true);
    const differs = compareExecution(expected, {
      outcome: { status: 'FAILED', error: 'E' },
      events: [{ ...started('{"x":2}'), timestamp: new Date() }],
    });
    expect(differs).toMatchObject({
      statusMatches: false,
      outputMatches: false,
      typesMatch: true,
      eventsMatched: 0,
      matches: false,
    });
    expect(figuresOf([same, differs])).toMatchObject({
      cases: 2,
      status: 50,
      types: 100,
      details: 50,
      fullyMatching: 1,
    });
  });
});
