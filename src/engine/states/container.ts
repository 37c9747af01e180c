// What Parallel and Map share: a state whose work is a set of frames (branches or
// iterations), each running its own states with its own cursor. The state succeeds when
// every frame has; the first frame to fail fails it (the others are abandoned: their
// in-flight results no longer reach anything), and its Retry re-runs the whole state.

import { StatesErrors } from '../../aws/errors.js';
import {
  StatesError,
  type Json,
  type MapState,
  type ParallelState,
  type State,
  type SubMachine,
} from '../asl/types.js';
import type { ContainerCursor, Cursor, Frame } from './cursor.js';
import type { FrameItem, Outcome, StateEnv } from './env.js';
import { applyErrorPolicy } from './error-policy.js';
import { stateOutput } from './io.js';
import { isJsonata, jsonataOutput } from './io-jsonata.js';
import { isDistributed, settleMapRun, startMapRun } from './distributed-map.js';
import {
  fillIterations,
  iterationInput,
  iterationItem,
  maxConcurrency,
  processorOf,
  startMap,
} from './map.js';
import { leave, type StateResult } from './outcome.js';
import { startParallel } from './parallel.js';

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
    enteredTime: env.now,
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
    try {
      if (state.Type === 'Parallel') startParallel(state, cursor, env);
      else {
        startMap(state, cursor, env);
        if (isDistributed(state)) startMapRun(state, cursor, env);
      }
    } catch (e) {
      // A JSONata Arguments/Items/ItemSelector failure is the state's error, for its Retry and Catch.
      if (e instanceof StatesError && e.error === StatesErrors.QueryEvaluationError) {
        return handleContainerError(state, cursor, env, e.error, e.cause);
      }
      throw e;
    }
  }
  const frames = cursor.frames!;
  const due: number[] = [];
  frames.forEach((frame, i) => {
    if (frame.status === 'RUNNING' && frame.readyAt !== null && frame.readyAt <= env.now) due.push(i);
  });
  for (const i of due) {
    env.runFrame(frames[i], i, frameMachine(state, i), frameItem(state, cursor, i));
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
  if (state.Type === 'Map' && isDistributed(state)) return settleDistributed(state, cursor, env);
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
  if (failed) {
    const error = failed.error ?? StatesErrors.Runtime;
    return failContainer(state, cursor, env, error, failed.cause ?? '', failed.prev);
  }
  let readyAt: number | null = more ? env.now : null;
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

/** A Distributed Map: its Map Run's children (distributed-map.ts), and this module's success and failure. */
function settleDistributed(state: MapState, cursor: ContainerCursor, env: StateEnv): Outcome {
  try {
    return settleMapRun(state, cursor, env, {
      processor: processorOf(state),
      item: (index) => iterationItem(cursor, index),
      input: (index) => iterationInput(state, cursor, index, env),
      limit: maxConcurrency(state, cursor, env),
      succeed: () => succeedContainer(state, cursor, env),
      fail: (error, cause) => failContainer(state, cursor, env, error, cause),
    });
  } catch (e) {
    if (e instanceof StatesError) return failContainer(state, cursor, env, e.error, e.cause);
    throw e;
  }
}

function succeedContainer(state: ContainerState, cursor: ContainerCursor, env: StateEnv): Outcome {
  const results: Json = cursor.frames!.map((f) => f.output ?? null);
  let result: StateResult;
  try {
    const context = env.context(cursor.state, cursor.enteredTime, undefined);
    result = isJsonata(state, env)
      ? jsonataOutput(state, cursor.state, { input: cursor.input, context, result: results }, results, env)
      : stateOutput(state, cursor.state, cursor.input, results, context);
  } catch (e) {
    if (e instanceof StatesError) return failContainer(state, cursor, env, e.error, e.cause);
    throw e;
  }
  // ParallelStateExited/MapStateExited link where the Succeeded event does (AWS's history).
  const link = env.lastEventId();
  env.emit(`${prefix(state)}StateSucceeded`, undefined, link);
  const left = leave(state, result);
  return left.kind === 'next' || left.kind === 'end' ? { ...left, exitLink: link } : left;
}

/**
 * A frame failed (`link`: its last state event) or the state itself did. A Map links
 * MapStateFailed to the failed iteration's last state event and writes it only when no retrier
 * takes the error: a retry's MapStateStarted follows the failed iteration directly (AWS's
 * history). A Parallel writes ParallelStateFailed first, linked to the last event.
 */
function failContainer(
  state: ContainerState,
  cursor: ContainerCursor,
  env: StateEnv,
  error: string,
  cause: string,
  link = env.lastEventId(),
): Outcome {
  abortFrames(env, state, cursor);
  if (state.Type === 'Parallel') {
    env.emit('ParallelStateFailed', undefined, env.lastEventId());
    return handleContainerError(state, cursor, env, error, cause);
  }
  const outcome = handleContainerError(state, cursor, env, error, cause, link);
  if (outcome.kind !== 'suspend') env.emit('MapStateFailed', undefined, link);
  return outcome;
}

/**
 * The events of stopping a state mid-way, as AWS records them when a sibling branch fails
 * or the execution is stopped: TaskStateAborted, WaitStateAborted, and for a Parallel/Map
 * its running frames' (innermost first, each linked to its frame's last event, then
 * MapIterationAborted per iteration), then ParallelStateAborted/MapStateAborted.
 */
export function abortCursor(env: StateEnv, states: Record<string, State>, cursor: Cursor | null): void {
  if (!cursor) return;
  const state = states[cursor.state];
  if (cursor.at === 'task') env.emit('TaskStateAborted');
  else if (cursor.at === 'wait') env.emit('WaitStateAborted');
  else if (
    (cursor.at === 'parallel' || cursor.at === 'map') &&
    (state.Type === 'Parallel' || state.Type === 'Map')
  ) {
    abortFrames(env, state, cursor);
    env.emit(`${prefix(state)}StateAborted`, undefined, env.lastEventId());
  }
}

function abortFrames(env: StateEnv, state: ContainerState, cursor: ContainerCursor): void {
  cursor.frames?.forEach((frame, index) => {
    if (frame.status !== 'RUNNING') return;
    const frameEnv = env.frame(frame, index, frameItem(state, cursor, index));
    abortCursor(frameEnv, frameMachine(state, index).States, frame.cursor);
    if (state.Type === 'Map') {
      frameEnv.emit('MapIterationAborted', {
        mapIterationAbortedEventDetails: { name: cursor.state, index },
      });
    }
  });
}

/**
 * The state's own Retry (which re-runs all of it) and Catch, as a Task's handle its errors.
 * `retryLink`: what a Map retry's MapStateStarted links to.
 */
function handleContainerError(
  state: ContainerState,
  cursor: ContainerCursor,
  env: StateEnv,
  error: string,
  cause: string,
  retryLink?: number,
): Outcome {
  return applyErrorPolicy(state, cursor, error, cause, env, (retrierAttempts) => ({
    ...cursor,
    retrierAttempts,
    retryCount: cursor.retryCount + 1,
    frames: null,
    items: undefined,
    startedId: 0,
    ...(retryLink === undefined ? {} : { retryLink }),
  }));
}
