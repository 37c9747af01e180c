import { describe, expect, it } from 'vitest';
import {
  currentStates,
  summarizeStates,
  summarizeVisits,
  type HistoryEventLike,
  type StateSummary,
} from '../../../src/lib/history/index.js';
import { loadHistory } from './fixtures.js';

const byState = (states: StateSummary[]) => Object.fromEntries(states.map((s) => [s.state, s]));

describe('summarizeVisits / summarizeStates on engine recordings', () => {
  it('counts CheckTaskStatus throwing twice then succeeding as 3 attempts, 2 retries, both errors listed', () => {
    const { events, definition } = loadHistory('engine-transient-retries');
    const states = byState(summarizeStates(summarizeVisits(events, definition)));
    expect(states.CheckTaskStatus).toMatchObject({
      stateType: 'Task',
      status: 'SUCCEEDED',
      visits: 1,
      attempts: 3,
      retries: 2,
      lastError: { error: 'TransientError' },
    });
    expect(states.CheckTaskStatus.failures.map((f) => [f.attempt, f.error])).toEqual([
      [1, 'TransientError'],
      [2, 'TransientError'],
    ]);
    expect(states.CheckTaskStatus.failures[0].cause).toContain('simulated transient failure 1 of 2');
    const failedAt = events.filter((e) => e.type === 'LambdaFunctionFailed').map((e) => e.timestamp);
    expect(states.CheckTaskStatus.failures.map((f) => f.at)).toEqual(failedAt);
    expect(states.CreateTask).toMatchObject({ attempts: 1, retries: 0, failures: [] });
    expect(states.CreateTask.lastError).toBeUndefined();
  });

  it('lists the states in the order they were first entered, with their types', () => {
    const { events } = loadHistory('engine-transient-retries');
    expect(summarizeStates(summarizeVisits(events)).map((s) => `${s.state}:${s.stateType}`)).toEqual([
      'CreateTask:Task',
      'WaitForTaskCompletion:Wait',
      'CheckTaskStatus:Task',
      'IsTaskDone:Choice',
      'TaskCompleted:Task',
      'Done:Succeed',
    ]);
  });

  it('counts a 5-round Wait → CheckTaskStatus loop as 5 visits with no retries', () => {
    const { events } = loadHistory('engine-polling-loop');
    const visits = summarizeVisits(events);
    const checks = visits.filter((v) => v.state === 'CheckTaskStatus');
    expect(checks.map((v) => [v.visit, v.attempts, v.retries, v.status])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [n, 1, 0, 'SUCCEEDED']),
    );
    const states = byState(summarizeStates(visits));
    expect(states.CheckTaskStatus).toMatchObject({ visits: 5, attempts: 5, retries: 0 });
    expect(states.WaitForTaskCompletion).toMatchObject({ visits: 5, attempts: 0, retries: 0 });
    expect(states.IsTaskDone.visits).toBe(5);
    // summed durations equal the sum over visits
    const total = checks.reduce((sum, v) => sum + (v.durationMs ?? 0), 0);
    expect(states.CheckTaskStatus.durationMs).toBe(total);
    expect(states.WaitForTaskCompletion.durationMs).toBeGreaterThan(0);
  });

  it('marks a state left through Catch as CAUGHT and the Fail state as FAILED', () => {
    const { events, definition } = loadHistory('engine-caught');
    const states = byState(summarizeStates(summarizeVisits(events, definition)));
    expect(states.CheckTaskStatus).toMatchObject({ status: 'CAUGHT', attempts: 1, retries: 0 });
    expect(states.CheckTaskStatus.failures.map((f) => f.error)).toEqual(['JobRejectedError']);
    expect(states.CheckTaskStatus.nextRetryAt).toBeUndefined();
    expect(states.TaskFailed).toMatchObject({ stateType: 'Fail', status: 'FAILED' });
    expect(states.CreateTask.status).toBe('SUCCEEDED');
  });

  it('marks the open visit ABORTED when the execution is stopped', () => {
    const { events } = loadHistory('engine-aborted');
    const visits = summarizeVisits(events);
    expect(visits.map((v) => `${v.state}:${v.status}`)).toEqual([
      'CreateTask:SUCCEEDED',
      'WaitForTaskCompletion:ABORTED',
    ]);
    expect(visits[1].exitedAt).toEqual(events[events.length - 1].timestamp);
    expect(currentStates(visits)).toEqual([]);
  });

  it('keeps counting across a redrive: a new visit of the failed state, totals summed', () => {
    const { events, definition } = loadHistory('engine-redriven');
    const visits = summarizeVisits(events, definition);
    expect(visits.map((v) => [v.state, v.visit, v.redrive, v.attempts, v.retries, v.status])).toEqual([
      ['CreateTask', 1, 0, 4, 3, 'FAILED'],
      ['CreateTask', 2, 1, 4, 3, 'FAILED'],
    ]);
    expect(summarizeStates(visits)).toEqual([
      expect.objectContaining({ state: 'CreateTask', visits: 2, attempts: 8, retries: 6, status: 'FAILED' }),
    ]);
    expect(summarizeStates(visits)[0].failures).toHaveLength(8);
  });
});

