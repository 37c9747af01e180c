import { describe, expect, it } from 'vitest';
import type { Json, StateMachineDefinition } from '../../../src/engine/asl/types.js';
import { Interpreter } from '../../../src/engine/runtime/interpreter.js';
import { restartPoint } from '../../../src/engine/runtime/redrive.js';
import { ExecutionRun, type Invocation } from '../../../src/engine/runtime/run.js';
import type { ExecutionRecord, StoredEvent } from '../../../src/engine/store/executions.js';
import { startedExecution } from '../support/execution-record.js';

// The interpreter stepping Parallel and Map states in-process, without a store or an HTTP
// server: each step is what one transaction would commit; the test plays the scheduler.

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';

class Harness {
  readonly interpreter = new Interpreter({ speed: 1, defaultTaskTimeoutMs: 1000 });
  readonly events: StoredEvent[] = [];
  readonly pending: Invocation[] = [];
  record: ExecutionRecord;
  now = 1_000_000;

  constructor(
    readonly definition: StateMachineDefinition,
    input: Json = {},
  ) {
    this.record = startedExecution(definition, input, this.now);
    this.events.push({ id: 1, previousEventId: 0, timestamp: this.now, type: 'ExecutionStarted' });
  }

  /** One transaction: the record round-trips through JSON as the store would. */
  step(change: (run: ExecutionRun) => void): ExecutionRun {
    const record = JSON.parse(JSON.stringify(this.record)) as ExecutionRecord;
    const run = new ExecutionRun(record, this.definition, this.now);
    change(run);
    this.record = record;
    this.events.push(...run.events);
    this.pending.push(...run.invocations);
    return run;
  }

  advance() {
    return this.step((run) => this.interpreter.advance(run));
  }

  /** Steps while something is due now, jumping the clock to the next readyAt. */
  runDue() {
    while (this.record.status === 'RUNNING' && this.record.readyAt !== null) {
      this.now = Math.max(this.now, this.record.readyAt);
      this.advance();
    }
  }

  /** Completes the oldest pending invocation (or the one `pick` chooses) with `result`. */
  complete(result: (payload: Json) => Json | Error, pick = 0) {
    const [invocation] = this.pending.splice(pick, 1);
    const value = result(invocation.payload);
    this.step((run) =>
      this.interpreter.complete(
        run,
        invocation.path,
        invocation.invocation,
        value instanceof Error
          ? { kind: 'failed', error: value.name, cause: value.message }
          : { kind: 'succeeded', output: value },
      ),
    );
  }

  types() {
    return this.events.map((e) => e.type);
  }
}

function expectWellLinked(events: StoredEvent[]) {
  events.forEach((e, i) => {
    expect(e.id).toBe(i + 1);
    expect(e.previousEventId).toBeLessThan(e.id);
  });
}

const task = (fn: string, extra: object = {}) => ({ Type: 'Task', Resource: FN + fn, ...extra });

describe('Parallel', () => {
  const definition = {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Next: 'After',
        ResultPath: '$.results',
        Branches: [
          { StartAt: 'A', States: { A: task('a', { End: true }) } },
          {
            StartAt: 'B1',
            States: { B1: { Type: 'Pass', Result: 'b', Next: 'B2' }, B2: { Type: 'Pass', End: true } },
          },
        ],
      },
      After: { Type: 'Succeed' },
    },
  } as unknown as StateMachineDefinition;

  it('runs the branches, links their events to ParallelStateStarted and outputs results in branch order', () => {
    const h = new Harness(definition, { x: 1 });
    h.advance();
    expect(h.pending).toHaveLength(1);
    expect(h.pending[0].path).toEqual([0]);
    expect(h.record.readyAt).toBeNull(); // only a task result can move it now
    h.complete((payload) => ({ got: payload }));
    expect(h.record.status).toBe('SUCCEEDED');
    expect(JSON.parse(h.record.output!)).toEqual({ x: 1, results: [{ got: { x: 1 } }, 'b'] });
    expect(h.types()).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expectWellLinked(h.events);
    const started = h.events[2];
    const [a, b1] = h.events.filter((e) => e.type.endsWith('StateEntered') && e.id > started.id);
    expect(a.previousEventId).toBe(started.id);
    expect(b1.previousEventId).toBe(started.id);
    // Branch A's task result links back to its own branch's last event, not to branch B's.
    const succeeded = h.events.find((e) => e.type === 'LambdaFunctionSucceeded')!;
    expect(succeeded.previousEventId).toBe(h.events.find((e) => e.type === 'LambdaFunctionStarted')!.id);
    const parallelSucceeded = h.events.find((e) => e.type === 'ParallelStateSucceeded')!;
    expect(parallelSucceeded.previousEventId).toBe(parallelSucceeded.id - 1);
  });

  it('fails with the first failing branch, ignores the sibling result, and retries the whole state', () => {
    const failing = structuredClone(definition) as unknown as {
      States: Record<string, Record<string, unknown>>;
    };
    failing.States.Both.Branches = [
      { StartAt: 'A', States: { A: task('a', { End: true }) } },
      { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Broke', Cause: 'b' } } },
    ];
    failing.States.Both.Retry = [{ ErrorEquals: ['Broke'], MaxAttempts: 1, IntervalSeconds: 2 }];
    const h = new Harness(failing as unknown as StateMachineDefinition);
    h.advance();
    expect(h.types().at(-1)).toBe('ParallelStateFailed');
    expect(h.record.readyAt).toBe(h.now + 2000); // the retry interval
    h.complete(() => 'late'); // the abandoned branch's result: ignored
    expect(h.types().filter((t) => t === 'LambdaFunctionSucceeded')).toHaveLength(0);
    h.runDue(); // the retry: the whole state again, which fails again
    expect(h.types().filter((t) => t === 'ParallelStateStarted')).toHaveLength(2);
    expect(h.record).toMatchObject({ status: 'FAILED', error: 'Broke', cause: 'b' });
    expect(h.types().slice(-2)).toEqual(['ParallelStateFailed', 'ExecutionFailed']);
    expectWellLinked(h.events);
  });
});

