import { applyInputPath } from '../asl/paths.js';
import { resolvePayloadTemplate } from '../asl/payload.js';
import type { ParallelState } from '../asl/types.js';
import type { ContainerCursor } from '../runtime/cursor.js';
import { newFrame, type StateEnv } from './outcome.js';

/**
 * Starts an attempt of a Parallel state: every branch gets the effective input (InputPath,
 * then Parameters) and enters its StartAt, its first event linked to ParallelStateStarted.
 */
export function startParallel(state: ParallelState, cursor: ContainerCursor, env: StateEnv): void {
  const { run } = env;
  const context = run.contextObject(cursor.state, cursor.enteredTime, cursor.retryCount);
  const effective = applyInputPath(state.InputPath, cursor.input, context, cursor.state);
  const input =
    state.Parameters === undefined
      ? effective
      : resolvePayloadTemplate(state.Parameters, effective, context, cursor.state);
  const started = run.emit('ParallelStateStarted');
  cursor.startedId = started.id;
  cursor.frames = state.Branches.map((branch) => newFrame(branch, input, started.id, run.now));
}
