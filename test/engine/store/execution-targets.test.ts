import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/engine/store/db.js';
import { ExecutionStore, type ExecutionRecord } from '../../../src/engine/store/executions.js';
import { StateMachineAliasStore } from '../../../src/engine/store/state-machine-aliases.js';

// The alias/version an execution started through lives in its own table and goes with the execution.

const closed: ExecutionRecord = {
  arn: 'arn:aws:states:us-east-1:123456789012:execution:m:e1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
  name: 'e1',
  status: 'SUCCEEDED',
  input: '{}',
  output: '{}',
  error: null,
  cause: null,
  startDate: 1_000,
  stopDate: 2_000,
  definition: '{}',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  revisionId: 'r1',
  redriveCount: 0,
  redriveDate: null,
  redriveClientToken: null,
  lastEventId: 1,
  cursor: null,
  readyAt: null,
  deadline: null,
};

describe('execution targets', () => {
  it('keeps the first record of a repeated start, and is purged with the execution', () => {
    const db = openDatabase(':memory:');
    const executions = new ExecutionStore(db);
    const aliases = new StateMachineAliasStore(db);
    executions.insert(closed);
    const target = { aliasArn: `${closed.stateMachineArn}:live`, versionArn: `${closed.stateMachineArn}:1` };
    aliases.recordExecution(closed.arn, target);
    aliases.recordExecution(closed.arn, { aliasArn: null, versionArn: `${closed.stateMachineArn}:2` });
    expect(aliases.executionTarget(closed.arn)).toEqual(target);

    expect(executions.purgeStopped(10_000)).toBe(1);
    expect(aliases.executionTarget(closed.arn)).toBeUndefined();
    db.close();
  });
});
