import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine, useTestEngine } from '../../support/engine.js';
import {
  createMachine,
  fullHistory,
  historyProblems,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// Callback tasks (`arn:aws:states:::lambda:invoke.waitForTaskToken`) against a real engine.
// Expectations from AWS: the API reference of SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat
// (their errors and limits), the developer guide's "Wait for a Callback with Task Token", and
// histories recorded on AWS and published with LocalStack's test suite
// (tests/aws/services/stepfunctions/v2/callback/test_callback.snapshot.json and
// v2/timeouts/test_heartbeats.snapshot.json): TaskScheduled with heartbeatInSeconds/
// timeoutInSeconds, TaskStarted, TaskSubmitted, then TaskSucceeded (the callback's output),
// TaskFailed (its error and cause) or TaskTimedOut (error States.Timeout, no cause) followed by
// ExecutionFailed with error States.Timeout and no cause.

const RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

// The handler hands the token on (here: returns it) and the state keeps waiting.
const NOTIFY = `export async function handler(event) {
  return { queued: true, for: event.order };
}
`;

const callbackState = (extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: RESOURCE,
  Parameters: {
    FunctionName: 'Notify',
    Payload: { 'order.$': '$.order', 'token.$': '$$.Task.Token' },
  },
  ...extra,
});

const machines = {
  approve: {
    StartAt: 'Approve',
    States: {
      Approve: callbackState({ ResultPath: '$.approval', Next: 'Done' }),
      Done: { Type: 'Pass', End: true },
    },
  },
  caught: {
    StartAt: 'Approve',
    States: {
      Approve: callbackState({
        Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Rejected' }],
        End: true,
      }),
      Rejected: { Type: 'Pass', End: true },
    },
  },
  caughtAll: {
    StartAt: 'Approve',
    States: {
      Approve: callbackState({
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Handled' }],
        End: true,
      }),
      Handled: { Type: 'Pass', End: true },
    },
  },
  heartbeat: {
    StartAt: 'Approve',
    States: { Approve: callbackState({ HeartbeatSeconds: 3, TimeoutSeconds: 600, End: true }) },
  },
  heartbeatPath: {
    StartAt: 'Approve',
    States: { Approve: callbackState({ HeartbeatSecondsPath: '$.beat', End: true }) },
  },
  retried: {
    StartAt: 'Approve',
    States: {
      Approve: callbackState({
        HeartbeatSeconds: 2,
        Retry: [{ ErrorEquals: ['States.HeartbeatTimeout'], IntervalSeconds: 1, MaxAttempts: 1 }],
        End: true,
      }),
    },
  },
  timeout: {
    StartAt: 'Approve',
    States: { Approve: callbackState({ TimeoutSeconds: 2, End: true }) },
  },
  // JSONata: the token is $states.context.Task.Token, and HeartbeatSeconds may be an expression.
  jsonata: {
    QueryLanguage: 'JSONata',
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: RESOURCE,
        Arguments: {
          FunctionName: 'Notify',
          Payload: { order: '{% $states.input.order %}', token: '{% $states.context.Task.Token %}' },
        },
        HeartbeatSeconds: '{% $states.input.beat %}',
        TimeoutSeconds: 600,
        End: true,
      },
    },
  },
  inParallel: {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Approve', States: { Approve: callbackState({ End: true }) } },
          { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 'quick', End: true } } },
        ],
        End: true,
      },
    },
  },
};

async function start(sfn: SFNClient, machineArn: string, input: object = { order: 'o-1' }) {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify(input) }),
  );
  return executionArn!;
}

