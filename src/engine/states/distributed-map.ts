// A Distributed Map (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED) over the items of its input.
// On AWS each item runs as a child execution of a Map Run, so the parent's history records only
// MapStateStarted, MapRunStarted and MapRunSucceeded/MapRunFailed; here each child is a hidden
// frame (its events are not written), and a failed child fails the state only past the tolerance.

import { randomUUID } from 'node:crypto';
import { mapRunArn } from '../../aws/arn.js';
import { StatesErrors, TOLERATED_FAILURE_CAUSE } from '../../aws/errors.js';
import { readPath, stateErrorPrefix } from '../asl/paths.js';
import { StatesError, type Json, type MapState, type SubMachine } from '../asl/types.js';
import type { ContainerCursor, Frame } from './cursor.js';
import type { FrameItem, Outcome, StateEnv } from './env.js';
import { evaluateTyped } from './io-jsonata.js';
import { newFrame } from './outcome.js';

export const isDistributed = (state: MapState): boolean =>
  (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.Mode === 'DISTRIBUTED';

/** Writes MapRunStarted after MapStateStarted, naming the Map Run. */
export function startMapRun(state: MapState, cursor: ContainerCursor, env: StateEnv): void {
  const context = env.context(cursor.state, cursor.enteredTime, undefined);
  const arn = mapRunArn(context.StateMachine.Id, state.Label ?? randomUUID(), randomUUID());
  const startedId = env.emit(
    'MapRunStarted',
    { mapRunStartedEventDetails: { mapRunArn: arn } },
    cursor.startedId,
  );
  cursor.mapRun = { arn, startedId };
}

/** What the Map Run needs of the Map state module: its items' machine, item and concurrency. */
export interface MapRunParts {
  processor: SubMachine;
  item(index: number): FrameItem;
  input(index: number): Json;
  limit: number;
  succeed(): Outcome;
  fail(error: string, cause: string): Outcome;
}

/**
 * After children moved: fail the run once the failed children exceed the tolerance (the running
 * ones are stopped), succeed it when all are done, else start children up to MaxConcurrency.
 */
export function settleMapRun(
  state: MapState,
  cursor: ContainerCursor,
  env: StateEnv,
  parts: MapRunParts,
): Outcome {
  const frames = cursor.frames!;
  const total = cursor.items!.length;
  const exceeded = () => toleranceExceeded(state, cursor, env, frames, total);
  let readyAt: number | null = null;
  while (!exceeded()) {
    const running = frames.filter((f) => f.status === 'RUNNING').length;
    if (frames.length >= total || running >= parts.limit) break;
    if (env.outOfTransitions()) {
      readyAt = env.now;
      break;
    }
    const index = frames.length;
    const frame: Frame = {
      ...newFrame(parts.processor, parts.input(index), cursor.mapRun!.startedId * 1_000_000, env.now),
      hidden: true,
    };
    frames.push(frame);
    env.runFrame(frame, index, parts.processor, parts.item(index));
  }
  if (exceeded()) {
    for (const frame of frames) if (frame.status === 'RUNNING') frame.status = 'FAILED';
    const error = StatesErrors.ExceedToleratedFailureThreshold;
    const details = { mapRunFailedEventDetails: { error, cause: TOLERATED_FAILURE_CAUSE } };
    env.emit('MapRunFailed', details, cursor.mapRun!.startedId);
    return parts.fail(error, TOLERATED_FAILURE_CAUSE);
  }
  let running = false;
  for (const frame of frames) {
    if (frame.status !== 'RUNNING') continue;
    running = true;
    if (frame.readyAt !== null && (readyAt === null || frame.readyAt < readyAt)) readyAt = frame.readyAt;
  }
  if (!running && frames.length === total) {
    env.emit('MapRunSucceeded', undefined, cursor.mapRun!.startedId);
    return parts.succeed();
  }
  return { kind: 'suspend', cursor, readyAt };
}

/** ToleratedFailureCount / ToleratedFailurePercentage (or their Path forms); neither: none tolerated. */
function toleranceExceeded(
  state: MapState,
  cursor: ContainerCursor,
  env: StateEnv,
  frames: Frame[],
  total: number,
): boolean {
  const failed = frames.filter((f) => f.status === 'FAILED').length;
  if (failed === 0) return false;
  const count = tolerance(state, cursor, env, 'ToleratedFailureCount');
  const percentage = tolerance(state, cursor, env, 'ToleratedFailurePercentage');
  if (count === undefined && percentage === undefined) return true;
  const overCount = count === undefined || failed > count;
  const overPercentage = percentage === undefined || (failed / total) * 100 > percentage;
  return overCount && overPercentage;
}

function tolerance(
  state: MapState,
  cursor: ContainerCursor,
  env: StateEnv,
  field: 'ToleratedFailureCount' | 'ToleratedFailurePercentage',
): number | undefined {
  const isValid =
    field === 'ToleratedFailureCount'
      ? (v: Json): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
      : (v: Json): v is number => typeof v === 'number' && v >= 0 && v <= 100;
  const value = state[field];
  const context = env.context(cursor.state, cursor.enteredTime, undefined);
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const kind = field === 'ToleratedFailureCount' ? 'integer' : 'number';
    return evaluateTyped(value, field, { input: cursor.input, context }, env, cursor.state, kind, isValid);
  }
  const path = state[`${field}Path`];
  if (path === undefined) return undefined;
  const found = readPath(path, cursor.input, context, cursor.state);
  if (!isValid(found)) {
    throw new StatesError(
      StatesErrors.Runtime,
      `${stateErrorPrefix(cursor.state)} The ${field}Path must point to a ${field === 'ToleratedFailureCount' ? 'non-negative integer' : 'number from 0 to 100'}, but found ${JSON.stringify(found)}`,
    );
  }
  return found;
}
