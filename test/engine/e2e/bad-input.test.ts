import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import {
  createMachine,
  fullHistory,
  historyProblems,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// Requests and definitions that once made the engine answer 500 or crash outright.

const token = (position: object) => Buffer.from(JSON.stringify(position)).toString('base64url');

describe('bad input', () => {
  const engine = useTestEngine({ speed: 100 });

  it('fails the execution, not the engine, when a Wait state OutputPath matches nothing', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'wait-output-path', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 1, OutputPath: '$.missing', End: true } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    const done = await waitForTerminal(sfn, executionArn!);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.Runtime');
    expect(historyProblems(await fullHistory(sfn, executionArn!))).toEqual([]);
  });

  it('fails an endless loop at the 25,000-event history limit, as AWS does', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'endless', {
      StartAt: 'Ping',
      States: {
        Ping: { Type: 'Pass', Next: 'Again' },
        Again: {
          Type: 'Choice',
          Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }],
          Default: 'Ping',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    const done = await waitForTerminal(sfn, executionArn!, 60_000);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    const events = await fullHistory(sfn, executionArn!);
    expect(events).toHaveLength(25_000);
    expect(events[24_999].type).toBe('ExecutionFailed');
    expect(historyProblems(events)).toEqual([]);
  }, 90_000);

  it('fails a state whose output exceeds 256 KiB with States.DataLimitExceeded', async () => {
    const sfn = sfnClient(engine().url);
    // Each pass doubles the data: without AWS's payload limit it grows until the engine runs out of memory.
    const machine = await createMachine(sfn, 'doubling', {
      StartAt: 'Grow',
      States: {
        Grow: { Type: 'Pass', Parameters: { 'twice.$': 'States.Array($, $)' }, Next: 'Again' },
        Again: {
          Type: 'Choice',
          Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }],
          Default: 'Grow',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const input = JSON.stringify({ text: 'x'.repeat(1000) });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input }));
    const done = await waitForTerminal(sfn, executionArn!);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.DataLimitExceeded');
    expect(historyProblems(await fullHistory(sfn, executionArn!))).toEqual([]);
  });

  it('answers InvalidToken for a well-encoded token of the wrong shape', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'tokens', {
      StartAt: 'Done',
      States: { Done: { Type: 'Succeed' } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    await waitForTerminal(sfn, executionArn!);
    await expect(
      sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: token({ id: {} }) })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: machine,
          nextToken: token({ startDate: {}, arn: 'x' }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      sfn.send(new ListStateMachinesCommand({ nextToken: token({ offset: 'x' }) })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('validates StopExecution error and cause as AWS does', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'stop-validation', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    const raw = (body: object) =>
      fetch(engine().url, {
        method: 'POST',
        headers: {
          'x-amz-target': 'AWSStepFunctions.StopExecution',
          'content-type': 'application/x-amz-json-1.0',
        },
        body: JSON.stringify({ executionArn, ...body }),
      });
    for (const body of [{ error: {} }, { error: 5 }, { cause: [] }]) {
      const response = await raw(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: 'ValidationException' });
    }
    await expect(
      sfn.send(new StopExecutionCommand({ executionArn, error: 'e'.repeat(257) })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      sfn.send(new StopExecutionCommand({ executionArn, cause: 'c'.repeat(32_769) })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const still = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(still.status).toBe('RUNNING');
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'e'.repeat(256) }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
  });
});