describe('summarizeVisits on AWS-shaped histories', () => {
  it('counts LambdaFunction* attempts of a function-ARN task, timeouts included', () => {
    const { events, definition } = loadHistory('aws-lambda-function-retries');
    const [task, done] = summarizeStates(summarizeVisits(events, definition));
    expect(task).toMatchObject({ state: 'ProcessOrder', status: 'SUCCEEDED', attempts: 3, retries: 2 });
    expect(task.failures.map((f) => f.error)).toEqual(['Lambda.ServiceException', 'States.Timeout']);
    expect(task.failures[1].cause).toBe('Task timed out after 10.00 seconds');
    expect(task.durationMs).toBe(18231 - 31);
    expect(done).toMatchObject({ state: 'Done', stateType: 'Succeed', status: 'SUCCEEDED' });
  });

  it('reports a lambda:invoke task waiting to retry as RETRYING with the FULL-jitter upper bound', () => {
    const { events, definition } = loadHistory('aws-lambda-invoke-retrying');
    const visits = summarizeVisits(events, definition);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ status: 'RETRYING', attempts: 3, retries: 2 });
    expect(visits[0].failures.map((f) => f.error)).toEqual([
      'TransientError',
      'Lambda.ServiceException',
      'TransientError',
    ]);
    // TransientError's retrier was used once before: 3 s × 2¹ = 6 s after the failure at +4.030 s.
    expect(visits[0].nextRetryAt?.toISOString()).toBe('2024-03-12T10:00:10.030Z');
    expect(currentStates(visits)).toEqual([visits[0]]);
    expect(summarizeStates(visits)[0].nextRetryAt).toEqual(visits[0].nextRetryAt);
    // running: the duration runs to the last event, or to `now` when given
    expect(visits[0].durationMs).toBe(4030 - 25);
    const now = new Date('2024-03-12T10:00:08.025Z');
    expect(summarizeVisits(events, definition, { now })[0].durationMs).toBe(8000);
  });

  it('leaves nextRetryAt undefined without a definition', () => {
    const { events } = loadHistory('aws-lambda-invoke-retrying');
    const [visit] = summarizeVisits(events);
    expect(visit.status).toBe('RETRYING');
    expect(visit.nextRetryAt).toBeUndefined();
  });

  it('counts an AWS redrive: ExecutionRedriven, then the failed state entered again', () => {
    const { events, definition } = loadHistory('aws-redriven');
    const visits = summarizeVisits(events, definition);
    expect(visits.map((v) => [v.state, v.visit, v.redrive, v.attempts, v.status])).toEqual([
      ['Wait', 1, 0, 0, 'SUCCEEDED'],
      ['CheckTaskStatus', 1, 0, 2, 'FAILED'],
      ['CheckTaskStatus', 2, 1, 1, 'SUCCEEDED'],
      ['Done', 1, 1, 0, 'SUCCEEDED'],
    ]);
    const check = summarizeStates(visits).find((s) => s.state === 'CheckTaskStatus')!;
    expect(check).toMatchObject({ visits: 2, attempts: 3, retries: 1, status: 'SUCCEEDED' });
    expect(check.lastError?.error).toBe('TransientError');
    // the hour between the failure and the redrive is not counted as time in the state
    expect(check.durationMs).toBe(7570 - 5040 + (3600300 - 3600030));
  });

  it('tells interleaved Parallel branches apart by previousEventId', () => {
    const { events, definition } = loadHistory('aws-parallel');
    const states = byState(summarizeStates(summarizeVisits(events, definition)));
    expect(states.Left).toMatchObject({ status: 'SUCCEEDED', attempts: 2, retries: 1 });
    expect(states.Left.failures.map((f) => f.error)).toEqual(['Boom']);
    expect(states.Right).toMatchObject({ status: 'SUCCEEDED', attempts: 1, retries: 0, failures: [] });
    expect(states.FanOut).toMatchObject({ stateType: 'Parallel', status: 'SUCCEEDED', attempts: 0 });
    expect(states.FanOut.durationMs).toBe(1220 - 10);
  });
});

