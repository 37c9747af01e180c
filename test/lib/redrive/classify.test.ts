import { describe, expect, it } from 'vitest';
import { classifyExecution } from '../../../src/lib/redrive/classify.js';

const now = new Date('2024-05-15T00:00:00Z');
const arn = 'arn:aws:states:us-east-1:123456789012:execution:m:job-1';
const failed = {
  executionArn: arn,
  status: 'FAILED',
  stopDate: new Date('2024-05-14T00:00:00Z'),
  redriveCount: 2,
};

describe('classifyExecution', () => {
  it('follows the service: REDRIVABLE, with days and events left', () => {
    expect(classifyExecution({ ...failed, redriveStatus: 'REDRIVABLE' }, 40, now)).toEqual({
      executionArn: arn,
      name: 'job-1',
      status: 'FAILED',
      redrivable: true,
      redriveCount: 2,
      stopDate: '2024-05-14T00:00:00.000Z',
      daysLeft: 13,
      eventsLeft: 24_960,
    });
  });

  it('follows the service: NOT_REDRIVABLE with its reason', () => {
    const check = classifyExecution(
      {
        ...failed,
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution history event limit exceeded.',
      },
      24_999,
      now,
    );
    expect(check).toMatchObject({
      redrivable: false,
      reason: 'Execution history event limit exceeded.',
      eventsLeft: 1,
    });
  });

  it('shows no days left when the service says the period is over, whatever the local clock says', () => {
    const check = classifyExecution(
      {
        ...failed,
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution redrivable period exceeded.',
      },
      5,
      now,
    );
    expect(check).toMatchObject({ redrivable: false, daysLeft: 0 });
  });

  it('has no days or events left for executions that did not stop', () => {
    const running = classifyExecution(
      {
        executionArn: arn,
        status: 'RUNNING',
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution is RUNNING and cannot be redriven.',
      },
      undefined,
      now,
    );
    expect(running).toEqual({
      executionArn: arn,
      name: 'job-1',
      status: 'RUNNING',
      redrivable: false,
      reason: 'Execution is RUNNING and cannot be redriven.',
      redriveCount: 0,
    });
  });

  it('applies AWS rules itself when the endpoint reports no redriveStatus', () => {
    expect(classifyExecution({ ...failed }, 10, now)).toMatchObject({ redrivable: true, daysLeft: 13 });
    expect(classifyExecution({ executionArn: arn, status: 'SUCCEEDED' }, undefined, now)).toMatchObject({
      redrivable: false,
      reason: 'Execution is SUCCEEDED and cannot be redriven.',
    });
    const old = { ...failed, stopDate: new Date('2024-04-30T23:00:00Z') };
    expect(classifyExecution(old, 10, now)).toMatchObject({
      redrivable: false,
      reason: 'Execution redrivable period exceeded.',
      daysLeft: 0,
    });
    expect(classifyExecution({ ...failed }, 24_999, now)).toMatchObject({
      redrivable: false,
      reason: 'Execution history event limit exceeded.',
    });
  });

  it('rounds days left down to a tenth, so it never overstates the time', () => {
    const stopDate = new Date(now.getTime() - 14 * 86_400_000 + 0.05 * 86_400_000);
    expect(classifyExecution({ ...failed, stopDate, redriveStatus: 'REDRIVABLE' }, 10, now).daysLeft).toBe(0);
    const justNow = classifyExecution({ ...failed, stopDate: now, redriveStatus: 'REDRIVABLE' }, 10, now);
    expect(justNow.daysLeft).toBe(14);
  });
});
