import { StatesErrors } from '../../aws/errors.js';
import { lambdaInvokePattern, parseIntegrationArn, parseLambdaFunctionArn } from '../../aws/arn.js';
import { MAX_PAYLOAD_BYTES } from '../../aws/limits.js';
import { lambdaInvokeResult, logTail } from '../../aws/lambda-invoke.js';
import { readPath, stateErrorPrefix } from '../asl/paths.js';
import { StatesError, type ContextObject, type Json, type TaskState } from '../asl/types.js';
import type { CallbackWait, TaskCursor } from './cursor.js';
import type { InvocationRequest, Outcome, StateEnv } from './env.js';
import { applyErrorPolicy } from './error-policy.js';
import { effectiveInput, stateOutput } from './io.js';
import {
  evaluateTyped,
  isJsonata,
  isNonNegativeInteger,
  jsonataArguments,
  jsonataOutput,
  type StatesVariable,
} from './io-jsonata.js';
import { dataLimitCause, leave, scaledMs } from './outcome.js';

/** The result of one invocation, as the local Lambda runtime reports it. */
export type TaskResult = (
  | { kind: 'succeeded'; output: Json }
  | { kind: 'failed'; error: string; cause: string }
  | { kind: 'timedOut' }
) & {
  /** Lambda's request id, for the integration's response metadata. */
  requestId?: string;
  /** The invocation's log lines, when the Task asked for `LogType: Tail`. */
  log?: string;
};

/** How a Task's Resource is invoked: directly by function ARN, or through the lambda:invoke integration. */
interface Target {
  style: 'function' | 'integration';
  functionName: string;
  payload: Json;
  logTail?: boolean;
}

/**
 * The integration's Payload: a string is sent to Lambda as the request body itself (so `"{}"`
 * reaches the handler as an object), a missing or null one as `{}`, anything else as its JSON,
 * as AWS-recorded executions show.
 */
function invokePayload(payload: Json | undefined): Json {
  if (payload === undefined || payload === null) return {};
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload) as Json;
  } catch {
    return payload;
  }
}

/**
 * The `resource` the integration's events name: the action, with the pattern's suffix
 * (`invoke`, `invoke.waitForTaskToken`, as AWS records them); undefined for a function ARN.
 */
function integrationResource(state: TaskState): string | undefined {
  const pattern = lambdaInvokePattern(state.Resource);
  if (pattern === undefined) return undefined;
  return pattern === 'callback' ? 'invoke.waitForTaskToken' : 'invoke';
}

const isCallback = (state: TaskState) => lambdaInvokePattern(state.Resource) === 'callback';

function resolveTarget(state: TaskState, name: string, parameters: Json): Target {
  const direct = parseLambdaFunctionArn(state.Resource);
  if (direct) return { style: 'function', functionName: direct.functionName, payload: parameters };
  if (
    lambdaInvokePattern(state.Resource) !== undefined &&
    parameters &&
    typeof parameters === 'object' &&
    !Array.isArray(parameters)
  ) {
    const functionName = String(parameters.FunctionName ?? '');
    const unqualified = parseLambdaFunctionArn(functionName)?.functionName ?? functionName;
    return {
      style: 'integration',
      functionName: unqualified,
      payload: invokePayload(parameters.Payload),
      ...(parameters.LogType === 'Tail' ? { logTail: true } : {}),
    };
  }
  throw new StatesError(
    StatesErrors.Runtime,
    `${stateErrorPrefix(name)} The resource '${state.Resource}' is not supported by the local engine`,
  );
}

/** A TimeoutSeconds or HeartbeatSeconds value, given directly or by a path into the state's input. */
function seconds(
  value: number | undefined,
  path: string | undefined,
  field: string,
  name: string,
  input: Json,
  context: ContextObject,
): number | undefined {
  if (value !== undefined || path === undefined) return value;
  const found = readPath(path, input, context, name);
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 1) {
    throw new StatesError(
      StatesErrors.Runtime,
      `${stateErrorPrefix(name)} The value of the field '${field}' must be a positive integer, but was: ${JSON.stringify(found)}`,
    );
  }
  return found;
}

