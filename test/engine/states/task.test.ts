import { describe, expect, it } from 'vitest';
import type { Json, TaskState } from '../../../src/engine/asl/types.js';
import type { TaskCursor } from '../../../src/engine/states/cursor.js';
import type { Outcome } from '../../../src/engine/states/env.js';
import { completeTask, enterTask, resumeTask, type TaskResult } from '../../../src/engine/states/task.js';
import { execution, expectFailure, expectNamesState, FN, step, T0, thrownBy, types } from './harness.js';

// Expectations from the developer guide: "Task workflow state", "Invoke an AWS Lambda
// function with Step Functions" (the lambda:invoke output), "Handling errors in Step
// Functions workflows" (Retry/Catch, States.Timeout, States.ALL not matching States.Runtime)
// and "Processing input and output". The clock is each step's `now`: nothing waits.

const task = (fields: Omit<TaskState, 'Type' | 'Resource'> & { Resource?: string }): TaskState => ({
  Type: 'Task',
  Resource: `${FN}charge`,
  Next: 'After',
  ...fields,
});

/** Enters the state at `now`: the outcome, the step's events and queued invocations. */
function enter(state: TaskState, input: Json, now = T0, speed = 1) {
  const { env, run } = step(execution('Charge', state, input), now, speed);
  return { outcome: enterTask(state, 'Charge', input, env), run };
}

function inFlight(outcome: Outcome): TaskCursor {
  if (outcome.kind !== 'suspend' || outcome.cursor.at !== 'task')
    throw new Error(`not in a task: ${outcome.kind}`);
  return outcome.cursor;
}

/** An invocation's result reaching the state at `now`. */
function complete(state: TaskState, cursor: TaskCursor, result: TaskResult, now = T0 + 1000) {
  const record = execution('Charge', state, cursor.input);
  record.lastEventId = 3;
  const { env, run } = step(record, now);
  return { outcome: completeTask(state, cursor, result, env), run };
}

