import { StatesErrors } from '../../aws/errors.js';
import { readPath, stateErrorPrefix } from '../asl/paths.js';
import { StatesError, type ContextObject, type Json, type MapState, type SubMachine } from '../asl/types.js';
import type { ContainerCursor } from './cursor.js';
import type { FrameItem, StateEnv } from './env.js';
import { effectiveInput } from './io.js';
import { evaluateField, evaluateTyped, isJsonata, isNonNegativeInteger } from './io-jsonata.js';
import { newFrame } from './outcome.js';

/** The iteration's states: ItemProcessor, or the legacy Iterator. */
export function processorOf(state: MapState): SubMachine {
  return (state.ItemProcessor ?? state.Iterator)!;
}

export function iterationItem(cursor: ContainerCursor, index: number): FrameItem {
  return { name: cursor.state, index, value: cursor.items![index] };
}

/** InputPath only: a Map's Parameters is the legacy name of ItemSelector, applied per item. */
function mapInput(state: MapState, cursor: ContainerCursor, env: StateEnv): Json {
  const context = env.context(cursor.state, cursor.enteredTime, undefined);
  return effectiveInput({ InputPath: state.InputPath }, cursor.state, cursor.input, context);
}

/** Starts an attempt of a Map state: selects the items (ItemsPath) and records how many. */
export function startMap(state: MapState, cursor: ContainerCursor, env: StateEnv): void {
  const context = env.context(cursor.state, cursor.enteredTime, undefined);
  const items = isJsonata(state, env)
    ? jsonataItems(state, cursor, context, env)
    : jsonPathItems(state, cursor, context, env);
  cursor.startedId = env.emit(
    'MapStateStarted',
    { mapStateStartedEventDetails: { length: items.length } },
    cursor.retryLink,
  );
  cursor.items = items;
  cursor.frames = [];
}

/** JSONata: Items (an array, or an expression giving one); absent, the state input. */
function jsonataItems(
  state: MapState,
  cursor: ContainerCursor,
  context: ContextObject,
  env: StateEnv,
): Json[] {
  if (state.Items === undefined) {
    if (Array.isArray(cursor.input)) return cursor.input;
  } else {
    const isArray = (v: Json): v is Json[] => Array.isArray(v);
    return evaluateTyped(
      state.Items,
      'Items',
      { input: cursor.input, context },
      env,
      cursor.state,
      'array',
      isArray,
    );
  }
  throw new StatesError(
    StatesErrors.Runtime,
    `${stateErrorPrefix(cursor.state)} The Map state input must be a JSON array when Items is not given, but found ${JSON.stringify(cursor.input)}`,
  );
}

function jsonPathItems(
  state: MapState,
  cursor: ContainerCursor,
  context: ContextObject,
  env: StateEnv,
): Json[] {
  const path = state.ItemsPath ?? '$';
  const items = readPath(path, mapInput(state, cursor, env), context, cursor.state);
  if (!Array.isArray(items)) {
    throw new StatesError(
      StatesErrors.Runtime,
      `${stateErrorPrefix(cursor.state)} Invalid path '${path}': The ItemsPath must point to a JSON array, but found ${JSON.stringify(items)}`,
    );
  }
  return items;
}

/** MaxConcurrency (or MaxConcurrencyPath); 0 means no limit. */
export function maxConcurrency(state: MapState, cursor: ContainerCursor, env: StateEnv): number {
  let limit = 0;
  if (typeof state.MaxConcurrency === 'number') {
    limit = state.MaxConcurrency;
  } else if (state.MaxConcurrency !== undefined) {
    const context = env.context(cursor.state, cursor.enteredTime, undefined);
    const states = { input: cursor.input, context };
    limit = evaluateTyped(
      state.MaxConcurrency,
      'MaxConcurrency',
      states,
      env,
      cursor.state,
      'integer',
      isNonNegativeInteger,
    );
  } else if (state.MaxConcurrencyPath !== undefined) {
    const context = env.context(cursor.state, cursor.enteredTime, undefined);
    const found = readPath(state.MaxConcurrencyPath, mapInput(state, cursor, env), context, cursor.state);
    // AWS takes a string holding the number too (recorded: a variable assigned "1" limits to 1).
    const value = typeof found === 'string' && /^\d+$/.test(found) ? Number(found) : found;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new StatesError(
        StatesErrors.Runtime,
        `${stateErrorPrefix(cursor.state)} The MaxConcurrencyPath must point to a non-negative integer, but found ${JSON.stringify(found)}`,
      );
    }
    limit = value;
  }
  return limit > 0 ? limit : Infinity;
}

/** The input iteration `index` starts with: its item, or ItemSelector (legacy Parameters) with `$$.Map.Item`. */
export function iterationInput(state: MapState, cursor: ContainerCursor, index: number, env: StateEnv): Json {
  const selector = state.ItemSelector ?? state.Parameters;
  const value = cursor.items![index];
  if (selector === undefined) return value;
  const context = env.context(cursor.state, cursor.enteredTime, undefined, {
    Index: index,
    Value: value,
  });
  if (isJsonata(state, env)) {
    return evaluateField(selector, 'ItemSelector', { input: cursor.input, context }, env, cursor.state);
  }
  // The selector is the iteration's Parameters step, over the Map state's effective input.
  return effectiveInput(
    { InputPath: state.InputPath, Parameters: selector },
    cursor.state,
    cursor.input,
    context,
  );
}

/**
 * What an iteration's MapIterationStarted links to, as AWS records it: the first `limit`
 * iterations start with the Map (MapStateStarted); a later one starts when another ends, and
 * links to that iteration's last state event.
 */
function iterationStartLink(cursor: ContainerCursor, index: number, limit: number): number {
  if (index < limit) return cursor.startedId;
  let link = cursor.startedId;
  for (const frame of cursor.frames!) if (frame.status !== 'RUNNING' && frame.prev > link) link = frame.prev;
  return link;
}

/**
 * Starts iterations, in item order, while fewer than MaxConcurrency run, stepping each
 * at once. Returns true when iterations remain that this step left for the next one (it
 * reached its transition budget).
 */
export function fillIterations(state: MapState, cursor: ContainerCursor, env: StateEnv): boolean {
  const frames = cursor.frames!;
  const items = cursor.items!;
  if (frames.length >= items.length) return false;
  const limit = maxConcurrency(state, cursor, env);
  let running = frames.filter((f) => f.status === 'RUNNING').length;
  const processor = processorOf(state);
  while (frames.length < items.length && running < limit) {
    if (env.outOfTransitions()) return true;
    const index = frames.length;
    const input = iterationInput(state, cursor, index, env);
    const startedId = env.emit(
      'MapIterationStarted',
      { mapIterationStartedEventDetails: { name: cursor.state, index } },
      iterationStartLink(cursor, index, limit),
    );
    const frame = newFrame(processor, input, startedId, env.now);
    frames.push(frame);
    env.runFrame(frame, index, processor, iterationItem(cursor, index));
    if (frame.status === 'FAILED') return false;
    if (frame.status === 'RUNNING') running += 1;
  }
  return false;
}
