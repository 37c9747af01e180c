import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import {
  createMachine,
  fullHistory,
  historyProblems,
  ROLE_ARN,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// Execution operations through the real SDK against a real engine process.

const quick = {
  StartAt: 'Add',
  States: {
    Add: {
      Type: 'Pass',
      Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)', 'id.$': '$$.Execution.Name' },
      Next: 'Check',
    },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.sum', NumericGreaterThan: 10, Next: 'Big' }],
      Default: 'Small',
    },
    Big: { Type: 'Fail', Error: 'TooBig', Cause: 'sum over 10' },
    Small: { Type: 'Succeed' },
  },
};
const slow = { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 3600, End: true } } };

describe('execution API', () => {
  const engine = useTestEngine();

  it('runs Pass, Choice, Succeed and Fail with the events AWS records', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'quick', quick);
    const ok = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'small', input: '{"a":1,"b":2}' }),
    );
    expect(ok.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:quick:small');
    const done = await waitForTerminal(sfn, ok.executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ sum: 3, id: 'small' });

    const events = await fullHistory(sfn, ok.executionArn!);
    expect(historyProblems(events)).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[1]).toMatchObject({ previousEventId: 0, stateEnteredEventDetails: { name: 'Add' } });

    const bad = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: '{"a":10,"b":2}' }),
    );
    const failed = await waitForTerminal(sfn, bad.executionArn!);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'TooBig', cause: 'sum over 10' });
    const failedEvents = await fullHistory(sfn, bad.executionArn!);
    expect(failedEvents.slice(-2).map((e) => e.type)).toEqual(['FailStateEntered', 'ExecutionFailed']);
  });

  it('is idempotent for the same name and input while running, and refuses reuse otherwise', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'slow', slow);
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'once', input: '{"x":1}' }),
    );
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'once', input: '{"x":1}' }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'once', input: '{"x":2}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('rejects bad input and names and unknown resources with the AWS error names', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'inputs', quick);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{nope' })),
    ).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    const huge = JSON.stringify({ blob: 'x'.repeat(262_144) });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: huge })),
    ).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'a/b', input: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${machine}-missing`, input: '{}' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:inputs:none',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });

  it('stops an execution, recording ExecutionAborted with error and cause', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'stoppable', slow);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'testing' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'testing' });
    const events = await fullHistory(sfn, executionArn!);
    expect(historyProblems(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator', cause: 'testing' },
    });
  });

  it('lists executions newest first with statusFilter, maxResults and nextToken', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'listing', slow);
    const started: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: machine, name: `e${i}` }),
      );
      started.push(executionArn!);
    }
    await sfn.send(new StopExecutionCommand({ executionArn: started[0] }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: machine, maxResults: 2, nextToken }),
      );
      expect(page.executions!.length).toBeLessThanOrEqual(2);
      seen.push(...page.executions!.map((e) => e.executionArn!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual([...started].reverse());
    const aborted = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'ABORTED' }),
    );
    expect(aborted.executions!.map((e) => e.executionArn)).toEqual([started[0]]);
    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING' }),
    );
    expect(running.executions).toHaveLength(4);
  });

  it('pages history forward and in reverse, with and without execution data', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'history', quick);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: '{"a":1,"b":1}' }),
    );
    await waitForTerminal(sfn, executionArn!);
    const all = await fullHistory(sfn, executionArn!);
    const reversed: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3, nextToken }),
      );
      reversed.push(...page.events!.map((e) => e.id!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(reversed).toEqual(all.map((e) => e.id).reverse());
    const bare = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(bare.events![0].executionStartedEventDetails?.input).toBeUndefined();
    expect(all[0].executionStartedEventDetails?.input).toBe('{"a":1,"b":1}');
  });

  it('runs and describes a published version by its ARN, not the latest definition', async () => {
    const sfn = sfnClient(engine().url);
    const version = (result: string) => ({
      StartAt: 'Say',
      States: { Say: { Type: 'Pass', Result: result, End: true } },
    });
    const { stateMachineArn, stateMachineVersionArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'versioned',
        definition: JSON.stringify(version('v1')),
        roleArn: ROLE_ARN,
        publish: true,
      }),
    );
    expect(stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: JSON.stringify(version('v2')) }),
    );
    const run = async (arn: string) => {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
      expect(executionArn).toMatch(/:execution:versioned:/);
      return JSON.parse((await waitForTerminal(sfn, executionArn!)).output!);
    };
    expect(await run(stateMachineVersionArn!)).toBe('v1');
    expect(await run(stateMachineArn!)).toBe('v2');
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: stateMachineVersionArn }),
    );
    expect(described.stateMachineArn).toBe(stateMachineVersionArn);
    expect(JSON.parse(described.definition!)).toEqual(version('v1'));
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}:9` })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('describes the state machine an execution ran, even after an update', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'pinned', quick);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: '{"a":0,"b":0}' }),
    );
    const described = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ stateMachineArn: machine, name: 'pinned' });
    expect(JSON.parse(described.definition!)).toEqual(quick);
  });
});
