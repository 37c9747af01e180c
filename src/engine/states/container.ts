// What Parallel and Map share: a state whose work is a set of frames (branches or
// iterations), each running its own states with its own cursor. The state succeeds when
// every frame has; the first frame to fail fails it (the others are abandoned: their
// in-flight results no longer reach anything), and its Retry re-runs the whole state.

import { applyOutputPath, applyResultPath } from '../asl/paths.js';
import { resolvePayloadTemplate } from '../asl/payload.js';
import {
  StatesError,
  type Json,
  type MapState,
  type ParallelState,
  type State,
  type SubMachine,
} from '../asl/types.js';
import type { ContainerCursor, Cursor, Frame } from '../runtime/cursor.js';
import type { ExecutionRun } from '../runtime/run.js';
import { fillIterations, iterationItem, processorOf, startMap } from './map.js';
import { leave, type FrameItem, type Outcome, type StateEnv } from './outcome.js';
import { startParallel } from './parallel.js';
import { applyErrorPolicy } from './error-policy.js';

export type ContainerState = ParallelState | MapState;

const prefix = (state: ContainerState) => state.Type; // 'Parallel' | 'Map': the events' prefix

/** The states a frame runs and, in a Map, the iteration it is. */
export function frameMachine(state: ContainerState, index: number): SubMachine {
  return state.Type === 'Parallel' ? state.Branches[index] : processorOf(state);
}

export function frameItem(
  state: ContainerState,
  cursor: ContainerCursor,
  index: number,
): FrameItem | undefined {
  return state.Type === 'Map' ? iterationItem(cursor, index) : undefined;
}

export function enterContainer(state: ContainerState, name: string, input: Json, env: StateEnv): Outcome {
  const cursor: ContainerCursor = {
    at: state.Type === 'Parallel' ? 'parallel' : 'map',
    state: name,
    input,
    enteredTime: env.run.now,
    retryCount: 0,
    retrierAttempts: [],
    frames: null,
    startedId: 0,
  };
  return stepContainer(state, cursor, env);
}

/** Starts an attempt if between attempts, then steps every frame that is due. */
export function stepContainer(state: ContainerState, cursor: ContainerCursor, env: StateEnv): Outcome {
  if (cursor.frames === null) {
    if (state.Type === 'Parallel') startParallel(state, cursor, env);
    else startMap(state, cursor, env);
  }
  const frames = cursor.frames!;
  const now = env.run.now;
  const due: number[] = [];
  frames.forEach((frame, i) => {
    if (frame.status === 'RUNNING' && frame.readyAt !== null && frame.readyAt <= now) due.push(i);
  });
  for (const i of due) {
    env.stepFrame(frames[i], i, frameMachine(state, i), frameItem(state, cursor, i));
    if (frames[i].status === 'FAILED') break; // the siblings are abandoned
  }
  return settle(state, cursor, env);
}

/**
 * Lets frame `index` take `step` (an invocation result reaching it), then settles the state.
 * Undefined when the frame is no longer running: the result is stale.
 */
export function visitFrame(
  state: ContainerState,
  cursor: ContainerCursor,
  env: StateEnv,
  index: number,
  step: (frame: Frame, machine: SubMachine, item: FrameItem | undefined) => void,
): Outcome | undefined {
  const frame = cursor.frames?.[index];
  if (!frame || frame.status !== 'RUNNING') return undefined;
  step(frame, frameMachine(state, index), frameItem(state, cursor, index));
  return settle(state, cursor, env);
}

