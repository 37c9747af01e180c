import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/store/db.js';
import { ExecutionStore } from '../../../src/engine/store/executions.js';
import { startedExecution } from '../support/execution-record.js';

// The scheduler's "what is due" query: a step whose time has come, or an execution past its deadline.

const running = (name: string, readyAt: number | null, deadline: number | null) => ({
  ...startedExecution({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, {}, 0),
  arn: `arn:aws:states:us-east-1:123456789012:execution:m:${name}`,
  name,
  readyAt,
  deadline,
});

describe('ExecutionStore.due', () => {
  it('finds executions ready now or past their deadline, oldest first, skipping the given ones', () => {
    const executions = new ExecutionStore(openDatabase(':memory:'));
    executions.insert(running('ready', 50, null));
    executions.insert(running('earlier', 10, 9_999));
    executions.insert(running('timed-out', 5_000, 90)); // parked in a long wait, past its deadline
    executions.insert(running('parked', 5_000, 9_999));
    executions.insert(running('no-time', null, null));
    executions.insert({ ...running('stopped', 1, 1), status: 'SUCCEEDED' });
    executions.insert(running('skipped', 1, null));

    const due = executions.due(100, 10, [running('skipped', 1, null).arn]).map((e) => e.name);
    expect(due).toEqual(['earlier', 'ready', 'timed-out']);
    expect(executions.due(100, 2).map((e) => e.name)).toEqual(['skipped', 'earlier']);
  });

  it('an execution both ready and past its deadline is due once', () => {
    const executions = new ExecutionStore(openDatabase(':memory:'));
    executions.insert(running('both', 1, 1));
    expect(executions.due(100, 10).map((e) => e.name)).toEqual(['both']);
  });
});

describe('ExecutionStore.nextDueTime', () => {
  it('is the earliest ready time or deadline of a running execution, skipping the given ones', () => {
    const executions = new ExecutionStore(openDatabase(':memory:'));
    expect(executions.nextDueTime()).toBeNull();
    executions.insert(running('waiting-on-task', null, null));
    expect(executions.nextDueTime()).toBeNull();
    executions.insert(running('later', 500, null));
    executions.insert(running('deadline', 900, 300));
    executions.insert({ ...running('stopped', 1, 1), status: 'SUCCEEDED' });
    executions.insert(running('soonest', 100, 200));
    expect(executions.nextDueTime()).toBe(100);
    const soonest = running('soonest', 100, 200).arn;
    expect(executions.nextDueTime([soonest])).toBe(300);
    expect(executions.nextDueTime([soonest, running('deadline', 900, 300).arn])).toBe(500);
  });
});