/** The attempt's TimeoutSeconds and HeartbeatSeconds (either may come from its …Path field). */
function attemptLimits(state: TaskState, cursor: TaskCursor, context: ContextObject) {
  const given = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    timeoutSeconds: seconds(
      given(state.TimeoutSeconds),
      state.TimeoutSecondsPath,
      'TimeoutSecondsPath',
      cursor.state,
      cursor.input,
      context,
    ),
    heartbeatSeconds: seconds(
      given(state.HeartbeatSeconds),
      state.HeartbeatSecondsPath,
      'HeartbeatSecondsPath',
      cursor.state,
      cursor.input,
      context,
    ),
  };
}

/** A JSONata state's TimeoutSeconds or HeartbeatSeconds: a number, or a `{% … %}` expression. */
function jsonataSeconds(
  value: unknown,
  field: string,
  states: StatesVariable,
  name: string,
  env: StateEnv,
): number | undefined {
  if (typeof value === 'string')
    return evaluateTyped(value, field, states, env, name, 'integer', isNonNegativeInteger);
  return typeof value === 'number' ? value : undefined;
}

/** The invocation an attempt makes, derived from the cursor alone so a restart can rebuild it. */
function attemptFor(state: TaskState, cursor: TaskCursor, env: StateEnv) {
  const base = env.context(cursor.state, cursor.enteredTime, cursor.retryCount);
  const context = cursor.callback ? { ...base, Task: { Token: cursor.callback.token } } : base;
  let parameters: Json;
  let limits: { timeoutSeconds?: number; heartbeatSeconds?: number };
  if (isJsonata(state, env)) {
    const states = { input: cursor.input, context };
    parameters = jsonataArguments(state, cursor.state, states, env);
    limits = {
      timeoutSeconds: jsonataSeconds(state.TimeoutSeconds, 'TimeoutSeconds', states, cursor.state, env),
      heartbeatSeconds: jsonataSeconds(state.HeartbeatSeconds, 'HeartbeatSeconds', states, cursor.state, env),
    };
  } else {
    limits = attemptLimits(state, cursor, context);
    parameters = effectiveInput(state, cursor.state, cursor.input, context);
  }
  const target = resolveTarget(state, cursor.state, parameters);
  const stateTimeoutMs =
    limits.timeoutSeconds !== undefined ? scaledMs(limits.timeoutSeconds, env.speed) : undefined;
  const request: InvocationRequest = {
    invocation: cursor.invocation,
    functionName: target.functionName,
    payload: target.payload,
    // A callback's deadlines are the engine's own timers; its invocation keeps Lambda's limit.
    timeoutMs: cursor.callback
      ? Math.min(stateTimeoutMs ?? Infinity, env.defaultTaskTimeoutMs)
      : (stateTimeoutMs ?? env.defaultTaskTimeoutMs),
    ...(target.logTail ? { logTail: true } : {}),
  };
  return { parameters, target, request, limits };
}

/** The lambda:invoke integration's result, as its task events record it. */
function invokeOutput(payload: Json, result: TaskResult, env: StateEnv): Json {
  const requestId = result.requestId ?? '00000000-0000-0000-0000-000000000000';
  return lambdaInvokeResult({
    payload,
    contentLength: Buffer.byteLength(JSON.stringify(payload), 'utf8'),
    requestId,
    date: new Date(env.now).toUTCString(),
    // Lambda's trace header: Root=1-<epoch seconds, hex>-<24 hex digits>.
    traceId: `Root=1-${Math.floor(env.now / 1000).toString(16)}-${requestId.replace(/-/g, '').slice(0, 24)};Sampled=0`,
    ...(result.log !== undefined ? { logResult: logTail(result.log) } : {}),
  }) as Json;
}

/** When a callback attempt next needs the scheduler: its nearest deadline. */
const nextDeadline = (wait: CallbackWait | undefined): number | null => {
  if (!wait) return null;
  const { timeoutAt, heartbeatAt } = wait;
  if (timeoutAt === null || heartbeatAt === null) return timeoutAt ?? heartbeatAt;
  return Math.min(timeoutAt, heartbeatAt);
};