describe('visit status edge cases', () => {
  const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
  const entered = (id: number, name: string, type = 'Task'): HistoryEventLike => ({
    id,
    previousEventId: id - 1,
    timestamp: at(id),
    type: `${type}StateEntered`,
    stateEnteredEventDetails: { name },
  });
  const event = (id: number, type: string, details?: object): HistoryEventLike => ({
    id,
    previousEventId: id - 1,
    timestamp: at(id),
    type,
    ...(details ? { [`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`]: details } : {}),
  });

  it('marks the open visit TIMED_OUT when the execution times out', () => {
    const visits = summarizeVisits([
      event(1, 'ExecutionStarted'),
      entered(2, 'Slow'),
      event(3, 'TaskScheduled'),
      event(4, 'TaskStarted'),
      event(5, 'ExecutionTimedOut', { error: 'States.Timeout' }),
    ]);
    expect(visits).toEqual([
      expect.objectContaining({ state: 'Slow', status: 'TIMED_OUT', attempts: 1, durationMs: 3000 }),
    ]);
  });

  it('is RUNNING while an attempt is in flight, and a failure to start counts as an attempt', () => {
    const visits = summarizeVisits([
      event(1, 'ExecutionStarted'),
      entered(2, 'Work'),
      event(3, 'LambdaFunctionScheduleFailed', { error: 'States.Runtime', cause: 'bad input' }),
      event(4, 'LambdaFunctionScheduled'),
      event(5, 'LambdaFunctionStarted'),
    ]);
    expect(visits[0]).toMatchObject({ status: 'RUNNING', attempts: 2, retries: 1 });
    expect(visits[0].failures).toEqual([
      { attempt: 1, error: 'States.Runtime', cause: 'bad input', at: at(3) },
    ]);
  });

  it('closes a state left without an Exited event when the next one is entered', () => {
    const visits = summarizeVisits([
      event(1, 'ExecutionStarted'),
      entered(2, 'A', 'Pass'),
      entered(3, 'B', 'Pass'),
    ]);
    expect(visits.map((v) => `${v.state}:${v.status}`)).toEqual(['A:SUCCEEDED', 'B:RUNNING']);
  });

  it('returns nothing for an empty history', () => {
    expect(summarizeVisits([])).toEqual([]);
    expect(summarizeStates([])).toEqual([]);
  });
});