/** After frames moved: fail, succeed, start more iterations, or stay until the next due frame. */
export function settle(state: ContainerState, cursor: ContainerCursor, env: StateEnv): Outcome {
  const frames = cursor.frames!;
  let failed = frames.find((f) => f.status === 'FAILED');
  let more = false; // iterations left to start that this step did not get to
  if (!failed && state.Type === 'Map') {
    try {
      more = fillIterations(state, cursor, env);
    } catch (e) {
      if (e instanceof StatesError) return failContainer(state, cursor, env, e.error, e.cause);
      throw e;
    }
    failed = frames.find((f) => f.status === 'FAILED');
  }
  if (failed) return failContainer(state, cursor, env, failed.error ?? 'States.Runtime', failed.cause ?? '');
  let readyAt: number | null = more ? env.run.now : null;
  let running = false;
  for (const frame of frames) {
    if (frame.status !== 'RUNNING') continue;
    running = true;
    if (frame.readyAt !== null && (readyAt === null || frame.readyAt < readyAt)) readyAt = frame.readyAt;
  }
  const total = state.Type === 'Map' ? cursor.items!.length : frames.length;
  if (!running && frames.length === total) return succeedContainer(state, cursor, env);
  return { kind: 'suspend', cursor, readyAt };
}

function succeedContainer(state: ContainerState, cursor: ContainerCursor, env: StateEnv): Outcome {
  const { run } = env;
  const results: Json = cursor.frames!.map((f) => f.output ?? null);
  let output: Json;
  try {
    const context = run.contextObject(cursor.state, cursor.enteredTime, cursor.retryCount);
    const selected =
      state.ResultSelector === undefined
        ? results
        : resolvePayloadTemplate(state.ResultSelector, results, context, cursor.state);
    output = applyOutputPath(
      state.OutputPath,
      applyResultPath(state.ResultPath, cursor.input, selected, cursor.state),
      context,
      cursor.state,
    );
  } catch (e) {
    if (e instanceof StatesError) return failContainer(state, cursor, env, e.error, e.cause);
    throw e;
  }
  run.emit(`${prefix(state)}StateSucceeded`, undefined, run.record.lastEventId);
  return leave(state, output);
}

function failContainer(
  state: ContainerState,
  cursor: ContainerCursor,
  env: StateEnv,
  error: string,
  cause: string,
): Outcome {
  const { run } = env;
  abortFrames(run, state, cursor);
  run.emit(`${prefix(state)}StateFailed`, undefined, run.record.lastEventId);
  return handleContainerError(state, cursor, env, error, cause);
}

/**
 * The events of stopping a state mid-way, as AWS records them when a sibling branch fails
 * or the execution is stopped: TaskStateAborted, WaitStateAborted, and for a Parallel/Map
 * its running frames' (innermost first, each linked to its frame's last event, then
 * MapIterationAborted per iteration), then ParallelStateAborted/MapStateAborted.
 */
export function abortCursor(run: ExecutionRun, states: Record<string, State>, cursor: Cursor | null): void {
  if (!cursor) return;
  const state = states[cursor.state];
  if (cursor.at === 'task') run.emit('TaskStateAborted');
  else if (cursor.at === 'wait') run.emit('WaitStateAborted');
  else if (
    (cursor.at === 'parallel' || cursor.at === 'map') &&
    (state.Type === 'Parallel' || state.Type === 'Map')
  ) {
    abortFrames(run, state, cursor);
    run.emit(`${prefix(state)}StateAborted`, undefined, run.record.lastEventId);
  }
}

function abortFrames(run: ExecutionRun, state: ContainerState, cursor: ContainerCursor): void {
  cursor.frames?.forEach((frame, index) => {
    if (frame.status !== 'RUNNING') return;
    const outer = run.prev;
    run.prev = frame.prev;
    try {
      abortCursor(run, frameMachine(state, index).States, frame.cursor);
      if (state.Type === 'Map') {
        run.emit('MapIterationAborted', { mapIterationAbortedEventDetails: { name: cursor.state, index } });
      }
    } finally {
      frame.prev = run.prev;
      run.prev = outer;
    }
  });
}

/** The state's own Retry (which re-runs all of it) and Catch, as a Task's handle its errors. */
function handleContainerError(
  state: ContainerState,
  cursor: ContainerCursor,
  env: StateEnv,
  error: string,
  cause: string,
): Outcome {
  return applyErrorPolicy(state, cursor, error, cause, env, (retrierAttempts) => ({
    ...cursor,
    retrierAttempts,
    retryCount: cursor.retryCount + 1,
    frames: null,
    items: undefined,
    startedId: 0,
  }));
}
