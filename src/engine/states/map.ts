import { applyInputPath, readPath, stateErrorPrefix } from '../asl/paths.js';
import { resolvePayloadTemplate } from '../asl/payload.js';
import { StatesError, type Json, type MapState, type SubMachine } from '../asl/types.js';
import type { ContainerCursor } from '../runtime/cursor.js';
import { MAX_TRANSITIONS_PER_STEP, newFrame, type FrameItem, type StateEnv } from './outcome.js';

/** The iteration's states: ItemProcessor, or the legacy Iterator. */
export function processorOf(state: MapState): SubMachine {
  return (state.ItemProcessor ?? state.Iterator)!;
}

export function iterationItem(cursor: ContainerCursor, index: number): FrameItem {
  return { name: cursor.state, index, value: cursor.items![index] };
}

/** Starts an attempt of a Map state: selects the items (ItemsPath) and records how many. */
export function startMap(state: MapState, cursor: ContainerCursor, env: StateEnv): void {
  const { run } = env;
  const context = run.contextObject(cursor.state, cursor.enteredTime, cursor.retryCount);
  const effective = applyInputPath(state.InputPath, cursor.input, context, cursor.state);
  const path = state.ItemsPath ?? '$';
  const items = readPath(path, effective, context, cursor.state);
  if (!Array.isArray(items)) {
    throw new StatesError(
      'States.Runtime',
      `${stateErrorPrefix(cursor.state)} Invalid path '${path}': The ItemsPath must point to a JSON array, but found ${JSON.stringify(items)}`,
    );
  }
  const started = run.emit('MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
  cursor.startedId = started.id;
  cursor.items = items;
  cursor.frames = [];
}

/** MaxConcurrency (or MaxConcurrencyPath); 0 means no limit. */
export function maxConcurrency(state: MapState, cursor: ContainerCursor, env: StateEnv): number {
  let limit = state.MaxConcurrency ?? 0;
  if (state.MaxConcurrencyPath !== undefined) {
    const context = env.run.contextObject(cursor.state, cursor.enteredTime, cursor.retryCount);
    const effective = applyInputPath(state.InputPath, cursor.input, context, cursor.state);
    const value = readPath(state.MaxConcurrencyPath, effective, context, cursor.state);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new StatesError(
        'States.Runtime',
        `${stateErrorPrefix(cursor.state)} The MaxConcurrencyPath must point to a non-negative integer, but found ${JSON.stringify(value)}`,
      );
    }
    limit = value;
  }
  return limit > 0 ? limit : Infinity;
}

/** The input iteration `index` starts with: its item, or ItemSelector (legacy Parameters) with `$$.Map.Item`. */
function iterationInput(state: MapState, cursor: ContainerCursor, index: number, env: StateEnv): Json {
  const selector = state.ItemSelector ?? state.Parameters;
  const value = cursor.items![index];
  if (selector === undefined) return value;
  const { run } = env;
  const outer = run.mapItem;
  run.mapItem = { Index: index, Value: value };
  try {
    const context = run.contextObject(cursor.state, cursor.enteredTime, cursor.retryCount);
    const effective = applyInputPath(state.InputPath, cursor.input, context, cursor.state);
    return resolvePayloadTemplate(selector, effective, context, cursor.state);
  } finally {
    run.mapItem = outer;
  }
}

/**
 * Starts iterations, in item order, while fewer than MaxConcurrency run, stepping each
 * at once. Returns true when iterations remain that this step left for the next one (it
 * reached its transition budget).
 */
export function fillIterations(state: MapState, cursor: ContainerCursor, env: StateEnv): boolean {
  const { run } = env;
  const frames = cursor.frames!;
  const items = cursor.items!;
  if (frames.length >= items.length) return false;
  const limit = maxConcurrency(state, cursor, env);
  let running = frames.filter((f) => f.status === 'RUNNING').length;
  const processor = processorOf(state);
  while (frames.length < items.length && running < limit) {
    if (run.transitions >= MAX_TRANSITIONS_PER_STEP) return true;
    const index = frames.length;
    const input = iterationInput(state, cursor, index, env);
    const started = run.emit(
      'MapIterationStarted',
      { mapIterationStartedEventDetails: { name: cursor.state, index } },
      cursor.startedId,
    );
    const frame = newFrame(processor, input, started.id, run.now);
    frames.push(frame);
    env.stepFrame(frame, index, processor, iterationItem(cursor, index));
    if (frame.status === 'FAILED') return false;
    if (frame.status === 'RUNNING') running += 1;
  }
  return false;
}
