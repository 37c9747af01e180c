import { StatesErrors } from '../../aws/errors.js';
import { isLambdaInvokeArn, parseLambdaFunctionArn } from '../../aws/arn.js';
import { MAX_PAYLOAD_BYTES } from '../../aws/limits.js';
import { stateErrorPrefix } from '../asl/paths.js';
import { StatesError, type Json, type TaskState } from '../asl/types.js';
import type { TaskCursor } from './cursor.js';
import type { InvocationRequest, Outcome, StateEnv } from './env.js';
import { applyErrorPolicy } from './error-policy.js';
import { effectiveInput, stateOutput } from './io.js';
import {
  evaluateTyped,
  isJsonata,
  isNonNegativeInteger,
  jsonataArguments,
  jsonataOutput,
} from './io-jsonata.js';
import { dataLimitCause, leave, scaledMs } from './outcome.js';

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

function resolveTarget(state: TaskState, name: string, parameters: Json): Target {
  const direct = parseLambdaFunctionArn(state.Resource);
  if (direct) return { style: 'function', functionName: direct.functionName, payload: parameters };
  if (
    isLambdaInvokeArn(state.Resource) &&
    parameters &&
    typeof parameters === 'object' &&
    !Array.isArray(parameters)
  ) {
    const functionName = String(parameters.FunctionName ?? '');
    const unqualified = parseLambdaFunctionArn(functionName)?.functionName ?? functionName;
    return { style: 'integration', functionName: unqualified, payload: parameters.Payload ?? {} };
  }
  throw new StatesError(
    StatesErrors.Runtime,
    `${stateErrorPrefix(name)} The resource '${state.Resource}' is not supported by the local engine`,
  );
}

/** The invocation an attempt makes, derived from the cursor alone so a restart can rebuild it. */
function attemptFor(state: TaskState, cursor: TaskCursor, invocation: number, env: StateEnv) {
  const context = env.context(cursor.state, cursor.enteredTime, cursor.retryCount);
  let parameters: Json;
  let timeout = state.TimeoutSeconds;
  if (isJsonata(state, env)) {
    const states = { input: cursor.input, context };
    parameters = jsonataArguments(state, cursor.state, states, env);
    if (typeof timeout === 'string') {
      timeout = evaluateTyped(
        timeout,
        'TimeoutSeconds',
        states,
        env,
        cursor.state,
        'integer',
        isNonNegativeInteger,
      );
    }
  } else {
    parameters = effectiveInput(state, cursor.state, cursor.input, context);
  }
  const timeoutSeconds = typeof timeout === 'number' ? timeout : undefined;
  const target = resolveTarget(state, cursor.state, parameters);
  const request: InvocationRequest = {
    invocation,
    functionName: target.functionName,
    payload: target.payload,
    timeoutMs: timeoutSeconds !== undefined ? scaledMs(timeoutSeconds, env.speed) : env.defaultTaskTimeoutMs,
  };
  return { parameters, target, request, timeoutSeconds };
}

/** Schedules the next attempt: writes the scheduled/started events and queues the invocation. */
function scheduleAttempt(state: TaskState, cursor: TaskCursor, env: StateEnv): Outcome {
  // The attempt is known by its scheduled event's id: unique in the execution, even across
  // retries of an enclosing Parallel/Map and redrives, so a stale result is never mistaken.
  let attempt: ReturnType<typeof attemptFor>;
  try {
    attempt = attemptFor(state, cursor, env.lastEventId() + 1, env);
  } catch (e) {
    // A JSONata Arguments failure is the state's error, for its Retry and Catch.
    if (e instanceof StatesError && e.error === StatesErrors.QueryEvaluationError) {
      return handleTaskError(state, cursor, e.error, e.cause, env);
    }
    throw e;
  }
  const { parameters, target, request, timeoutSeconds: timeout } = attempt;
  if (target.style === 'function') {
    env.emit('LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: {
        resource: state.Resource,
        input: JSON.stringify(parameters),
        inputDetails: { truncated: false },
        ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
      },
    });
    env.emit('LambdaFunctionStarted');
  } else {
    env.emit('TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: env.region,
        parameters: JSON.stringify(parameters),
        ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
      },
    });
    env.emit('TaskStarted', { taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } });
  }
  env.invoke(request);
  return {
    kind: 'suspend',
    cursor: { ...cursor, inFlight: true, invocation: request.invocation },
    readyAt: null,
  };
}

/**
 * After a restart: the attempt whose scheduled/started events are committed but whose result
 * is not runs again, with no new events (at-least-once, as on AWS).
 */
export function repeatInFlightAttempt(state: TaskState, cursor: TaskCursor, env: StateEnv): void {
  env.invoke(attemptFor(state, cursor, cursor.invocation, env).request);
}

export function enterTask(state: TaskState, name: string, input: Json, env: StateEnv): Outcome {
  const cursor: TaskCursor = {
    at: 'task',
    state: name,
    input,
    enteredTime: env.now,
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
  const context = env.context(cursor.state, cursor.enteredTime, cursor.retryCount);
  if (isJsonata(state, env)) {
    const states = { input: cursor.input, context, result };
    return leave(state, jsonataOutput(state, cursor.state, states, result, env));
  }
  return leave(state, stateOutput(state, cursor.state, cursor.input, result, context));
}

/** An invocation finished: record it, then continue, retry, catch or fail. */
export function completeTask(
  state: TaskState,
  cursor: TaskCursor,
  result: TaskResult,
  env: StateEnv,
): Outcome {
  const integration = !parseLambdaFunctionArn(state.Resource);
  if (
    result.kind === 'succeeded' &&
    Buffer.byteLength(JSON.stringify(result.output), 'utf8') > MAX_PAYLOAD_BYTES
  ) {
    // Recorded as the task's failure, which no States.ALL retrier or catcher handles.
    result = { kind: 'failed', error: StatesErrors.DataLimitExceeded, cause: dataLimitCause(cursor.state) };
  }
  if (result.kind === 'succeeded') {
    const output: Json = integration
      ? { ExecutedVersion: '$LATEST', Payload: result.output, StatusCode: 200 }
      : result.output;
    if (integration) {
      env.emit('TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke',
          output: JSON.stringify(output),
          outputDetails: { truncated: false },
        },
      });
    } else {
      env.emit('LambdaFunctionSucceeded', {
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
  const error = result.kind === 'timedOut' ? StatesErrors.Timeout : result.error;
  const cause = result.kind === 'timedOut' ? 'The task timed out.' : result.cause;
  if (integration) {
    const type = result.kind === 'timedOut' ? 'TaskTimedOut' : 'TaskFailed';
    const key = result.kind === 'timedOut' ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
    env.emit(type, { [key]: { resourceType: 'lambda', resource: 'invoke', error, cause } });
  } else if (result.kind === 'timedOut') {
    env.emit('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } });
  } else {
    env.emit('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } });
  }
  return handleTaskError(state, cursor, error, cause, env);
}
