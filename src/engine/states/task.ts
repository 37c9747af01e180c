import { isLambdaInvokeArn, parseLambdaFunctionArn, parseStatesArn } from '../../aws/arn.js';
import { MAX_PAYLOAD_BYTES } from '../../aws/limits.js';
import { applyInputPath, applyOutputPath, applyResultPath } from '../asl/paths.js';
import { resolvePayloadTemplate } from '../asl/payload.js';
import { StatesError, type Json, type TaskState } from '../asl/types.js';
import type { Cursor } from '../runtime/cursor.js';
import { applyErrorPolicy } from './error-policy.js';
import { dataLimitCause, leave, scaledMs, type Outcome, type StateEnv } from './outcome.js';

type TaskCursor = Extract<Cursor, { at: 'task' }>;

/** The result of one invocation, as the local Lambda runtime reports it. */
export type TaskResult =
  | { kind: 'succeeded'; output: Json }
  | { kind: 'failed'; error: string; cause: string }
  | { kind: 'timedOut' };

/** How a Task's Resource is invoked: directly by function ARN, or through the lambda:invoke integration. */
interface Target {
  style: 'function' | 'integration';
  functionName: string;
  payload: Json;
}

function resolveTarget(state: TaskState, parameters: Json): Target {
  const direct = parseLambdaFunctionArn(state.Resource);
  if (direct) return { style: 'function', functionName: direct.functionName, payload: parameters };
  if (
    isLambdaInvokeArn(state.Resource) &&
    parameters &&
    typeof parameters === 'object' &&
    !Array.isArray(parameters)
  ) {
    const functionName = String(parameters.FunctionName ?? '');
    const name = parseLambdaFunctionArn(functionName)?.functionName ?? functionName;
    return { style: 'integration', functionName: name, payload: parameters.Payload ?? {} };
  }
  throw new StatesError(
    'States.Runtime',
    `The resource '${state.Resource}' is not supported by the local engine`,
  );
}

function timeoutMs(state: TaskState, env: StateEnv): number {
  return state.TimeoutSeconds !== undefined
    ? scaledMs(state.TimeoutSeconds, env.speed)
    : env.defaultTaskTimeoutMs;
}

/** The invocation an attempt makes, derived from the cursor alone so a restart can rebuild it. */
function attemptFor(state: TaskState, cursor: TaskCursor, invocation: number, env: StateEnv) {
  const context = env.run.contextObject(cursor.state, cursor.enteredTime, cursor.retryCount);
  const effective = applyInputPath(state.InputPath, cursor.input, context);
  const parameters =
    state.Parameters === undefined ? effective : resolvePayloadTemplate(state.Parameters, effective, context);
  const target = resolveTarget(state, parameters);
  return {
    parameters,
    target,
    invocation: {
      executionArn: env.run.record.arn,
      invocation,
      path: env.path,
      functionName: target.functionName,
      payload: target.payload,
      timeoutMs: timeoutMs(state, env),
    },
  };
}

/** Schedules the next attempt: writes the scheduled/started events and queues the invocation. */
function scheduleAttempt(state: TaskState, cursor: TaskCursor, env: StateEnv): Outcome {
  const { run } = env;
  // The attempt is known by its scheduled event's id: unique in the execution, even across
  // retries of an enclosing Parallel/Map and redrives, so a stale result is never mistaken.
  const { parameters, target, invocation } = attemptFor(state, cursor, run.record.lastEventId + 1, env);
  const timeout = state.TimeoutSeconds;
  if (target.style === 'function') {
    run.emit('LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: {
        resource: state.Resource,
        input: JSON.stringify(parameters),
        inputDetails: { truncated: false },
        ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
      },
    });
    run.emit('LambdaFunctionStarted');
  } else {
    run.emit('TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: parseStatesArn(run.record.stateMachineArn)?.region,
        parameters: JSON.stringify(parameters),
        ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
      },
    });
    run.emit('TaskStarted', { taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } });
  }
  run.invocations.push(invocation);
  return {
    kind: 'suspend',
    cursor: { ...cursor, inFlight: true, invocation: invocation.invocation },
    readyAt: null,
  };
}