/** Schedules the next attempt: writes the scheduled/started events and queues the invocation. */
function scheduleAttempt(state: TaskState, cursor: TaskCursor, env: StateEnv): Outcome {
  // The attempt is known by its scheduled event's id: unique in the execution, even across
  // retries of an enclosing Parallel/Map and redrives, so a stale result is never mistaken.
  const invocation = env.lastEventId() + 1;
  let attempt: TaskCursor = { ...cursor, inFlight: true, invocation, callback: undefined };
  if (isCallback(state)) {
    const token = env.issueTaskToken(invocation);
    attempt = {
      ...attempt,
      callback: { token, submitted: false, timeoutAt: null, heartbeatAt: null, heartbeatSeconds: null },
    };
  }
  let planned: ReturnType<typeof attemptFor>;
  try {
    planned = attemptFor(state, attempt, env);
  } catch (e) {
    // A JSONata Arguments failure is the state's error, for its Retry and Catch.
    if (e instanceof StatesError && e.error === StatesErrors.QueryEvaluationError) {
      return handleTaskError(state, cursor, e.error, e.cause, env);
    }
    throw e;
  }
  const { parameters, target, request, limits } = planned;
  const { timeoutSeconds: timeout, heartbeatSeconds: heartbeat } = limits;
  if (attempt.callback) {
    attempt.callback = {
      ...attempt.callback,
      timeoutAt: timeout !== undefined ? env.now + scaledMs(timeout, env.speed) : null,
      heartbeatAt: heartbeat !== undefined ? env.now + scaledMs(heartbeat, env.speed) : null,
      heartbeatSeconds: heartbeat ?? null,
    };
  }
  const resource = integrationResource(state);
  if (target.style === 'function' || resource === undefined) {
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
        resource,
        region: env.region,
        parameters: JSON.stringify(parameters),
        ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
        ...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}),
      },
    });
    env.emit('TaskStarted', { taskStartedEventDetails: { resourceType: 'lambda', resource } });
  }
  env.invoke(request);
  return { kind: 'suspend', cursor: attempt, readyAt: nextDeadline(attempt.callback) };
}

/**
 * After a restart: the attempt whose scheduled/started events are committed but whose result
 * is not runs again, with no new events (at-least-once, as on AWS).
 */
