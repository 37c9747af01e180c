import { describe, expect, it } from 'vitest';
import type { Json, MapState, SubMachine } from '../../../src/engine/asl/types.js';
import { enterContainer, stepContainer } from '../../../src/engine/states/container.js';
import type { ContainerCursor } from '../../../src/engine/states/cursor.js';
import type { Outcome } from '../../../src/engine/states/env.js';
import type { ExecutionRecord } from '../../../src/engine/store/executions.js';
import { execution, expectFailure, expectNamesState, step, T0, thrownBy, types } from './harness.js';

// Expectations from the developer guide's "Map workflow state" (inline mode): InputPath, then
// ItemsPath selects the array; ItemSelector (legacy Parameters) builds each iteration's input
// with $$.Map.Item.Index/Value; MaxConcurrency bounds the iterations running at once; the
// result is the array of iteration outputs in item order, then ResultSelector/ResultPath/
// OutputPath; a failing iteration fails the state. Iterations run through the real interpreter.

const processor = (StartAt: string, States: SubMachine['States']): SubMachine => ({ StartAt, States });
const echo = processor('Echo', { Echo: { Type: 'Pass', End: true } });

const map = (fields: Omit<MapState, 'Type'>): MapState => ({ Type: 'Map', Next: 'After', ...fields });

function enter(state: MapState, input: Json) {
  const record = execution('Each', state, input);
  const { env, run } = step(record);
  return { outcome: enterContainer(state, 'Each', input, env), run, record };
}

function suspended(outcome: Outcome): ContainerCursor {
  if (outcome.kind !== 'suspend' || outcome.cursor.at !== 'map')
    throw new Error(`not suspended: ${outcome.kind}`);
  return outcome.cursor;
}

function stepAt(state: MapState, record: ExecutionRecord, cursor: ContainerCursor, now: number) {
  const { env, run } = step(record, now);
  return { outcome: stepContainer(state, cursor, env), run };
}

