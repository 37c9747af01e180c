import { describe, expect, it } from 'vitest';
import { TERMINAL_EVENT_STATUS, isTerminalEvent } from '../../src/aws/events.js';
import {
  EXECUTION_STATUSES,
  REDRIVABLE_STATUSES,
  isExecutionStatus,
  isRedrivableStatus,
  isTerminalStatus,
} from '../../src/aws/statuses.js';

// Step Functions API reference: DescribeExecution "status" (RUNNING | SUCCEEDED | FAILED |
// TIMED_OUT | ABORTED | PENDING_REDRIVE) and RedriveExecution ("You can redrive executions that
// are in the FAILED, TIMED_OUT or ABORTED status", and not those that succeeded or still run).
describe('execution statuses', () => {
  it('lists the statuses DescribeExecution reports', () => {
    expect([...EXECUTION_STATUSES].sort()).toEqual(
      ['ABORTED', 'FAILED', 'PENDING_REDRIVE', 'RUNNING', 'SUCCEEDED', 'TIMED_OUT'].sort(),
    );
    expect(isExecutionStatus('RUNNING')).toBe(true);
    expect(isExecutionStatus('running')).toBe(false);
    expect(isExecutionStatus(undefined)).toBe(false);
  });

  it('knows which statuses are terminal', () => {
    expect(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].every(isTerminalStatus)).toBe(true);
    expect(isTerminalStatus('RUNNING') || isTerminalStatus('PENDING_REDRIVE')).toBe(false);
    expect(isTerminalStatus(undefined)).toBe(false);
  });

  it('redrives FAILED, TIMED_OUT and ABORTED executions only', () => {
    expect([...REDRIVABLE_STATUSES].sort()).toEqual(['ABORTED', 'FAILED', 'TIMED_OUT']);
    for (const status of EXECUTION_STATUSES) {
      expect(isRedrivableStatus(status)).toBe(['FAILED', 'TIMED_OUT', 'ABORTED'].includes(status));
    }
  });
});

// HistoryEvent types: ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut, ExecutionAborted end a run.
describe('terminal history events', () => {
  it('maps each terminal event to the status it ends the execution in', () => {
    expect(Object.fromEntries(TERMINAL_EVENT_STATUS)).toEqual({
      ExecutionSucceeded: 'SUCCEEDED',
      ExecutionFailed: 'FAILED',
      ExecutionTimedOut: 'TIMED_OUT',
      ExecutionAborted: 'ABORTED',
    });
    expect([...TERMINAL_EVENT_STATUS.values()].every(isTerminalStatus)).toBe(true);
    expect(isTerminalEvent('ExecutionRedriven')).toBe(false);
    expect(isTerminalEvent('TaskFailed')).toBe(false);
  });
});