describe('failures inside a Parallel or Map', () => {
  const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
  /** An event linked to `previous` (AWS links each event to the previous one of its branch). */
  const ev = (id: number, previous: number, type: string, name?: string): HistoryEventLike => ({
    id,
    previousEventId: previous,
    timestamp: at(id),
    type,
    ...(name
      ? { [type.endsWith('Exited') ? 'stateExitedEventDetails' : 'stateEnteredEventDetails']: { name } }
      : {}),
  });
  const statuses = (events: HistoryEventLike[]) =>
    summarizeVisits(events).map((v) => `${v.state}:${v.status}`);

  it('shows a branch’s Fail state as FAILED when a Catch on the Parallel recovers (engine’s shape)', () => {
    // As the local engine records it: no exit for the Fail state, then ParallelStateFailed.
    expect(
      statuses([
        ev(1, 0, 'ExecutionStarted'),
        ev(2, 0, 'ParallelStateEntered', 'FanOut'),
        ev(3, 2, 'ParallelStateStarted'),
        ev(4, 3, 'FailStateEntered', 'Bad'),
        ev(5, 4, 'ParallelStateFailed'),
        ev(6, 5, 'ParallelStateExited', 'FanOut'),
        ev(7, 6, 'PassStateEntered', 'Recovered'),
        ev(8, 7, 'PassStateExited', 'Recovered'),
        ev(9, 8, 'ExecutionSucceeded'),
      ]),
    ).toEqual(['FanOut:CAUGHT', 'Bad:FAILED', 'Recovered:SUCCEEDED']);
  });

  it('marks a branch’s exhausted Task FAILED and the sibling still waiting ABORTED', () => {
    const visits = summarizeVisits([
      ev(1, 0, 'ExecutionStarted'),
      ev(2, 0, 'ParallelStateEntered', 'FanOut'),
      ev(3, 2, 'ParallelStateStarted'),
      ev(4, 3, 'TaskStateEntered', 'Work'),
      ev(5, 3, 'WaitStateEntered', 'Slow'),
      ev(6, 4, 'LambdaFunctionScheduled'),
      ev(7, 6, 'LambdaFunctionStarted'),
      ev(8, 7, 'LambdaFunctionFailed'),
      ev(9, 8, 'ParallelStateFailed'),
      ev(10, 9, 'ParallelStateExited', 'FanOut'),
      ev(11, 10, 'SucceedStateEntered', 'Done'),
      ev(12, 11, 'SucceedStateExited', 'Done'),
      ev(13, 12, 'ExecutionSucceeded'),
    ]);
    expect(visits.map((v) => `${v.state}:${v.status}`)).toEqual([
      'FanOut:CAUGHT',
      'Work:FAILED',
      'Slow:ABORTED',
      'Done:SUCCEEDED',
    ]);
    expect(visits[1].exitedAt).toEqual(at(9));
  });

  it('leaves a sibling branch of an outer Parallel alone when an inner Parallel fails and is caught', () => {
    expect(
      statuses([
        ev(1, 0, 'ExecutionStarted'),
        ev(2, 0, 'ParallelStateEntered', 'Outer'),
        ev(3, 2, 'ParallelStateStarted'),
        ev(4, 3, 'ParallelStateEntered', 'Inner'),
        ev(5, 3, 'TaskStateEntered', 'Sibling'),
        ev(6, 4, 'ParallelStateStarted'),
        ev(7, 6, 'FailStateEntered', 'Bad'),
        ev(8, 7, 'ParallelStateFailed'),
        ev(9, 8, 'ParallelStateExited', 'Inner'),
        ev(10, 9, 'PassStateEntered', 'Handled'),
        ev(11, 10, 'PassStateExited', 'Handled'),
        ev(12, 5, 'LambdaFunctionScheduled'),
      ]),
    ).toEqual(['Outer:RUNNING', 'Inner:CAUGHT', 'Sibling:RUNNING', 'Bad:FAILED', 'Handled:SUCCEEDED']);
  });

  it('shows a Map iteration’s Fail state as FAILED, and the Map FAILED when nothing catches it', () => {
    expect(
      statuses([
        ev(1, 0, 'ExecutionStarted'),
        ev(2, 0, 'MapStateEntered', 'Each'),
        ev(3, 2, 'MapStateStarted'),
        ev(4, 3, 'MapIterationStarted'),
        ev(5, 4, 'FailStateEntered', 'Reject'),
        ev(6, 5, 'MapIterationFailed'),
        ev(7, 6, 'MapStateFailed'),
        ev(8, 7, 'ExecutionFailed'),
      ]),
    ).toEqual(['Each:FAILED', 'Reject:FAILED']);
  });
});