describe('Map', () => {
  const mapOf = (extra: object) =>
    ({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          End: true,
          ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Work',
            States: { Work: task('work', { End: true }) },
          },
          ...extra,
        },
      },
    }) as unknown as StateMachineDefinition;

  it('keeps at most MaxConcurrency iterations running and outputs results in item order', () => {
    const items = Array.from({ length: 7 }, (_, i) => `item-${i}`);
    const h = new Harness(mapOf({ MaxConcurrency: 3 }), { items, tag: 't' });
    h.advance();
    expect(h.events[2]).toMatchObject({
      type: 'MapStateStarted',
      details: { mapStateStartedEventDetails: { length: 7 } },
    });
    expect(h.pending.map((i) => i.path)).toEqual([[0], [1], [2]]);
    expect(h.pending[1].payload).toEqual({ index: 1, value: 'item-1', tag: 't' });
    // Complete out of order: the newest first.
    while (h.pending.length > 0) {
      h.complete((p) => ({ done: (p as { index: number }).index }), h.pending.length - 1);
      expect(h.pending.length).toBeLessThanOrEqual(3);
    }
    expect(h.record.status).toBe('SUCCEEDED');
    expect(JSON.parse(h.record.output!)).toEqual(items.map((_, i) => ({ done: i })));
    let running = 0;
    let most = 0;
    for (const e of h.events) {
      if (e.type === 'MapIterationStarted') running += 1;
      if (e.type === 'MapIterationSucceeded') running -= 1;
      most = Math.max(most, running);
    }
    expect(most).toBe(3);
    const started = h.events.filter((e) => e.type === 'MapIterationStarted');
    expect(started.map((e) => e.details)).toEqual(
      items.map((_, index) => ({ mapIterationStartedEventDetails: { name: 'Each', index } })),
    );
    expectWellLinked(h.events);
  });

  it('handles an empty array, and a non-array ItemsPath as States.Runtime', () => {
    const empty = new Harness(mapOf({}), { items: [], tag: 't' });
    empty.advance();
    expect(empty.record.status).toBe('SUCCEEDED');
    expect(JSON.parse(empty.record.output!)).toEqual([]);
    expect(empty.types()).toContain('MapStateSucceeded');
    const wrong = new Harness(mapOf({}), { items: 'nope', tag: 't' });
    wrong.advance();
    expect(wrong.record).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('fails the Map with a failing iteration, aborts the running ones, and is caught by its Catch', () => {
    const definition = mapOf({
      End: undefined,
      Next: 'Caught',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
    });
    (definition.States as Record<string, unknown>).Caught = { Type: 'Pass', End: true };
    const h = new Harness(definition, { items: [1, 2, 3], tag: 't' });
    h.advance();
    const broken = Object.assign(new Error('bad item'), { name: 'BadItem' });
    h.complete(() => broken, 1);
    expect(h.types()).toEqual(
      expect.arrayContaining(['MapIterationFailed', 'MapIterationAborted', 'MapStateFailed']),
    );
    expect(h.events.filter((e) => e.type === 'MapIterationAborted').map((e) => e.details)).toEqual([
      { mapIterationAbortedEventDetails: { name: 'Each', index: 0 } },
      { mapIterationAbortedEventDetails: { name: 'Each', index: 2 } },
    ]);
    expect(h.record.status).toBe('SUCCEEDED');
    expect(JSON.parse(h.record.output!).error).toEqual({ Error: 'BadItem', Cause: 'bad item' });
    const eventCount = h.events.length;
    h.complete(() => 'late');
    expect(h.events).toHaveLength(eventCount);
  });

  it('aborts running Map iterations and the Map itself on StopExecution', () => {
    const h = new Harness(mapOf({ MaxConcurrency: 2 }), { items: [1, 2, 3], tag: 't' });
    h.advance();
    h.step((run) => h.interpreter.abort(run));
    expect(h.types().slice(-6)).toEqual([
      'TaskStateAborted',
      'MapIterationAborted',
      'TaskStateAborted',
      'MapIterationAborted',
      'MapStateAborted',
      'ExecutionAborted',
    ]);
    expect(h.record.status).toBe('ABORTED');
    // Each iteration's aborted events link to that iteration's last event.
    const scheduledStarted = h.events.filter((e) => e.type === 'LambdaFunctionStarted').map((e) => e.id);
    const taskAborted = h.events.filter((e) => e.type === 'TaskStateAborted');
    expect(taskAborted.map((e) => e.previousEventId)).toEqual(scheduledStarted);
    expectWellLinked(h.events);
  });

  it('re-runs only the iterations that did not succeed on redrive', () => {
    const h = new Harness(mapOf({ MaxConcurrency: 1 }), { items: ['a', 'b', 'c'], tag: 't' });
    h.advance();
    h.complete(() => 'A');
    h.complete(() => Object.assign(new Error('down'), { name: 'Outage' }));
    expect(h.record).toMatchObject({ status: 'FAILED', error: 'Outage' });
    h.step((run) => {
      run.record.status = 'RUNNING';
      run.record.cursor = restartPoint(run.record.cursor, run.now, run.record.lastEventId);
      run.record.readyAt = run.now;
    });
    h.advance();
    expect(h.pending.map((i) => i.payload)).toEqual([{ index: 1, value: 'b', tag: 't' }]);
    h.complete(() => 'B');
    h.complete(() => 'C');
    expect(h.record.status).toBe('SUCCEEDED');
    expect(JSON.parse(h.record.output!)).toEqual(['A', 'B', 'C']);
    const scheduled = h.events.filter((e) => e.type === 'LambdaFunctionScheduled');
    expect(
      scheduled.map(
        (e) => JSON.parse((e.details!.lambdaFunctionScheduledEventDetails as { input: string }).input).index,
      ),
    ).toEqual([0, 1, 1, 2]);
  });
});

