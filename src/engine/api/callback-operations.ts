import { ApiErrors } from '../../aws/errors.js';
import {
  MAX_CAUSE_LENGTH,
  MAX_ERROR_LENGTH,
  MAX_TASK_OUTPUT_BYTES,
  MAX_TASK_TOKEN_LENGTH,
} from '../../aws/limits.js';
import type { CallbackResult } from '../states/task.js';
import { isWellFormedTaskToken } from '../store/task-tokens.js';
import type { SfnContext } from './context.js';
import { ApiError } from './errors.js';
import { checkString, constraintError } from './fields.js';
import type { OperationTable } from './operation.js';

// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat (API reference): the callbacks that
// end or keep alive a `.waitForTaskToken` Task, found by the token it was given.

const constraint = constraintError(ApiErrors.ValidationException);

const taskDoesNotExist = () =>
  new ApiError(ApiErrors.TaskDoesNotExist, "Task Does Not Exist: 'Provided task does not exist anymore'");
const taskTimedOut = () =>
  new ApiError(ApiErrors.TaskTimedOut, "Task Timed Out: 'Provided task does not exist anymore'");

/** The request's taskToken: present, within the API's length, and of the engine's shape. */
function requireToken(value: unknown): string {
  if (value === undefined || value === null) throw constraint(value, 'taskToken', 'Member must not be null');
  const token = checkString(value, 'taskToken', { min: 1, max: MAX_TASK_TOKEN_LENGTH }, constraint)!;
  if (!isWellFormedTaskToken(token))
    throw new ApiError(ApiErrors.InvalidToken, "Invalid Token: 'Invalid token'");
  return token;
}

/** SendTaskSuccess's output: required, at most 256 KiB of UTF-8, and JSON. */
function requireOutput(value: unknown): string {
  if (value === undefined || value === null) throw constraint(value, 'output', 'Member must not be null');
  if (typeof value !== 'string') throw constraint(value, 'output', 'Member must be a string');
  if (Buffer.byteLength(value, 'utf8') > MAX_TASK_OUTPUT_BYTES) {
    throw new ApiError(
      ApiErrors.ValidationException,
      `1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TASK_OUTPUT_BYTES}`,
    );
  }
  try {
    JSON.parse(value);
  } catch (e) {
    throw new ApiError(ApiErrors.InvalidOutput, `Invalid Output: '${(e as Error).message}'`);
  }
  return value;
}

export function callbackOperations(ctx: SfnContext): OperationTable {
  /** Hands `action` to the attempt waiting on `token`, in one transaction with what follows from it. */
  function deliver(token: string, action: CallbackResult | { kind: 'heartbeat' }): Record<string, never> {
    const entry = ctx.tokens.get(token);
    if (!entry) throw taskDoesNotExist();
    if (entry.timedOut) throw taskTimedOut();
    const record = ctx.executions.get(entry.executionArn);
    if (record?.status !== 'RUNNING') throw taskDoesNotExist();
    let answer = 'gone' as 'done' | 'gone' | 'timedOut'; // set inside the transaction
    ctx.scheduler.mutate(record, (run) => {
      answer = ctx.interpreter.callback(run, entry.path, entry.invocation, token, action);
    });
    ctx.scheduler.wake();
    if (answer === 'timedOut') throw taskTimedOut();
    if (answer === 'gone') throw taskDoesNotExist();
    return {};
  }

  return {
    SendTaskSuccess(request) {
      const token = requireToken(request.taskToken);
      const output = requireOutput(request.output);
      return deliver(token, { kind: 'succeeded', output });
    },

    SendTaskFailure(request) {
      const token = requireToken(request.taskToken);
      const error = checkString(request.error, 'error', { max: MAX_ERROR_LENGTH }, constraint);
      const cause = checkString(request.cause, 'cause', { max: MAX_CAUSE_LENGTH }, constraint);
      return deliver(token, { kind: 'failed', error, cause });
    },

    SendTaskHeartbeat(request) {
      return deliver(requireToken(request.taskToken), { kind: 'heartbeat' });
    },
  };
}
