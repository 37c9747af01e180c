import { expect } from 'vitest';
import { StatesError, type Json, type State } from '../../../src/engine/asl/types.js';
import type { Outcome } from '../../../src/engine/states/env.js';
import { FrameEnv } from '../../../src/engine/runtime/frame-env.js';
import { Interpreter } from '../../../src/engine/runtime/interpreter.js';
import { ExecutionRun } from '../../../src/engine/runtime/run.js';
import type { ExecutionRecord } from '../../../src/engine/store/executions.js';
import { startedExecution } from '../support/execution-record.js';

// One state module run against the real runtime environment (an ExecutionRun and its frame
// environment, with the real interpreter behind Parallel branches and Map iterations), at a
// time the test chooses: every step is what one transaction would see, and nothing waits.

export const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';
export const T0 = Date.parse('2026-11-30T12:00:00.000Z');

export interface Step {
  run: ExecutionRun;
  env: FrameEnv;
}

/** An execution whose only state is `state` (named `name`), started at T0 with `input`. */
export function execution(name: string, state: State, input: Json = {}): ExecutionRecord {
  const definition = { StartAt: name, States: { [name]: state } };
  return startedExecution(definition, input, T0);
}

/** One step of `record` at `now`, with the engine's speed (`--speed`). */
export function step(record: ExecutionRecord, now = T0, speed = 1): Step {
  const run = new ExecutionRun(record, JSON.parse(record.definition), now);
  const env = new Interpreter({ speed, defaultTaskTimeoutMs: 900_000 / speed }).envFor(run);
  return { run, env };
}

/** A fresh step of a one-state execution: what a state module needs to run. */
export function stepOf(name: string, state: State, input: Json = {}, now = T0, speed = 1): Step {
  return step(execution(name, state, input), now, speed);
}

/** The StatesError `action` throws; the test fails if it throws nothing (or something else). */
export function thrownBy(action: () => unknown): StatesError {
  try {
    action();
  } catch (e) {
    expect(e).toBeInstanceOf(StatesError);
    return e as StatesError;
  }
  throw new Error('expected a StatesError, but nothing was thrown');
}

/** AWS puts the failing state's name in the cause of every runtime error it raises there. */
export function expectNamesState(cause: string, name: string): void {
  expect(cause).toContain(`'${name}'`);
  expect(cause).not.toContain('<unknown>');
}

/** A fail outcome with `error`, its cause naming `name`. */
export function expectFailure(outcome: Outcome, error: string, name: string): void {
  expect(outcome.kind).toBe('fail');
  if (outcome.kind !== 'fail') return;
  expect(outcome.error).toBe(error);
  expectNamesState(outcome.cause, name);
}

export const types = (run: ExecutionRun) => run.events.map((e) => e.type);
