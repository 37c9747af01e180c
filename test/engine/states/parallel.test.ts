import { describe, expect, it } from 'vitest';
import type { Json, ParallelState, SubMachine } from '../../../src/engine/asl/types.js';
import { enterContainer, stepContainer } from '../../../src/engine/states/container.js';
import type { ContainerCursor } from '../../../src/engine/states/cursor.js';
import type { Outcome } from '../../../src/engine/states/env.js';
import { execution, expectFailure, expectNamesState, step, T0, thrownBy, types } from './harness.js';
import type { ExecutionRecord } from '../../../src/engine/store/executions.js';

// Expectations from the developer guide's "Parallel workflow state": every branch gets the
// state's effective input (InputPath, then Parameters); the result is the array of branch
// outputs in branch order, then ResultSelector/ResultPath/OutputPath; if a branch fails, the
// whole state fails (its Retry and Catch apply). Branches run through the real interpreter.

const branch = (StartAt: string, States: SubMachine['States']): SubMachine => ({ StartAt, States });

const parallel = (fields: Omit<ParallelState, 'Type'>): ParallelState => ({
  Type: 'Parallel',
  Next: 'After',
  ...fields,
});

const twoBranches = [
  branch('A', { A: { Type: 'Pass', Result: 'a', End: true } }),
  branch('B', { B: { Type: 'Pass', InputPath: '$.n', End: true } }),
];

function enter(state: ParallelState, input: Json) {
  const record = execution('Both', state, input);
  const { env, run } = step(record);
  return { outcome: enterContainer(state, 'Both', input, env), run, record };
}

function suspended(outcome: Outcome): ContainerCursor {
  if (outcome.kind !== 'suspend' || outcome.cursor.at !== 'parallel')
    throw new Error(`not suspended: ${outcome.kind}`);
  return outcome.cursor;
}

/** The state stepped again at `now` (its due branches move on). */
function stepAt(state: ParallelState, record: ExecutionRecord, cursor: ContainerCursor, now: number) {
  const { env, run } = step(record, now);
  return { outcome: stepContainer(state, cursor, env), run };
}

