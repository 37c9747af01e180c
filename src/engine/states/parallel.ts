import type { ParallelState } from '../asl/types.js';
import type { ContainerCursor } from './cursor.js';
import type { StateEnv } from './env.js';
import { effectiveInput } from './io.js';
import { isJsonata, jsonataArguments } from './io-jsonata.js';
import { newFrame } from './outcome.js';

/**
 * Starts an attempt of a Parallel state: every branch gets the effective input (InputPath,
 * then Parameters; in JSONata, Arguments) and enters its StartAt, its first event linked to
 * ParallelStateStarted.
 */
export function startParallel(state: ParallelState, cursor: ContainerCursor, env: StateEnv): void {
  const context = env.context(cursor.state, cursor.enteredTime, undefined);
  const input = isJsonata(state, env)
    ? jsonataArguments(state, cursor.state, { input: cursor.input, context }, env)
    : effectiveInput(state, cursor.state, cursor.input, context);
  const startedId = env.emit('ParallelStateStarted');
  cursor.startedId = startedId;
  cursor.frames = state.Branches.map((branch) => newFrame(branch, input, startedId, env.now));
}
