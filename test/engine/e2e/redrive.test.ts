import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine, useTestEngine } from '../../support/engine.js';
import {
  createMachine,
  deployBundledWorkflow,
  fullHistory,
  historyProblems,
  logsClient,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';
import { BROKEN_CHECK, FIXED_CHECK } from '../../support/handlers.js';

// RedriveExecution with AWS semantics, through the real SDK against a real engine process.

const slow = { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 3600, End: true } } };
const quickFail = { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'always' } } };
const quickPass = { StartAt: 'Ok', States: { Ok: { Type: 'Pass', End: true } } };

describe('RedriveExecution', () => {
  const engine = useTestEngine({ speed: 50, handlers: { 'CheckTaskStatus.mjs': BROKEN_CHECK } });

  it('continues from the failed state after the handler is fixed, without re-running what succeeded', async () => {
    const sfn = sfnClient(engine().url);
    const workflow = await deployBundledWorkflow(sfn);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: workflow,
        input: JSON.stringify({ durationSeconds: 1, pollSeconds: 1 }),
      }),
    );
    const failed = await waitForTerminal(sfn, executionArn!);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'OutageError', redriveStatus: 'REDRIVABLE' });

    writeFileSync(join(engine().handlersDir!, 'CheckTaskStatus.mjs'), FIXED_CHECK); // the fix, picked up without a restart
    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(redriveDate).toBeInstanceOf(Date);
    const done = await waitForTerminal(sfn, executionArn!);
    expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(done.redriveDate).toBeInstanceOf(Date);

    const events = await fullHistory(sfn, executionArn!);
    expect(historyProblems(events)).toEqual([]);
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toEqual([
      expect.objectContaining({ executionRedrivenEventDetails: { redriveCount: 1 } }),
    ]);
    const redriven = events.findIndex((e) => e.type === 'ExecutionRedriven');
    expect(events[redriven + 1]).toMatchObject({
      type: 'TaskStateEntered',
      stateEnteredEventDetails: { name: 'CheckTaskStatus' },
    });
    const createTaskEntries = events.filter((e) => e.stateEnteredEventDetails?.name === 'CreateTask');
    expect(createTaskEntries).toHaveLength(1);

    // CreateTask's handler ran exactly once in total: one log line carries this execution's ARN.
    const { events: createLogs } = await logsClient(engine().url).send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/CreateTask',
        filterPattern: `"${executionArn}"`,
      }),
    );
    expect(createLogs).toHaveLength(1);

    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: workflow, redriveFilter: 'REDRIVEN' }),
    );
    expect(listed.executions!.map((e) => e.executionArn)).toEqual([executionArn]);
    expect(listed.executions![0].redriveCount).toBe(1);
  });

  it('refuses succeeded and running executions with their reason', async () => {
    const sfn = sfnClient(engine().url);
    const passing = await createMachine(sfn, 'redrive-pass', quickPass);
    const { executionArn: succeeded } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: passing }),
    );
    await waitForTerminal(sfn, succeeded!);
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: succeeded }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
      message: expect.stringContaining('Execution is SUCCEEDED and cannot be redriven.'),
    });
    const sleeping = await createMachine(sfn, 'redrive-sleep', slow);
    const { executionArn: running } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: sleeping }),
    );
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: running }));
    expect(described).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven.',
    });
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: running }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
  });

  it('redrives aborted executions and treats a repeated client token as the same request', async () => {
    const sfn = sfnClient(engine().url);
    const sleeping = await createMachine(sfn, 'redrive-abort', slow);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sleeping }));
    await sfn.send(new StopExecutionCommand({ executionArn }));
    const first = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'token-1' }));
    await sfn.send(new StopExecutionCommand({ executionArn }));
    const repeated = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'token-1' }));
    expect(repeated.redriveDate).toEqual(first.redriveDate);
    const events = await fullHistory(sfn, executionArn!);
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
    expect(events.filter((e) => e.stateEnteredEventDetails?.name === 'Sleep')).toHaveLength(2);
    expect(historyProblems(events)).toEqual([]);
  });

  it('resets the execution timeout', async () => {
    const sfn = sfnClient(engine().url);
    // TimeoutSeconds 25 at --speed 50: the execution times out after 0.5 s.
    const machine = await createMachine(sfn, 'redrive-timeout', { ...slow, TimeoutSeconds: 25 });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    // As AWS records it (LocalStack's test_timeouts::test_global_timeout): no error, no cause.
    const described = await waitForTerminal(sfn, executionArn!);
    expect(described.status).toBe('TIMED_OUT');
    expect([described.error, described.cause]).toEqual([undefined, undefined]);
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect((await waitForTerminal(sfn, executionArn!)).status).toBe('TIMED_OUT');
    const events = await fullHistory(sfn, executionArn!);
    expect(historyProblems(events)).toEqual([]);
    const redriven = events.find((e) => e.type === 'ExecutionRedriven')!;
    const timedOut = events.filter((e) => e.type === 'ExecutionTimedOut');
    expect(timedOut).toHaveLength(2);
    // A fresh 0.5 s from the redrive, not the original deadline (already past).
    expect(timedOut[1].timestamp!.getTime() - redriven.timestamp!.getTime()).toBeGreaterThanOrEqual(450);
  });
});

describe('RedriveExecution after 14 days', () => {
  const engines = useRestartableEngine();

  it('refuses an execution that stopped more than 14 days ago by the engine clock', async () => {
    let sfn = sfnClient((await engines.start()).url);
    const failing = await createMachine(sfn, 'redrive-aged', quickFail);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: failing }));
    expect((await waitForTerminal(sfn, executionArn!)).redriveStatus).toBe('REDRIVABLE');

    sfn = sfnClient((await engines.start({ clockOffsetSeconds: 15 * 24 * 3600 })).url);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({
      status: 'FAILED',
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution redrivable period exceeded.',
    });
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
      message: expect.stringContaining('Execution redrivable period exceeded.'),
    });
  }, 30_000);
});
