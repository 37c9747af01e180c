import {
  FilterLogEventsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import {
  deployBundledWorkflow,
  fullHistory,
  historyProblems,
  logsClient,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// The bundled workflow on the engine with its bundled handlers, through the real SDK.

const entered = (events: HistoryEvent[], state: string) =>
  events.filter((e) => e.type?.endsWith('StateEntered') && e.stateEnteredEventDetails?.name === state);

describe('bundled workflow', () => {
  const engine = useTestEngine({ speed: 50 });
  let workflow: string;

  beforeAll(async () => {
    workflow = await deployBundledWorkflow(sfnClient(engine().url));
  });

  async function run(name: string, task: object) {
    const sfn = sfnClient(engine().url);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: workflow, name, input: JSON.stringify(task) }),
    );
    const execution = await waitForTerminal(sfn, executionArn!);
    const events = await fullHistory(sfn, executionArn!);
    expect(historyProblems(events)).toEqual([]);
    return { execution, events };
  }

  it('retries transient failures with the policy backoff, then succeeds', async () => {
    const { execution, events } = await run('transient', {
      durationSeconds: 1,
      pollSeconds: 1,
      transientFailures: { CheckTaskStatus: 2 },
    });
    expect(execution.status).toBe('SUCCEEDED');
    const failures = events.filter((e) => e.type === 'LambdaFunctionFailed');
    expect(failures.map((e) => e.lambdaFunctionFailedEventDetails?.error)).toEqual([
      'TransientError',
      'TransientError',
    ]);
    expect(JSON.parse(failures[0].lambdaFunctionFailedEventDetails!.cause!)).toMatchObject({
      errorType: 'TransientError',
    });
    // Retry intervals 2 s then 4 s (BackoffRate 2), divided by --speed 50: at least 40 ms and 80 ms.
    const scheduled = events.filter((e) => e.type === 'LambdaFunctionScheduled');
    const gaps = failures.map((failure) => {
      const next = scheduled.find((s) => s.id! > failure.id!)!;
      return next.timestamp!.getTime() - failure.timestamp!.getTime();
    });
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThanOrEqual(80);
    expect(entered(events, 'CheckTaskStatus')).toHaveLength(1);
  });

  it('fails in the task state itself once the retries run out, so a redrive can resume there', async () => {
    const { execution, events } = await run('exhausted', { transientFailures: { CreateTask: 4 } });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'TransientError' });
    expect(events.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(4);
    expect(entered(events, 'TaskFailed')).toHaveLength(0);
    expect(events.at(-2)?.type).toBe('LambdaFunctionFailed');
  });

  it('routes a permanent error straight to the Fail state, without retrying', async () => {
    const { execution, events } = await run('permanent', {
      permanentError: 'CheckTaskStatus',
      durationSeconds: 1,
      pollSeconds: 1,
    });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'TaskFailed' });
    const failures = events.filter((e) => e.type === 'LambdaFunctionFailed');
    expect(failures.map((e) => e.lambdaFunctionFailedEventDetails?.error)).toEqual(['JobRejectedError']);
    const failState = entered(events, 'TaskFailed')[0];
    expect(JSON.parse(failState.stateEnteredEventDetails!.input!).error).toMatchObject({
      Error: 'JobRejectedError',
    });
  });

  it('loops Wait → CheckTaskStatus until the job is done', async () => {
    const { execution, events } = await run('polling', { durationSeconds: 4, pollSeconds: 1 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(entered(events, 'WaitForTaskCompletion')).toHaveLength(4);
    expect(entered(events, 'CheckTaskStatus')).toHaveLength(4);
    expect(JSON.parse(execution.output!).job).toMatchObject({ state: 'SUCCEEDED', checks: 4 });
  });

  it('ends FAILED when the job reports FAILED', async () => {
    const { execution } = await run('job-failed', { outcome: 'FAILED', durationSeconds: 1, pollSeconds: 1 });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'TaskFailed' });
  });

  it("writes each handler's console output to its Lambda log group, findable by execution", async () => {
    const { execution } = await run('logged', { durationSeconds: 1, pollSeconds: 1 });
    const logs = logsClient(engine().url);
    const { events } = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/CreateTask',
        filterPattern: `"${execution.executionArn}"`,
      }),
    );
    expect(events!.length).toBeGreaterThan(0);
    const { logStreams } = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/CreateTask' }),
    );
    const stream = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/aws/lambda/CreateTask',
        logStreamName: logStreams![0].logStreamName,
        startFromHead: true,
      }),
    );
    const messages = stream.events!.map((e) => e.message!);
    expect(messages.some((m) => m.startsWith('START RequestId: '))).toBe(true);
    expect(messages.some((m) => m.startsWith('END RequestId: '))).toBe(true);
    expect(messages.some((m) => m.startsWith('REPORT RequestId: '))).toBe(true);
  });
});