describe('Parallel state', () => {
  it('outputs the branch results in branch order, placed at ResultPath', () => {
    const { outcome, run } = enter(parallel({ Branches: twoBranches, ResultPath: '$.results' }), { n: 2 });
    expect(outcome).toEqual({
      kind: 'next',
      exitLink: expect.any(Number),
      next: 'After',
      output: { n: 2, results: ['a', 2] },
    });
    expect(types(run)).toEqual([
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
    ]);
    // Each branch's first event follows ParallelStateStarted, in a frame of its own.
    const started = run.events[0].id;
    expect(run.events[1].previousEventId).toBe(started);
    expect(run.events[3].previousEventId).toBe(started);
  });

  it('gives every branch the effective input (InputPath, then Parameters) and applies ResultSelector', () => {
    const state = parallel({
      InputPath: '$.job',
      Parameters: { 'id.$': '$.id', 'state.$': '$$.State.Name' },
      Branches: [
        branch('X', { X: { Type: 'Pass', End: true } }),
        branch('Y', { Y: { Type: 'Pass', End: true } }),
      ],
      ResultSelector: { 'first.$': '$[0]', 'second.$': '$[1].id' },
      End: true,
      Next: undefined,
    });
    expect(enter(state, { job: { id: 9 } }).outcome).toEqual({
      kind: 'end',
      exitLink: expect.any(Number),
      output: { first: { id: 9, state: 'Both' }, second: 9 },
    });
  });

  it('stays until its last branch is done, then succeeds (the clock moved by the test)', () => {
    const state = parallel({
      Branches: [
        branch('Quick', { Quick: { Type: 'Pass', Result: 1, End: true } }),
        branch('Slow', {
          Slow: { Type: 'Wait', Seconds: 30, Next: 'Two' },
          Two: { Type: 'Pass', Result: 2, End: true },
        }),
      ],
    });
    const first = enter(state, {});
    const cursor = suspended(first.outcome);
    expect(first.outcome).toMatchObject({ readyAt: T0 + 30_000 });
    expect(cursor.frames!.map((f) => f.status)).toEqual(['SUCCEEDED', 'RUNNING']);
    const done = stepAt(state, first.record, cursor, T0 + 30_000);
    expect(done.outcome).toEqual({
      kind: 'next',
      exitLink: expect.any(Number),
      next: 'After',
      output: [1, 2],
    });
    expect(types(done.run)).toEqual([
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
    ]);
  });

  it('fails with the failing branch’s error, or leaves through its Catch', () => {
    const branches = [
      branch('Bad', { Bad: { Type: 'Fail', Error: 'Boom', Cause: 'branch 0' } }),
      branch('Good', { Good: { Type: 'Pass', End: true } }),
    ];
    const failed = enter(parallel({ Branches: branches }), {});
    expect(failed.outcome).toEqual({ kind: 'fail', error: 'Boom', cause: 'branch 0' });
    expect(types(failed.run)).toContain('ParallelStateFailed');

    const caught = enter(
      parallel({ Branches: branches, Catch: [{ ErrorEquals: ['Boom'], Next: 'Recover' }] }),
      {},
    );
    expect(caught.outcome).toEqual({
      kind: 'next',
      next: 'Recover',
      output: { Error: 'Boom', Cause: 'branch 0' },
    });
  });

  it('retries the whole state per its Retry: every branch runs again after the interval', () => {
    const state = parallel({
      Branches: [branch('Bad', { Bad: { Type: 'Fail', Error: 'Boom' } })],
      Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 5, MaxAttempts: 1 }],
    });
    const first = enter(state, {});
    const cursor = suspended(first.outcome);
    expect(first.outcome).toMatchObject({ readyAt: T0 + 5000 });
    expect(cursor).toMatchObject({ frames: null, retryCount: 1 });
    const again = stepAt(state, first.record, cursor, T0 + 5000);
    expect(types(again.run)[0]).toBe('ParallelStateStarted');
    expect(again.outcome).toMatchObject({ kind: 'fail', error: 'Boom' });
  });

  describe('fails naming the state', () => {
    it('with States.Runtime when InputPath matches nothing', () => {
      const e = thrownBy(() => enter(parallel({ Branches: twoBranches, InputPath: '$.missing' }), {}));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Both');
    });

    it('with States.Runtime when a Parameters path matches nothing', () => {
      const e = thrownBy(() =>
        enter(parallel({ Branches: twoBranches, Parameters: { 'v.$': '$.missing' } }), {}),
      );
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Both');
    });

    it('with States.Runtime when ResultSelector matches nothing', () => {
      const state = parallel({ Branches: twoBranches, ResultSelector: { 'v.$': '$.missing' } });
      expectFailure(enter(state, { n: 1 }).outcome, 'States.Runtime', 'Both');
    });

    it('with States.ResultPathMatchFailure when ResultPath cannot be applied', () => {
      const state = parallel({ Branches: twoBranches, ResultPath: '$.n.results' });
      expectFailure(enter(state, { n: 1 }).outcome, 'States.ResultPathMatchFailure', 'Both');
    });

    it('with States.Runtime when OutputPath matches nothing', () => {
      const state = parallel({ Branches: twoBranches, OutputPath: '$.missing' });
      expectFailure(enter(state, { n: 1 }).outcome, 'States.Runtime', 'Both');
    });

    it('a branch’s own state error names that branch state', () => {
      const state = parallel({
        Branches: [branch('Inner', { Inner: { Type: 'Pass', InputPath: '$.missing', End: true } })],
      });
      expectFailure(enter(state, {}).outcome, 'States.Runtime', 'Inner');
    });
  });
});