/**
 * After a restart: the attempt whose scheduled/started events are committed but whose result
 * is not runs again, with no new events (at-least-once, as on AWS).
 */
export function repeatInFlightAttempt(state: TaskState, cursor: TaskCursor, env: StateEnv): void {
  env.run.invocations.push(attemptFor(state, cursor, cursor.invocation, env).invocation);
}

export function enterTask(state: TaskState, name: string, input: Json, env: StateEnv): Outcome {
  const cursor: TaskCursor = {
    at: 'task',
    state: name,
    input,
    enteredTime: env.run.now,
    retryCount: 0,
    retrierAttempts: [],
    inFlight: false,
    invocation: 0,
  };
  return scheduleAttempt(state, cursor, env);
}

/** A retry interval has passed. */
export function resumeTask(state: TaskState, cursor: TaskCursor, env: StateEnv): Outcome {
  return scheduleAttempt(state, cursor, env);
}

/** Retry, catch, or fail the execution, per the state's Retry and Catch policies. */
export function handleTaskError(
  state: TaskState,
  cursor: TaskCursor,
  error: string,
  cause: string,
  env: StateEnv,
): Outcome {
  return applyErrorPolicy(state, cursor, error, cause, env, (retrierAttempts) => ({
    ...cursor,
    retrierAttempts,
    retryCount: cursor.retryCount + 1,
    inFlight: false,
  }));
}

function processResult(state: TaskState, cursor: TaskCursor, result: Json, env: StateEnv): Outcome {
  const context = env.run.contextObject(cursor.state, cursor.enteredTime, cursor.retryCount);
  const selected =
    state.ResultSelector === undefined
      ? result
      : resolvePayloadTemplate(state.ResultSelector, result, context);
  const output = applyOutputPath(
    state.OutputPath,
    applyResultPath(state.ResultPath, cursor.input, selected),
    context,
  );
  return leave(state, output);
}

/** An invocation finished: record it, then continue, retry, catch or fail. */
export function completeTask(
  state: TaskState,
  cursor: TaskCursor,
  result: TaskResult,
  env: StateEnv,
): Outcome {
  const { run } = env;
  const integration = !parseLambdaFunctionArn(state.Resource);
  if (
    result.kind === 'succeeded' &&
    Buffer.byteLength(JSON.stringify(result.output), 'utf8') > MAX_PAYLOAD_BYTES
  ) {
    // Recorded as the task's failure, which no States.ALL retrier or catcher handles.
    result = { kind: 'failed', error: 'States.DataLimitExceeded', cause: dataLimitCause(cursor.state) };
  }
  if (result.kind === 'succeeded') {
    const output: Json = integration
      ? { ExecutedVersion: '$LATEST', Payload: result.output, StatusCode: 200 }
      : result.output;
    if (integration) {
      run.emit('TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke',
          output: JSON.stringify(output),
          outputDetails: { truncated: false },
        },
      });
    } else {
      run.emit('LambdaFunctionSucceeded', {
        lambdaFunctionSucceededEventDetails: {
          output: JSON.stringify(output),
          outputDetails: { truncated: false },
        },
      });
    }
    try {
      return processResult(state, cursor, output, env);
    } catch (e) {
      if (e instanceof StatesError) return handleTaskError(state, cursor, e.error, e.cause, env);
      throw e;
    }
  }
  const error = result.kind === 'timedOut' ? 'States.Timeout' : result.error;
  const cause = result.kind === 'timedOut' ? 'The task timed out.' : result.cause;
  if (integration) {
    const type = result.kind === 'timedOut' ? 'TaskTimedOut' : 'TaskFailed';
    const key = result.kind === 'timedOut' ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
    run.emit(type, { [key]: { resourceType: 'lambda', resource: 'invoke', error, cause } });
  } else if (result.kind === 'timedOut') {
    run.emit('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } });
  } else {
    run.emit('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } });
  }
  return handleTaskError(state, cursor, error, cause, env);
}