export function repeatInFlightAttempt(state: TaskState, cursor: TaskCursor, env: StateEnv): void {
  // A callback whose invocation returned waits for its token only: nothing to run again.
  if (cursor.callback?.submitted) return;
  env.invoke(attemptFor(state, cursor, env).request);
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
  alias?: string,
): Outcome {
  return applyErrorPolicy(
    state,
    cursor,
    error,
    cause,
    env,
    (retrierAttempts) => ({
      ...cursor,
      retrierAttempts,
      retryCount: cursor.retryCount + 1,
      inFlight: false,
      callback: undefined,
    }),
    alias,
  );
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
  const resource = integrationResource(state);
  const integration = resource !== undefined;
  if (cursor.callback) {
    // The invocation only hands the token on: the attempt now waits for it (or a deadline).
    if (cursor.callback.submitted) return { kind: 'suspend', cursor, readyAt: nextDeadline(cursor.callback) };
    if (result.kind === 'succeeded') return submitted(cursor, cursor.callback, result, env);
  }
  if (
    result.kind === 'succeeded' &&
    Buffer.byteLength(JSON.stringify(result.output), 'utf8') > MAX_PAYLOAD_BYTES
  ) {
    // Recorded as the task's failure; AWS's cause names the task (the integration's service,
    // or the function ARN), not the state.
    const task = parseIntegrationArn(state.Resource)?.service ?? state.Resource;
    result = { kind: 'failed', error: StatesErrors.DataLimitExceeded, cause: dataLimitCause(task) };
  }
  if (result.kind === 'succeeded') {
    const output: Json = integration ? invokeOutput(result.output, result, env) : result.output;
    if (integration) {
      env.emit('TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: 'lambda',
          resource,
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
  // A timeout has no cause: AWS records TaskTimedOut / LambdaFunctionTimedOut with the error only.
  const error = result.kind === 'timedOut' ? StatesErrors.Timeout : result.error;
  const cause = result.kind === 'timedOut' ? '' : result.cause;
  if (integration) {
    const type = result.kind === 'timedOut' ? 'TaskTimedOut' : 'TaskFailed';
    const key = result.kind === 'timedOut' ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
    env.emit(type, { [key]: { resourceType: 'lambda', resource, error, ...(cause ? { cause } : {}) } });
  } else if (result.kind === 'timedOut') {
    env.emit('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error } });
  } else {
    env.emit('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } });
  }
  return handleTaskError(state, cursor, error, cause, env);
}

/** A callback's invocation returned: TaskSubmitted records its result; the attempt keeps waiting. */
function submitted(
  cursor: TaskCursor,
  wait: CallbackWait,
  result: TaskResult & { kind: 'succeeded' },
  env: StateEnv,
): Outcome {
  env.emit('TaskSubmitted', {
    taskSubmittedEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      output: JSON.stringify(invokeOutput(result.output, result, env)),
      outputDetails: { truncated: false },
    },
  });
  const callback = { ...wait, submitted: true };
  return { kind: 'suspend', cursor: { ...cursor, callback }, readyAt: nextDeadline(callback) };
}

/** What SendTaskSuccess / SendTaskFailure hand a waiting callback. */
export type CallbackResult =
  { kind: 'succeeded'; output: string } | { kind: 'failed'; error?: string; cause?: string };

/** SendTaskSuccess or SendTaskFailure reached the attempt waiting on its token. */
export function completeCallback(
  state: TaskState,
  cursor: TaskCursor,
  result: CallbackResult,
  env: StateEnv,
): Outcome {
  const resource = 'invoke.waitForTaskToken';
  if (result.kind === 'succeeded') {
    env.emit('TaskSucceeded', {
      taskSucceededEventDetails: {
        resourceType: 'lambda',
        resource,
        output: result.output,
        outputDetails: { truncated: false },
      },
    });
    try {
      return processResult(state, cursor, JSON.parse(result.output) as Json, env);
    } catch (e) {
      if (e instanceof StatesError) return handleTaskError(state, cursor, e.error, e.cause, env);
      throw e;
    }
  }
  const { error, cause } = result;
  env.emit('TaskFailed', {
    taskFailedEventDetails: {
      resourceType: 'lambda',
      resource,
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    },
  });
  return handleTaskError(state, cursor, error ?? '', cause ?? '', env);
}

/** SendTaskHeartbeat: the heartbeat clock starts over (a state without HeartbeatSeconds has none). */
export function heartbeatCallback(cursor: TaskCursor, env: StateEnv): Outcome {
  const wait = cursor.callback!;
  const callback =
    wait.heartbeatSeconds === null
      ? wait
      : { ...wait, heartbeatAt: env.now + scaledMs(wait.heartbeatSeconds, env.speed) };
  return { kind: 'suspend', cursor: { ...cursor, callback }, readyAt: nextDeadline(callback) };
}

/** Whether a waiting callback's TimeoutSeconds or HeartbeatSeconds has run out at `now`. */
export const callbackExpired = (cursor: TaskCursor, now: number): boolean => {
  const due = nextDeadline(cursor.callback);
  return due !== null && due <= now;
};

/**
 * A waiting callback's deadline came: TaskTimedOut with States.Timeout and no cause, as AWS
 * records both a task timeout and a missed heartbeat; a missed heartbeat also matches Retry and
 * Catch by States.HeartbeatTimeout. Before its deadline, the attempt keeps waiting.
 */
export function expireCallback(state: TaskState, cursor: TaskCursor, env: StateEnv): Outcome {
  const wait = cursor.callback!;
  if (!callbackExpired(cursor, env.now)) return { kind: 'suspend', cursor, readyAt: nextDeadline(wait) };
  const heartbeatMissed =
    wait.heartbeatAt !== null &&
    wait.heartbeatAt <= env.now &&
    (wait.timeoutAt ?? Infinity) >= wait.heartbeatAt;
  env.emit('TaskTimedOut', {
    taskTimedOutEventDetails: {
      resourceType: 'lambda',
      resource: integrationResource(state),
      error: StatesErrors.Timeout,
    },
  });
  env.taskTokenTimedOut(wait.token);
  return handleTaskError(
    state,
    cursor,
    StatesErrors.Timeout,
    '',
    env,
    heartbeatMissed ? StatesErrors.HeartbeatTimeout : undefined,
  );
}
