import { describe, expect, it } from 'vitest';
import type { SubMachine } from '../../../src/engine/asl/types.js';
import type { Frame } from '../../../src/engine/states/cursor.js';
import {
  FrameEnv,
  MAX_TRANSITIONS_PER_STEP,
  type FrameRunner,
} from '../../../src/engine/runtime/frame-env.js';
import { ExecutionRun } from '../../../src/engine/runtime/run.js';
import { execution, T0 } from '../states/harness.js';

// The environment of frames: each branch/iteration has its own event links and $$.Map.Item,
// opened by its parent and dropped after, so nothing of one frame leaks into another.

const options = { speed: 2, defaultTaskTimeoutMs: 450_000 };

function root(runner: FrameRunner = () => {}) {
  const record = execution('P', { Type: 'Pass', End: true });
  record.lastEventId = 5;
  const run = new ExecutionRun(record, JSON.parse(record.definition), T0);
  return { run, env: new FrameEnv(run, options, runner) };
}

const frame = (prev: number): Frame => ({ status: 'RUNNING', cursor: null, readyAt: T0, prev });

describe('FrameEnv', () => {
  it('links the root’s events to the execution’s last event', () => {
    const { run, env } = root();
    expect(env.emit('A')).toBe(6);
    env.emit('B');
    expect(run.events.map((e) => [e.id, e.previousEventId])).toEqual([
      [6, 5],
      [7, 6],
    ]);
    expect(env.lastEventId()).toBe(7);
  });

  it('links a frame’s events to its own last event and advances it, leaving the root’s links alone', () => {
    const { run, env } = root();
    const branch = frame(2);
    const inner = env.frame(branch, 1);
    inner.emit('InBranch');
    inner.emit('StillInBranch');
    env.emit('AtRoot');
    inner.emit('LinkedElsewhere', undefined, 3);
    expect(run.events.map((e) => [e.type, e.previousEventId])).toEqual([
      ['InBranch', 2],
      ['StillInBranch', 6],
      ['AtRoot', 7],
      ['LinkedElsewhere', 3],
    ]);
    expect(branch.prev).toBe(9);
    expect(inner.enteredLink()).toBe(9);
  });

  it('gives a Map iteration’s states its item as $$.Map.Item; a Parallel branch inside keeps it', () => {
    const { env } = root();
    expect(env.context('P', T0, 0).Map).toBeUndefined();
    const iteration = env.frame(frame(1), 3, { name: 'Each', index: 3, value: 'd' });
    expect(iteration.context('Inner', T0, 0).Map).toEqual({ Item: { Index: 3, Value: 'd' } });
    expect(iteration.frame(frame(1), 0).context('Deeper', T0, 0).Map).toEqual({
      Item: { Index: 3, Value: 'd' },
    });
    expect(env.context('P', T0, 0).Map).toBeUndefined();
  });

  it('queues invocations with the execution and the path of frames to the Task', () => {
    const { run, env } = root();
    env
      .frame(frame(1), 2)
      .frame(frame(1), 0)
      .invoke({ invocation: 8, functionName: 'f', payload: {}, timeoutMs: 1 });
    expect(run.invocations).toEqual([
      {
        executionArn: run.record.arn,
        path: [2, 0],
        invocation: 8,
        functionName: 'f',
        payload: {},
        timeoutMs: 1,
      },
    ]);
  });

  it('runs a frame through the runner, in the frame’s own environment', () => {
    const seen: { path: number[]; machine: SubMachine }[] = [];
    const { env } = root((frameEnv, _frame, machine) => seen.push({ path: frameEnv.path, machine }));
    const machine: SubMachine = { StartAt: 'X', States: { X: { Type: 'Succeed' } } };
    env.runFrame(frame(1), 4, machine);
    expect(seen).toEqual([{ path: [4], machine }]);
  });

  it('reports the step’s time, speed, region and transition budget', () => {
    const { run, env } = root();
    expect([env.now, env.speed, env.defaultTaskTimeoutMs, env.region]).toEqual([T0, 2, 450_000, 'us-east-1']);
    expect(env.outOfTransitions()).toBe(false);
    run.transitions = MAX_TRANSITIONS_PER_STEP;
    expect(env.outOfTransitions()).toBe(true);
  });
});
