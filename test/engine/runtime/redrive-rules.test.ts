import { describe, expect, it } from 'vitest';
import { MAX_HISTORY_EVENTS, REDRIVE_PERIOD_MS } from '../../../src/aws/limits.js';
import { redriveRefusal } from '../../../src/engine/runtime/redrive.js';
import type { ExecutionRecord } from '../../../src/engine/store/executions.js';

// The rules AWS applies before a redrive, as a pure function of the execution and the clock.

const DAY = 24 * 60 * 60 * 1000;
const now = Date.parse('2026-11-28T12:00:00Z');

function execution(fields: Partial<ExecutionRecord>): ExecutionRecord {
  return {
    arn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    name: 'e',
    status: 'FAILED',
    input: '{}',
    output: null,
    error: 'E',
    cause: 'c',
    startDate: now - DAY,
    stopDate: now - DAY,
    definition: '{}',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    revisionId: 'r',
    redriveCount: 0,
    redriveDate: null,
    redriveClientToken: null,
    lastEventId: 10,
    cursor: null,
    readyAt: null,
    deadline: null,
    ...fields,
  };
}

describe('redriveRefusal', () => {
  it('allows FAILED, TIMED_OUT and ABORTED executions inside the 14 days', () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'] as const) {
      expect(redriveRefusal(execution({ status }), true, now)).toBeUndefined();
    }
    expect(redriveRefusal(execution({ stopDate: now - REDRIVE_PERIOD_MS + 1 }), true, now)).toBeUndefined();
  });

  it('refuses running and succeeded executions', () => {
    expect(redriveRefusal(execution({ status: 'RUNNING', stopDate: null }), true, now)).toBe(
      'Execution is RUNNING and cannot be redriven.',
    );
    expect(redriveRefusal(execution({ status: 'SUCCEEDED' }), true, now)).toBe(
      'Execution is SUCCEEDED and cannot be redriven.',
    );
  });

  it('refuses after 14 days, near the history limit, past a year, and for a deleted state machine', () => {
    expect(redriveRefusal(execution({ stopDate: now - REDRIVE_PERIOD_MS - 1 }), true, now)).toBe(
      'Execution redrivable period exceeded.',
    );
    expect(redriveRefusal(execution({ lastEventId: MAX_HISTORY_EVENTS - 1 }), true, now)).toBe(
      'Execution history event limit exceeded.',
    );
    expect(redriveRefusal(execution({ lastEventId: MAX_HISTORY_EVENTS - 2 }), true, now)).toBeUndefined();
    expect(redriveRefusal(execution({ startDate: now - 366 * DAY }), true, now)).toBe(
      'Execution has exceeded the max execution time.',
    );
    expect(redriveRefusal(execution({}), false, now)).toBe('State machine is in DELETING status.');
  });
});
