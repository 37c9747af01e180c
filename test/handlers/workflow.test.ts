import { describe, expect, it } from 'vitest';
import {
  applySubstitutions,
  bundledDefinition,
  bundledDefinitionText,
  localFunctionArns,
  missingSubstitutions,
  WORKFLOW_NAME,
  WORKFLOW_STATES,
} from '../../src/lib/workflow/index.js';

type States = Record<string, Record<string, unknown>>;
const states = bundledDefinition.States as unknown as States;

describe('the bundled workflow', () => {
  it('is the async-job loop with the documented state names', () => {
    expect(WORKFLOW_NAME).toBe('taskctl-tasks');
    expect(bundledDefinition.StartAt).toBe('CreateTask');
    expect(Object.keys(states).sort()).toEqual([...WORKFLOW_STATES].sort());
    expect(states.CreateTask.Next).toBe('WaitForTaskCompletion');
    expect(states.WaitForTaskCompletion).toMatchObject({
      Type: 'Wait',
      SecondsPath: '$.job.pollSeconds',
      Next: 'CheckTaskStatus',
    });
    expect(states.CheckTaskStatus.Next).toBe('IsTaskDone');
    expect(states.IsTaskDone.Choices).toEqual([
      { Variable: '$.job.state', StringEquals: 'RUNNING', Next: 'WaitForTaskCompletion' },
      { Variable: '$.job.state', StringEquals: 'SUCCEEDED', Next: 'TaskCompleted' },
    ]);
    expect(states.IsTaskDone.Default).toBe('TaskFailed');
    expect(states.TaskCompleted.Next).toBe('Done');
    expect(states.Done.Type).toBe('Succeed');
    expect(states.TaskFailed).toEqual({
      Type: 'Fail',
      Error: 'TaskFailed',
      Cause: 'the task failed; see the execution history',
    });
  });

  it('uses only the supported state types, and every transition has a target', () => {
    for (const state of Object.values(states)) {
      expect(['Task', 'Pass', 'Wait', 'Choice', 'Succeed', 'Fail']).toContain(state.Type);
      const targets = [
        state.Next,
        state.Default,
        ...((state.Choices as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
        ...((state.Catch as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
      ].filter((t) => t !== undefined);
      for (const target of targets) expect(Object.keys(states)).toContain(target);
    }
  });

  it('retries transient and Lambda service errors and catches only permanent errors into TaskFailed', () => {
    for (const name of ['CreateTask', 'CheckTaskStatus', 'TaskCompleted']) {
      const task = states[name];
      expect(task.Type).toBe('Task');
      expect(task.Resource).toBe(`\${${name}FunctionArn}`);
      expect(task.Parameters).toMatchObject({
        'executionArn.$': '$$.Execution.Id',
        'retryCount.$': '$$.State.RetryCount',
      });
      expect(task.Retry).toEqual([
        {
          ErrorEquals: expect.arrayContaining([
            'TransientError',
            'Lambda.ServiceException',
            'Lambda.TooManyRequestsException',
            'Lambda.SdkClientException',
          ]),
          IntervalSeconds: 2,
          MaxAttempts: 3,
          BackoffRate: 2,
          JitterStrategy: 'NONE',
        },
      ]);
      expect(task.Catch).toEqual([
        { ErrorEquals: ['JobRejectedError', 'InvalidTaskInput'], ResultPath: '$.error', Next: 'TaskFailed' },
      ]);
    }
    expect(states.CreateTask.Parameters).toMatchObject({ 'task.$': '$' });
    expect(states.CheckTaskStatus).toMatchObject({
      ResultPath: '$.job',
      Parameters: { 'task.$': '$.task', 'job.$': '$.job' },
    });
  });
});

describe('substitutions', () => {
  const text = bundledDefinitionText();

  it('lists the placeholders that have no value', () => {
    expect(missingSubstitutions(text, {})).toEqual([
      'CreateTaskFunctionArn',
      'CheckTaskStatusFunctionArn',
      'TaskCompletedFunctionArn',
    ]);
    expect(missingSubstitutions(text, { CreateTaskFunctionArn: 'x' })).toEqual([
      'CheckTaskStatusFunctionArn',
      'TaskCompletedFunctionArn',
    ]);
  });

  it('fills the local function ARNs into valid JSON', () => {
    const arns = localFunctionArns('us-east-1', '123456789012');
    expect(arns).toEqual({
      CreateTaskFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:CreateTask',
      CheckTaskStatusFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:CheckTaskStatus',
      TaskCompletedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:TaskCompleted',
    });
    const filled = applySubstitutions(text, arns);
    expect(missingSubstitutions(filled, {})).toEqual([]);
    expect(JSON.parse(filled).States.CheckTaskStatus.Resource).toBe(arns.CheckTaskStatusFunctionArn);
  });

  it('leaves unknown placeholders alone and keeps the JSON valid whatever the value', () => {
    expect(applySubstitutions('"${A}-${B}"', { A: 'a' })).toBe('"a-${B}"');
    expect(JSON.parse(applySubstitutions('{"k": "${A}"}', { A: 'quote " and \\ backslash' }))).toEqual({
      k: 'quote " and \\ backslash',
    });
  });
});
