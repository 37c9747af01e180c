import {
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import {
  createMachine,
  fullHistory,
  historyProblems,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// Parallel and inline Map states on a real engine process, through the real SDK.

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';

const ECHO = `export async function handler(event) {
  await new Promise((resolve) => setTimeout(resolve, event.ms ?? 20));
  return event;
}
`;
const FLAKY = `export async function handler(event) {
  if (event.fail) {
    const error = new Error('item ' + event.index + ' is broken');
    error.name = 'Broken';
    throw error;
  }
  return { ok: event.index };
}
`;
const PICKY_BROKEN = `export async function handler(event) {
  if (event.value === 'b') {
    const error = new Error('the b service is down');
    error.name = 'OutageError';
    throw error;
  }
  return event.value.toUpperCase();
}
`;
const PICKY_FIXED = `export async function handler(event) {
  return event.value.toUpperCase();
}
`;

const types = (events: HistoryEvent[]) => events.map((e) => e.type);
const byId = (events: HistoryEvent[], id: number | undefined) => events.find((e) => e.id === id);

describe('Parallel and Map', () => {
  const engine = useTestEngine({
    speed: 20,
    handlers: { 'Echo.mjs': ECHO, 'Flaky.mjs': FLAKY, 'Picky.mjs': PICKY_BROKEN },
  });

  async function run(name: string, definition: object, input: object = {}) {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, name, definition);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify(input) }),
    );
    const execution = await waitForTerminal(sfn, executionArn!);
    const events = await fullHistory(sfn, executionArn!);
    expect(historyProblems(events)).toEqual([]);
    return { execution, events, sfn, executionArn: executionArn! };
  }

  it('runs two branches of Tasks and Waits and outputs their results in branch order', async () => {
    const { execution, events } = await run('parallel-two', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            {
              // Finishes last: a 2 s wait (100 ms at --speed 20) before its task.
              StartAt: 'WaitA',
              States: {
                WaitA: { Type: 'Wait', Seconds: 10, Next: 'TaskA' },
                TaskA: { Type: 'Task', Resource: FN + 'Echo', Parameters: { branch: 'A' }, End: true },
              },
            },
            {
              StartAt: 'TaskB',
              States: {
                TaskB: { Type: 'Task', Resource: FN + 'Echo', Parameters: { branch: 'B' }, Next: 'WaitB' },
                WaitB: { Type: 'Wait', Seconds: 0.2, End: true },
              },
            },
          ],
        },
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual([{ branch: 'A' }, { branch: 'B' }]);
    const t = types(events);
    expect(t.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(t.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
    expect(t.filter((x) => x === 'WaitStateEntered')).toHaveLength(2);
    expect(t.filter((x) => x === 'TaskStateEntered')).toHaveLength(2);
    // Branch B's task completes before branch A's wait ends: the branches interleave.
    const exited = events
      .filter((e) => e.type === 'TaskStateExited')
      .map((e) => e.stateExitedEventDetails!.name);
    expect(exited).toEqual(['TaskB', 'TaskA']);
    // Each branch's first state links to ParallelStateStarted; later events to their own branch.
    const started = events.find((e) => e.type === 'ParallelStateStarted')!;
    const entered = (name: string) => events.find((e) => e.stateEnteredEventDetails?.name === name)!;
    expect(entered('WaitA').previousEventId).toBe(started.id);
    expect(entered('TaskB').previousEventId).toBe(started.id);
    expect(byId(events, entered('TaskA').previousEventId)?.type).toBe('WaitStateExited');
    expect(byId(events, entered('WaitB').previousEventId)?.stateExitedEventDetails?.name).toBe('TaskB');
  });

  it("catches a failing branch with the Parallel's Catch, ignoring the sibling still running", async () => {
    const { execution, events } = await run(
      'parallel-catch',
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Next: 'Done',
            Catch: [{ ErrorEquals: ['BranchBroke'], ResultPath: '$.error', Next: 'Recovered' }],
            Branches: [
              {
                StartAt: 'Slow',
                States: { Slow: { Type: 'Task', Resource: FN + 'Echo', Parameters: { ms: 300 }, End: true } },
              },
              {
                StartAt: 'Boom',
                States: { Boom: { Type: 'Fail', Error: 'BranchBroke', Cause: 'on purpose' } },
              },
            ],
          },
          Recovered: { Type: 'Pass', End: true },
          Done: { Type: 'Succeed' },
        },
      },
      { job: 1 },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      job: 1,
      error: { Error: 'BranchBroke', Cause: 'on purpose' },
    });
    const t = types(events);
    const failedAt = t.indexOf('ParallelStateFailed');
    expect(t.slice(failedAt - 1, failedAt + 3)).toEqual([
      'TaskStateAborted',
      'ParallelStateFailed',
      'ParallelStateExited',
      'PassStateEntered',
    ]);
    expect(t).not.toContain('TaskStateExited');
    expect(t).not.toContain('LambdaFunctionSucceeded');
  });

  it('runs a Map over 10 items with never more than 3 iterations at once, $$.Map.Item in reach', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ id: `item-${i}` }));
    const { execution, events } = await run(
      'map-ten',
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 3,
            ItemSelector: { 'index.$': '$$.Map.Item.Index', 'id.$': '$$.Map.Item.Value.id', ms: 60 },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Work',
              States: {
                Work: { Type: 'Task', Resource: FN + 'Echo', Next: 'Tag' },
                Tag: {
                  Type: 'Pass',
                  Parameters: { 'id.$': '$.id', 'position.$': '$$.Map.Item.Index' },
                  End: true,
                },
              },
            },
            ResultPath: '$.results',
            End: true,
          },
        },
      },
      { items },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).results).toEqual(
      items.map((item, i) => ({ id: item.id, position: i })),
    );
    expect(events.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({
      length: 10,
    });
    const started = events.filter((e) => e.type === 'MapIterationStarted');
    expect(started.map((e) => e.mapIterationStartedEventDetails)).toEqual(
      items.map((_, index) => ({ name: 'Each', index })),
    );
    let running = 0;
    let most = 0;
    let invoking = 0;
    let mostInvoking = 0;
    for (const e of events) {
      if (e.type === 'MapIterationStarted') running += 1;
      if (e.type === 'MapIterationSucceeded') running -= 1;
      if (e.type === 'LambdaFunctionStarted') invoking += 1;
      if (e.type === 'LambdaFunctionSucceeded') invoking -= 1;
      most = Math.max(most, running);
      mostInvoking = Math.max(mostInvoking, invoking);
    }
    expect(most).toBe(3);
    expect(mostInvoking).toBe(3);
    expect(events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(10);
  });

  it('fails the Map when an iteration fails after its retries, after retrying the Map itself', async () => {
    const { execution, events } = await run(
      'map-fail',
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            Retry: [{ ErrorEquals: ['Broken'], MaxAttempts: 1, IntervalSeconds: 1 }],
            ItemSelector: { 'index.$': '$$.Map.Item.Index', 'fail.$': '$$.Map.Item.Value' },
            Iterator: {
              StartAt: 'Work',
              States: {
                Work: {
                  Type: 'Task',
                  Resource: FN + 'Flaky',
                  Retry: [{ ErrorEquals: ['Broken'], MaxAttempts: 2, IntervalSeconds: 1 }],
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      },
      [false, true, false],
    );
    expect(execution).toMatchObject({
      status: 'FAILED',
      error: 'Broken',
      cause: expect.stringContaining('item 1'),
    });
    const t = types(events);
    expect(t.filter((x) => x === 'MapStateStarted')).toHaveLength(2); // the Map's own retry
    // Item 1: 3 attempts (2 retries) per Map attempt.
    expect(t.filter((x) => x === 'LambdaFunctionFailed')).toHaveLength(6);
    const failedIterations = events.filter((e) => e.type === 'MapIterationFailed');
    expect(failedIterations.map((e) => e.mapIterationFailedEventDetails)).toEqual([
      { name: 'Each', index: 1 },
      { name: 'Each', index: 1 },
    ]);
    expect(t.slice(-2)).toEqual(['MapStateFailed', 'ExecutionFailed']);
  });

  it('stops during a Parallel: the running branches are aborted and nothing runs after', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'parallel-stop', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Long', States: { Long: { Type: 'Wait', Seconds: 3600, End: true } } },
            {
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Resource: FN + 'Echo', Parameters: { ms: 200 }, End: true } },
            },
          ],
        },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Halt', cause: 'test' }));
    expect(await waitForTerminal(sfn, executionArn!)).toMatchObject({ status: 'ABORTED', error: 'Halt' });
    await new Promise((resolve) => setTimeout(resolve, 400)); // the task's result arrives meanwhile
    const events = await fullHistory(sfn, executionArn!);
    expect(historyProblems(events)).toEqual([]);
    const t = types(events);
    expect(t.slice(-2)).toEqual(['ParallelStateAborted', 'ExecutionAborted']);
    expect(t).toEqual(expect.arrayContaining(['WaitStateAborted', 'TaskStateAborted']));
    expect(t).not.toContain('LambdaFunctionSucceeded');
  });

  it('redrives a failed Map, re-running only the iteration that failed and those not yet run', async () => {
    const {
      execution,
      events: before,
      sfn,
      executionArn,
    } = await run(
      'map-redrive',
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemSelector: { 'value.$': '$$.Map.Item.Value' },
            ItemProcessor: {
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Resource: FN + 'Picky', End: true } },
            },
            End: true,
          },
        },
      },
      ['a', 'b', 'c'],
    );
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OutageError' });
    expect(before.filter((e) => e.type === 'MapIterationStarted')).toHaveLength(2); // c never started

    writeFileSync(join(engine().handlersDir!, 'Picky.mjs'), PICKY_FIXED);
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const done = await waitForTerminal(sfn, executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(JSON.parse(done.output!)).toEqual(['A', 'B', 'C']);
    const events = await fullHistory(sfn, executionArn);
    expect(historyProblems(events)).toEqual([]);
    const inputs = events
      .filter((e) => e.type === 'LambdaFunctionScheduled')
      .map((e) => JSON.parse(e.lambdaFunctionScheduledEventDetails!.input!).value);
    expect(inputs).toEqual(['a', 'b', 'b', 'c']); // a ran once: its result was kept
    const redriven = events.find((e) => e.type === 'ExecutionRedriven')!;
    const reentered = events.find((e) => e.id! > redriven.id! && e.type === 'TaskStateEntered')!;
    expect(reentered.previousEventId).toBe(redriven.id);
  });
});