describe('Map state', () => {
  it('runs an iteration per item of ItemsPath and outputs their results in item order', () => {
    const state = map({
      InputPath: '$.order',
      ItemsPath: '$.lines',
      ItemProcessor: echo,
      ResultPath: '$.done',
    });
    const { outcome, run } = enter(state, { order: { lines: [1, 2] } });
    expect(outcome).toEqual({
      kind: 'next',
      exitLink: expect.any(Number),
      next: 'After',
      output: { order: { lines: [1, 2] }, done: [1, 2] },
    });
    expect(types(run)).toEqual([
      'MapStateStarted',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapStateSucceeded',
    ]);
    expect(run.events[0].details).toEqual({ mapStateStartedEventDetails: { length: 2 } });
    expect(run.events[1].details).toEqual({ mapIterationStartedEventDetails: { name: 'Each', index: 0 } });
    // An iteration's first state follows its MapIterationStarted, in a frame of its own.
    expect(run.events[2].previousEventId).toBe(run.events[1].id);
  });

  it('builds each iteration’s input with ItemSelector from $ and $$.Map.Item', () => {
    const state = map({
      ItemsPath: '$.colors',
      ItemSelector: { 'index.$': '$$.Map.Item.Index', 'color.$': '$$.Map.Item.Value', 'size.$': '$.size' },
      ItemProcessor: echo,
      End: true,
      Next: undefined,
    });
    expect(enter(state, { colors: ['red', 'blue'], size: 'L' }).outcome).toEqual({
      kind: 'end',
      exitLink: expect.any(Number),
      output: [
        { index: 0, color: 'red', size: 'L' },
        { index: 1, color: 'blue', size: 'L' },
      ],
    });
  });

  it('gives each iteration’s states its own $$.Map.Item, also around a nested Map', () => {
    const inner = map({
      ItemsPath: '$.inner',
      ItemProcessor: processor('Leaf', {
        Leaf: { Type: 'Pass', Parameters: { 'item.$': '$$.Map.Item.Value' }, End: true },
      }),
      ResultPath: '$.leaves',
    });
    inner.Next = 'Outer';
    const state = map({
      ItemProcessor: processor('Inner', {
        Inner: inner,
        Outer: {
          Type: 'Pass',
          Parameters: { 'leaves.$': '$.leaves', 'outer.$': '$$.Map.Item.Index' },
          End: true,
        },
      }),
    });
    expect(enter(state, [{ inner: ['a', 'b'] }, { inner: ['c'] }]).outcome).toEqual({
      kind: 'next',
      exitLink: expect.any(Number),
      next: 'After',
      output: [
        { leaves: [{ item: 'a' }, { item: 'b' }], outer: 0 },
        { leaves: [{ item: 'c' }], outer: 1 },
      ],
    });
  });

  it('succeeds at once with [] for an empty array', () => {
    expect(enter(map({ ItemProcessor: echo }), []).outcome).toEqual({
      kind: 'next',
      exitLink: expect.any(Number),
      next: 'After',
      output: [],
    });
  });

  it('keeps at most MaxConcurrency iterations running, starting the next as one ends', () => {
    const state = map({
      MaxConcurrency: 1,
      ItemProcessor: processor('Hold', { Hold: { Type: 'Wait', Seconds: 10, End: true } }),
    });
    const first = enter(state, ['a', 'b']);
    const cursor = suspended(first.outcome);
    expect(cursor.frames).toHaveLength(1);
    expect(first.outcome).toMatchObject({ readyAt: T0 + 10_000 });
    const second = stepAt(state, first.record, cursor, T0 + 10_000);
    expect(cursor.frames!.map((f) => f.status)).toEqual(['SUCCEEDED', 'RUNNING']);
    expect(second.outcome).toMatchObject({ kind: 'suspend', readyAt: T0 + 20_000 });
    expect(stepAt(state, first.record, cursor, T0 + 20_000).outcome).toEqual({
      kind: 'next',
      exitLink: expect.any(Number),
      next: 'After',
      output: ['a', 'b'],
    });
  });

  it('fails with a failing iteration’s error, or leaves through its Catch', () => {
    const failing = processor('Check', {
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$', NumericGreaterThan: 1, Next: 'TooBig' }],
        Default: 'Fine',
      },
      TooBig: { Type: 'Fail', Error: 'TooBig', Cause: 'over 1' },
      Fine: { Type: 'Succeed' },
    });
    const failed = enter(map({ ItemProcessor: failing }), [1, 2, 3]);
    expect(failed.outcome).toEqual({ kind: 'fail', error: 'TooBig', cause: 'over 1' });
    expect(types(failed.run)).toContain('MapIterationFailed');
    expect(types(failed.run)).toContain('MapStateFailed');
    const caught = enter(
      map({
        ItemsPath: '$.items',
        ItemProcessor: failing,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover', ResultPath: '$.err' }],
      }),
      { items: [2] },
    );
    expect(caught.outcome).toEqual({
      kind: 'next',
      next: 'Recover',
      output: { items: [2], err: { Error: 'TooBig', Cause: 'over 1' } },
    });
  });

  describe('fails naming the state', () => {
    it('with States.Runtime when ItemsPath does not point to an array', () => {
      const e = thrownBy(() => enter(map({ ItemsPath: '$.items', ItemProcessor: echo }), { items: 'abc' }));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Each');
    });

    it('with States.Runtime when InputPath or ItemsPath matches nothing', () => {
      for (const fields of [{ InputPath: '$.missing' }, { ItemsPath: '$.missing' }]) {
        const e = thrownBy(() => enter(map({ ItemProcessor: echo, ...fields }), {}));
        expect(e.error).toBe('States.Runtime');
        expectNamesState(e.cause, 'Each');
      }
    });

    it('with States.Runtime when an ItemSelector path matches nothing', () => {
      const state = map({ ItemProcessor: echo, ItemSelector: { 'v.$': '$.missing' } });
      expectFailure(enter(state, [1]).outcome, 'States.Runtime', 'Each');
    });

    it('with States.Runtime when MaxConcurrencyPath does not point to a non-negative integer', () => {
      const state = map({ ItemsPath: '$.items', ItemProcessor: echo, MaxConcurrencyPath: '$.limit' });
      expectFailure(enter(state, { items: [1], limit: 'two' }).outcome, 'States.Runtime', 'Each');
      expectFailure(enter(state, { items: [1], limit: -1 }).outcome, 'States.Runtime', 'Each');
      // a string holding the number is taken, as AWS ran it (conformance: MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH)
      expect(enter(state, { items: [1], limit: '1' }).outcome).toMatchObject({ kind: 'next', output: [1] });
    });

    it('with States.Runtime when ResultSelector or OutputPath matches nothing', () => {
      expectFailure(
        enter(map({ ItemProcessor: echo, ResultSelector: { 'v.$': '$.missing' } }), [1]).outcome,
        'States.Runtime',
        'Each',
      );
      expectFailure(
        enter(map({ ItemProcessor: echo, OutputPath: '$.missing' }), [1]).outcome,
        'States.Runtime',
        'Each',
      );
    });

    it('with States.ResultPathMatchFailure when ResultPath cannot be applied', () => {
      const state = map({ ItemsPath: '$.items', ItemProcessor: echo, ResultPath: '$.items[5]' });
      expectFailure(enter(state, { items: [1] }).outcome, 'States.ResultPathMatchFailure', 'Each');
    });
  });
});