describe('nesting and large Maps', () => {
  it('runs a Parallel inside each Map iteration, routing results by their frame path', () => {
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          End: true,
          ItemProcessor: {
            StartAt: 'Fan',
            States: {
              Fan: {
                Type: 'Parallel',
                End: true,
                Branches: [
                  {
                    StartAt: 'L',
                    States: { L: task('l', { Parameters: { 'i.$': '$$.Map.Item.Index' }, End: true }) },
                  },
                  {
                    StartAt: 'R',
                    States: { R: { Type: 'Pass', Parameters: { 'v.$': '$$.Map.Item.Value' }, End: true } },
                  },
                ],
              },
            },
          },
        },
      },
    } as unknown as StateMachineDefinition;
    const h = new Harness(definition, ['x', 'y']);
    h.advance();
    expect(h.pending.map((i) => [i.path, i.payload])).toEqual([
      [[0, 0], { i: 0 }],
      [[1, 0], { i: 1 }],
    ]);
    h.complete((p) => ({ left: p }), 1);
    h.complete((p) => ({ left: p }));
    expect(h.record.status).toBe('SUCCEEDED');
    expect(JSON.parse(h.record.output!)).toEqual([
      [{ left: { i: 0 } }, { v: 'x' }],
      [{ left: { i: 1 } }, { v: 'y' }],
    ]);
    expectWellLinked(h.events);
  });

  it('spreads a large Map of synchronous iterations over several steps', () => {
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          End: true,
          Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        },
      },
    } as unknown as StateMachineDefinition;
    const items = Array.from({ length: 600 }, (_, i) => i);
    const h = new Harness(definition, items);
    let steps = 0;
    while (h.record.status === 'RUNNING') {
      h.advance();
      steps += 1;
    }
    expect(steps).toBeGreaterThan(1);
    expect(JSON.parse(h.record.output!)).toEqual(items);
    expect(h.types().filter((t) => t === 'MapIterationSucceeded')).toHaveLength(600);
    expectWellLinked(h.events);
  });
});

describe('payload limit', () => {
  // As AWS recorded (localstack test_states_errors.py): a States.ALL catcher takes States.DataLimitExceeded.
  it('fails a task whose result exceeds 256 KiB, into a States.ALL catcher', () => {
    const h = new Harness({
      StartAt: 'Big',
      States: {
        Big: task('Big', { End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] }),
        Caught: { Type: 'Succeed' },
      },
    } as unknown as StateMachineDefinition);
    h.advance();
    h.complete(() => 'x'.repeat(300_000));
    expect(h.record.status).toBe('SUCCEEDED');
    expect(JSON.parse(h.record.output!)).toMatchObject({ Error: 'States.DataLimitExceeded' });
    expect(h.types()).toContain('LambdaFunctionFailed');
    expectWellLinked(h.events);
  });
});