/** Waits for the n-th TaskSubmitted (the invocation returned) and returns the token it was given. */
async function submittedToken(sfn: SFNClient, executionArn: string, nth = 1): Promise<string> {
  let events: HistoryEvent[] = [];
  const deadline = Date.now() + 10_000;
  for (;;) {
    events = await fullHistory(sfn, executionArn);
    if (events.filter((e) => e.type === 'TaskSubmitted').length >= nth) break;
    if (Date.now() > deadline) throw new Error(`no TaskSubmitted #${nth} in ${executionArn}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const scheduled = events.filter((e) => e.type === 'TaskScheduled')[nth - 1];
  return (JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as { Payload: { token: string } })
    .Payload.token;
}

const types = (events: HistoryEvent[]) => events.map((e) => e.type);

/** The SDK error name a request failed with. */
async function errorName(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (e) {
    return (e as Error).name;
  }
  throw new Error('the request succeeded');
}

describe('callback tasks', () => {
  // --speed 10: HeartbeatSeconds 2 is 0.2 s, TimeoutSeconds 2 is 0.2 s.
  const engine = useTestEngine({ speed: 10, handlers: { 'Notify.mjs': NOTIFY } });
  const arns: Record<string, string> = {};
  const machine = async (sfn: SFNClient, name: keyof typeof machines) =>
    (arns[name] ??= await createMachine(sfn, `cb-${name}`, machines[name]));

  it('waits after the invocation returns, then continues with SendTaskSuccess output', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'approve'));
    const token = await submittedToken(sfn, executionArn);
    expect(token).toMatch(/^[A-Za-z0-9_-]{60,}$/);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approvedBy":"ana"}' }));
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ order: 'o-1', approval: { approvedBy: 'ana' } });

    const events = await fullHistory(sfn, executionArn);
    expect(historyProblems(events)).toEqual([]);
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const [scheduled, started, submitted, succeeded] = events.slice(2, 6);
    expect(scheduled.taskScheduledEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region: 'us-east-1',
      parameters: JSON.stringify({ FunctionName: 'Notify', Payload: { order: 'o-1', token } }),
    });
    expect(started.taskStartedEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
    });
    expect(submitted.taskSubmittedEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      outputDetails: { truncated: false },
    });
    expect(JSON.parse(submitted.taskSubmittedEventDetails!.output!)).toMatchObject({
      Payload: { queued: true, for: 'o-1' },
      StatusCode: 200,
    });
    expect(succeeded.taskSucceededEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      output: '{"approvedBy":"ana"}',
      outputDetails: { truncated: false },
    });

    // The task is over: its token no longer names anything.
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe(
      'TaskDoesNotExist',
    );
    expect(await errorName(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })))).toBe(
      'TaskDoesNotExist',
    );
  });

  it('fails the task with SendTaskFailure, which Catch matches by its error', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'caught'));
    const token = await submittedToken(sfn, executionArn);
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'over budget' }));
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).rejection).toEqual({ Error: 'Rejected', Cause: 'over budget' });
    const failed = (await fullHistory(sfn, executionArn)).find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'Rejected',
      cause: 'over budget',
    });
  });

  // SendTaskFailure's error and cause are optional (API reference). LocalStack's callback tests, run
  // against AWS (test_sqs_failure_in_wait_for_task_tok_no_error_field), record TaskFailed with
  // neither field, and a States.ALL catcher taking the failure.
  it('fails the task with a SendTaskFailure that names no error: TaskFailed without error or cause', async () => {
    const sfn = sfnClient(engine().url);
    const uncaught = await start(sfn, await machine(sfn, 'approve'));
    await sfn.send(new SendTaskFailureCommand({ taskToken: await submittedToken(sfn, uncaught) }));
    const done = await waitForTerminal(sfn, uncaught);
    expect(done.status).toBe('FAILED');
    const events = await fullHistory(sfn, uncaught);
    expect(historyProblems(events)).toEqual([]);
    expect(types(events).slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
    expect(events.at(-2)!.taskFailedEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
    });
    // Nothing to report: the execution's failure names no error or cause either.
    expect(events.at(-1)!.executionFailedEventDetails).toEqual({});
    expect([done.error, done.cause]).toEqual([undefined, undefined]);

    const caught = await start(sfn, await machine(sfn, 'caughtAll'));
    await sfn.send(new SendTaskFailureCommand({ taskToken: await submittedToken(sfn, caught) }));
    const handled = await waitForTerminal(sfn, caught);
    expect(handled.status).toBe('SUCCEEDED');
    expect(JSON.parse(handled.output!).failure).toEqual({ Error: '', Cause: '' });
  });

  it('keeps the task alive while heartbeats come, then times it out when they stop', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'heartbeat'));
    const token = await submittedToken(sfn, executionArn);
    // HeartbeatSeconds 3 is 0.3 s here: beat every 0.1 s for a second (over three heartbeat periods).
    for (let i = 0; i < 10; i++) {
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await fullHistory(sfn, executionArn)).some((e) => e.type === 'TaskTimedOut')).toBe(false);
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.Timeout');
    expect(done.cause).toBeUndefined();
    const events = await fullHistory(sfn, executionArn);
    expect(historyProblems(events)).toEqual([]);
    expect(events[2].taskScheduledEventDetails).toMatchObject({
      heartbeatInSeconds: 3,
      timeoutInSeconds: 600,
    });
    expect(types(events).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
    expect(events.at(-2)!.taskTimedOutEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'States.Timeout',
    });
    expect(events.at(-1)!.executionFailedEventDetails).toEqual({ error: 'States.Timeout' });
    // A timed-out task answers TaskTimedOut, not TaskDoesNotExist.
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBe(
      'TaskTimedOut',
    );
  });

  it('reads HeartbeatSecondsPath from the input and records the value', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'heartbeatPath'), { order: 'o-2', beat: 2 });
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('FAILED');
    const events = await fullHistory(sfn, executionArn);
    expect(events[2].taskScheduledEventDetails?.heartbeatInSeconds).toBe(2);
    expect(events[2].taskScheduledEventDetails?.timeoutInSeconds).toBeUndefined();
    expect(types(events).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });

  it('retries a missed heartbeat by States.HeartbeatTimeout, with a new token', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'retried'));
    const first = await submittedToken(sfn, executionArn, 1);
    const second = await submittedToken(sfn, executionArn, 2);
    expect(second).not.toBe(first);
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' })))).toBe(
      'TaskTimedOut',
    );
    await sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '"second time"' }));
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toBe('"second time"');
    const events = await fullHistory(sfn, executionArn);
    expect(types(events).filter((t) => t?.startsWith('Task') && t !== 'TaskStateEntered')).toEqual([
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskTimedOut',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
    ]);
  });

  it('gives a JSONata task its token as $states.context.Task.Token, and HeartbeatSeconds from an expression', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await machine(sfn, 'jsonata');
    const executionArn = await start(sfn, arn, { order: 'o-3', beat: 3 });
    const token = await submittedToken(sfn, executionArn);
    expect(token).toMatch(/^[A-Za-z0-9_-]{60,}$/);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approvedBy":"bo"}' }));
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ approvedBy: 'bo' });
    const events = await fullHistory(sfn, executionArn);
    expect(historyProblems(events)).toEqual([]);
    expect(events[2].taskScheduledEventDetails).toMatchObject({
      heartbeatInSeconds: 3,
      timeoutInSeconds: 600,
    });
    expect(JSON.parse(events[2].taskScheduledEventDetails!.parameters!)).toEqual({
      FunctionName: 'Notify',
      Payload: { order: 'o-3', token },
    });

    // The expression's heartbeat is enforced: 2 s (0.2 s here) without a heartbeat times the task out.
    const missed = await start(sfn, arn, { order: 'o-4', beat: 2 });
    const timedOut = await waitForTerminal(sfn, missed);
    expect(timedOut.status).toBe('FAILED');
    expect(timedOut.error).toBe('States.Timeout');
    const missedEvents = await fullHistory(sfn, missed);
    expect(missedEvents[2].taskScheduledEventDetails?.heartbeatInSeconds).toBe(2);
    expect(types(missedEvents).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });

  it('times the task out at TimeoutSeconds, heartbeats or not', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'timeout'));
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.Timeout');
    const events = await fullHistory(sfn, executionArn);
    expect(events[2].taskScheduledEventDetails?.timeoutInSeconds).toBe(2);
    expect(events[2].taskScheduledEventDetails?.heartbeatInSeconds).toBeUndefined();
    expect(types(events).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });

  it('completes a callback inside a Parallel branch', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'inParallel'));
    const token = await submittedToken(sfn, executionArn);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"approved"' }));
    const done = await waitForTerminal(sfn, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual(['approved', 'quick']);
  });

  it('answers malformed tokens and bad requests with AWS error names, changing nothing', async () => {
    const sfn = sfnClient(engine().url);
    const executionArn = await start(sfn, await machine(sfn, 'approve'));
    const token = await submittedToken(sfn, executionArn);
    const send = (input: { taskToken: string; output: string }) =>
      errorName(sfn.send(new SendTaskSuccessCommand(input)));
    expect(await send({ taskToken: 'not-a-token', output: '{}' })).toBe('InvalidToken');
    expect(await send({ taskToken: '', output: '{}' })).toBe('ValidationException');
    expect(await send({ taskToken: 'A'.repeat(2049), output: '{}' })).toBe('ValidationException');
    // Well formed, but no task has it.
    expect(await send({ taskToken: `AQ${'x'.repeat(64)}`, output: '{}' })).toBe('TaskDoesNotExist');
    expect(await send({ taskToken: token, output: '{not json' })).toBe('InvalidOutput');
    expect(
      await errorName(sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'E'.repeat(257) }))),
    ).toBe('ValidationException');
    // None of it touched the waiting task.
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect((await waitForTerminal(sfn, executionArn)).status).toBe('SUCCEEDED');
  });
});

describe('callback tasks across an engine restart', () => {
  const engines = useRestartableEngine({ handlers: { 'Notify.mjs': NOTIFY }, speed: 10 });

  it('keeps the token and the heartbeat timer: the old token completes the task, a missed heartbeat still fires', async () => {
    let engine = await engines.start();
    let sfn = sfnClient(engine.url);
    const approve = await createMachine(sfn, 'cb-restart-approve', machines.approve);
    const beat = await createMachine(sfn, 'cb-restart-beat', machines.heartbeatPath);
    const waiting = await start(sfn, approve);
    const token = await submittedToken(sfn, waiting);
    // HeartbeatSecondsPath 10 is 1 s at --speed 10: it runs out about while the engine restarts.
    const timing = await start(sfn, beat, { order: 'o-3', beat: 10 });
    await submittedToken(sfn, timing);

    engine = await engines.crashAndRestart();
    sfn = sfnClient(engine.url);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"after":"restart"}' }));
    const done = await waitForTerminal(sfn, waiting);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).approval).toEqual({ after: 'restart' });
    // The invocation that had returned was not run again.
    const events = await fullHistory(sfn, waiting);
    expect(historyProblems(events)).toEqual([]);
    expect(types(events).filter((t) => t === 'TaskScheduled' || t === 'TaskSubmitted')).toEqual([
      'TaskScheduled',
      'TaskSubmitted',
    ]);

    const timedOut = await waitForTerminal(sfn, timing);
    expect(timedOut.status).toBe('FAILED');
    expect(types(await fullHistory(sfn, timing)).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });
});