describe('Task state (Lambda)', () => {
  it('invokes the function with its effective input (InputPath, then Parameters)', () => {
    const state = task({ InputPath: '$.order', Parameters: { 'amount.$': '$.total', currency: 'EUR' } });
    const { outcome, run } = enter(state, { order: { total: 12 } });
    const cursor = inFlight(outcome);
    expect(cursor).toMatchObject({
      state: 'Charge',
      input: { order: { total: 12 } },
      retryCount: 0,
      inFlight: true,
    });
    expect(types(run)).toEqual(['LambdaFunctionScheduled', 'LambdaFunctionStarted']);
    expect(run.events[0].details).toMatchObject({
      lambdaFunctionScheduledEventDetails: {
        resource: `${FN}charge`,
        input: '{"amount":12,"currency":"EUR"}',
      },
    });
    // The attempt is known by its scheduled event's id.
    expect(cursor.invocation).toBe(run.events[0].id);
    expect(run.invocations).toEqual([
      {
        executionArn: run.record.arn,
        path: [],
        invocation: cursor.invocation,
        functionName: 'charge',
        payload: { amount: 12, currency: 'EUR' },
        timeoutMs: 900_000, // Lambda's own maximum when the state sets no TimeoutSeconds
      },
    ]);
  });

  it('gives the invocation TimeoutSeconds, divided by the engine speed', () => {
    const { run } = enter(task({ TimeoutSeconds: 30 }), {}, T0, 10);
    expect(run.invocations[0].timeoutMs).toBe(3000);
  });

  it('processes the result: ResultSelector, then ResultPath into the raw input, then OutputPath', () => {
    const state = task({
      ResultSelector: { 'id.$': '$.receipt.id' },
      ResultPath: '$.charge',
      OutputPath: '$.charge',
    });
    const cursor = inFlight(enter(state, { total: 12 }).outcome);
    const { outcome, run } = complete(state, cursor, {
      kind: 'succeeded',
      output: { receipt: { id: 'r-1' } },
    });
    expect(outcome).toEqual({ kind: 'next', next: 'After', output: { id: 'r-1' } });
    expect(types(run)).toEqual(['LambdaFunctionSucceeded']);
  });

  it('through arn:aws:states:::lambda:invoke, outputs the Lambda response with the result as Payload', () => {
    const state = task({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: `${FN}charge:$LATEST`, 'Payload.$': '$' },
      End: true,
      Next: undefined,
    });
    const entered = enter(state, { total: 3 });
    expect(types(entered.run)).toEqual(['TaskScheduled', 'TaskStarted']);
    expect(entered.run.events[0].details).toMatchObject({
      taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1' },
    });
    expect(entered.run.invocations[0]).toMatchObject({ functionName: 'charge', payload: { total: 3 } });
    const { outcome, run } = complete(state, inFlight(entered.outcome), { kind: 'succeeded', output: 'ok' });
    expect(outcome).toMatchObject({ kind: 'end', output: { Payload: 'ok', StatusCode: 200 } });
    expect(types(run)).toEqual(['TaskSucceeded']);
  });

  it('retries a matching error after IntervalSeconds × BackoffRate^n, counting $$.State.RetryCount', () => {
    const state = task({
      Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 }],
    });
    const failed: TaskResult = { kind: 'failed', error: 'Busy', cause: 'try later' };
    const first = complete(state, inFlight(enter(state, {}).outcome), failed, T0 + 100).outcome;
    expect(first).toMatchObject({ kind: 'suspend', readyAt: T0 + 100 + 2000 });
    const waiting = inFlight(first);
    expect(waiting).toMatchObject({ retryCount: 1, inFlight: false, retrierAttempts: [1] });

    // The interval is over: the next attempt is scheduled, with a new invocation id.
    const record = execution('Charge', state, {});
    record.lastEventId = 4;
    const retried = step(record, T0 + 2100);
    const second = inFlight(resumeTask(state, waiting, retried.env));
    expect(second.invocation).toBe(5);
    expect(types(retried.run)).toEqual(['LambdaFunctionScheduled', 'LambdaFunctionStarted']);

    expect(complete(state, second, failed, T0 + 3000).outcome).toMatchObject({ readyAt: T0 + 3000 + 6000 });
    const third = { ...second, retryCount: 2, retrierAttempts: [2] };
    expect(complete(state, third, failed).outcome).toEqual({
      kind: 'fail',
      error: 'Busy',
      cause: 'try later',
    });
  });

  it('catches an error it does not retry: Error and Cause at the Catch’s ResultPath', () => {
    const state = task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover', ResultPath: '$.error' }] });
    const cursor = inFlight(enter(state, { id: 1 }).outcome);
    const { outcome, run } = complete(state, cursor, {
      kind: 'failed',
      error: 'CardDeclined',
      cause: 'no funds',
    });
    expect(outcome).toEqual({
      kind: 'next',
      next: 'Recover',
      output: { id: 1, error: { Error: 'CardDeclined', Cause: 'no funds' } },
    });
    expect(types(run)).toEqual(['LambdaFunctionFailed']);
  });

  it('fails with States.Timeout when the invocation times out', () => {
    const state = task({ TimeoutSeconds: 1 });
    const { outcome, run } = complete(state, inFlight(enter(state, {}).outcome), { kind: 'timedOut' });
    expect(outcome).toMatchObject({ kind: 'fail', error: 'States.Timeout' });
    expect(types(run)).toEqual(['LambdaFunctionTimedOut']);
  });

  describe('fails naming the state', () => {
    it('with States.Runtime when a Parameters path matches nothing', () => {
      const e = thrownBy(() => enter(task({ Parameters: { 'v.$': '$.missing' } }), {}));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Charge');
    });

    it('with States.Runtime when InputPath matches nothing', () => {
      const e = thrownBy(() => enter(task({ InputPath: '$.missing' }), {}));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Charge');
    });

    it('with States.Runtime when the resource is not one the engine can call', () => {
      const e = thrownBy(() => enter(task({ Resource: 'arn:aws:states:::sqs:sendMessage' }), {}));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Charge');
    });

    it('with States.Runtime, which a States.ALL Catch does not catch, when ResultSelector matches nothing', () => {
      const state = task({
        ResultSelector: { 'v.$': '$.missing' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
      });
      const cursor = inFlight(enter(state, {}).outcome);
      expectFailure(
        complete(state, cursor, { kind: 'succeeded', output: {} }).outcome,
        'States.Runtime',
        'Charge',
      );
    });

    it('with States.ResultPathMatchFailure when ResultPath cannot be applied to the input', () => {
      const state = task({ ResultPath: '$.a.b' });
      const cursor = inFlight(enter(state, { a: 'text' }).outcome);
      const { outcome } = complete(state, cursor, { kind: 'succeeded', output: 1 });
      expectFailure(outcome, 'States.ResultPathMatchFailure', 'Charge');
    });

    it('with States.Runtime when OutputPath matches nothing', () => {
      const state = task({ OutputPath: '$.missing' });
      const cursor = inFlight(enter(state, {}).outcome);
      expectFailure(
        complete(state, cursor, { kind: 'succeeded', output: {} }).outcome,
        'States.Runtime',
        'Charge',
      );
    });
  });
});
