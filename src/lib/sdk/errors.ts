import { stateMachineNameOf } from '../../aws/arn.js';
import { BAD_REQUEST_ERRORS } from '../../aws/errors.js';
import { InterruptedError, NotFoundError, ServiceError, TaskctlError, UsageError } from '../errors.js';
import { formatTimeout, requestTimeouts } from '../request-timeout.js';
import { DEFAULT_STATE_MACHINE, targetName, type Target } from '../target.js';

// Maps what the SDK throws to typed errors. Pure (matches on names and codes), so it is
// unit-tested without the SDK loaded.

export interface ErrorContext {
  target: Target;
  stateMachine?: string;
  execution?: string;
  /** The response timeout the client was built with (named when a request times out). */
  timeoutMs?: number;
  /** The service the request was for, as messages name it (default Step Functions). */
  service?: string;
  /** The task token a callback request (SendTask*) named. */
  taskToken?: string;
}

/** A task token as messages show it: its start, enough to tell tokens apart without a wall of text. */
export const shortToken = (token: string): string => (token.length > 16 ? `${token.slice(0, 12)}…` : token);

const WAITING_TASKS_HINT =
  'find the tasks waiting for a callback, with their tokens, with: taskctl describe EXECUTION';

const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
  errors?: unknown[];
  $metadata?: { attempts?: number; httpStatusCode?: number };
  /** Set on errors the service answered with (the SDK's ServiceException), not on network errors. */
  $fault?: string;
  /** The raw HTTP answer, kept by the SDK when it could not read it as the service's protocol. */
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** The Node network error code somewhere in the error chain (the SDK wraps socket errors). */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const shape = error as SdkErrorShape;
  if (shape.code && NETWORK_CODES.has(shape.code)) return shape.code;
  for (const inner of [shape.cause, ...(shape.errors ?? [])]) {
    const code = networkErrorCode(inner, depth + 1);
    if (code) return code;
  }
  return undefined;
}

/**
 * The Node network error code behind a mapped ConnectionError (ECONNREFUSED, ECONNRESET, EPIPE…),
 * for callers that decide whether to try again.
 */
export function connectionErrorCode(error: unknown): string | undefined {
  return error instanceof TaskctlError && error.name === 'ConnectionError'
    ? networkErrorCode(error.cause)
    : undefined;
}

/** Whether the service answered a mapped error with a server-side fault (a 5xx). */
export function isServerFault(error: unknown): boolean {
  if (!(error instanceof TaskctlError) || !error.cause || typeof error.cause !== 'object') return false;
  const shape = error.cause as SdkErrorShape;
  return shape.$fault === 'server' || (shape.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** How to create a missing state machine: plain `taskctl deploy` only makes the default one. */
export function deployHint(stateMachine: string): string {
  const name = stateMachineNameOf(stateMachine) ?? stateMachine;
  const deploy = name === DEFAULT_STATE_MACHINE ? 'taskctl deploy' : `taskctl deploy --name ${name}`;
  return `deploy it with: ${deploy}, or pick another with --state-machine`;
}

export function mapServiceError(error: unknown, context: ErrorContext): Error {
  if (error instanceof TaskctlError) return error;
  if (!error || typeof error !== 'object') return new ServiceError(String(error));
  const shape = error as SdkErrorShape;
  const name = shape.name ?? 'Error';
  const message = (shape.message ?? '').trim();
  const machine = context.stateMachine ?? 'the state machine';
  const where = targetName(context.target);
  // Every typed error made from a service answer keeps the service's own error name.
  const base = { cause: error, ...(shape.$fault ? { serviceError: name } : {}) };

  if (name === 'AbortError') return new InterruptedError();
  if (isForeignAnswer(shape)) return foreignAnswerError(shape, context);
  switch (name) {
    case 'ExecutionDoesNotExist':
      return new NotFoundError(
        context.execution
          ? `execution "${context.execution}" not found in state machine ${machine}`
          : `execution not found: ${message}`,
        { hint: 'list them with: taskctl list', ...base },
      );
    case 'StateMachineDoesNotExist':
    case 'StateMachineDeleting':
      return new NotFoundError(`state machine "${machine}" not found on ${where}`, {
        hint: deployHint(context.stateMachine ?? DEFAULT_STATE_MACHINE),
        ...base,
      });
    case 'ExecutionAlreadyExists':
      return new UsageError(
        `an execution named "${context.execution ?? '?'}" already exists in ${machine} with different input or has already finished`,
        {
          hint: 'pick another --name, or inspect it with: taskctl describe ' + (context.execution ?? ''),
          ...base,
        },
      );
    case 'StateMachineAlreadyExists':
      return new UsageError(`state machine "${machine}" already exists with a different definition`, {
        hint: 'run taskctl deploy again to update it',
        ...base,
      });
    case 'TaskDoesNotExist':
      return new NotFoundError(
        `no task is waiting on token ${shortToken(context.taskToken ?? '?')}: it has already completed, or its execution has stopped`,
        { hint: WAITING_TASKS_HINT, ...base },
      );
    case 'TaskTimedOut':
      return new NotFoundError(
        `the task waiting on token ${shortToken(context.taskToken ?? '?')} has timed out (TimeoutSeconds or HeartbeatSeconds)`,
        { hint: WAITING_TASKS_HINT, ...base },
      );
    case 'InvalidToken':
      if (context.taskToken === undefined) break;
      return new UsageError(`not a task token: ${shortToken(context.taskToken)}`, {
        hint: 'pass the token exactly as the task received it ($$.Task.Token); see taskctl describe EXECUTION',
        ...base,
      });
    case 'InvalidOutput':
      return new UsageError(`the service refused the output: ${message}`, {
        hint: 'pass a JSON document, e.g. taskctl task succeed TOKEN \'{"ok": true}\'',
        ...base,
      });
    case 'ExecutionNotRedrivable':
      return new UsageError(message || 'the execution cannot be redriven', base);
    case 'ThrottlingException':
      return new ServiceError(
        `Step Functions is throttling requests (after ${shape.$metadata?.attempts ?? 'several'} attempts)`,
        {
          name,
          hint: 'wait a moment and retry, or lower --rate/--concurrency',
          ...base,
        },
      );
    case 'CredentialsProviderError': {
      // A profile is in use (--profile / AWS_PROFILE): it is what lacks credentials, or does not exist.
      const profile = context.target.kind === 'local' ? undefined : context.target.profile;
      if (profile) {
        return new ServiceError(`no AWS credentials found for profile "${profile}"`, {
          name,
          hint: `check that it exists (aws configure --profile ${profile}; aws sso login --profile ${profile} for SSO), or use --local for the local engine`,
          ...base,
        });
      }
      return new ServiceError('no AWS credentials found', {
        name,
        hint: 'set AWS_PROFILE or pass --profile (run aws sso login for SSO profiles), or use --local for the local engine',
        ...base,
      });
    }
    case 'AccessDeniedException':
      return new ServiceError(`access denied on ${where}: ${message}`, {
        name,
        hint: 'check the IAM permissions of the profile in use (--profile / AWS_PROFILE)',
        ...base,
      });
  }
  if (BAD_REQUEST_ERRORS.has(name)) return new UsageError(message || name, base);
  if (CREDENTIAL_ERRORS.has(name) && context.target.kind !== 'aws') {
    // A local engine started with --credentials checks signatures against its own key pair.
    return new ServiceError(`${context.target.url} refused the request's credentials (${name}: ${message})`, {
      name,
      hint: 'set TASKCTL_DEV_CREDENTIALS=KEY:SECRET (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) to the key pair the engine was started with',
      ...base,
    });
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return new ServiceError(`the AWS credentials were rejected (${name})`, {
      name,
      hint: 'refresh them (aws sso login) or pick another profile with --profile / AWS_PROFILE',
      ...base,
    });
  }
  if (/region is missing/i.test(message)) {
    return new ServiceError('no AWS region configured', {
      name: 'RegionMissing',
      hint: 'pass --region, set AWS_REGION, or set a region in the profile',
      ...base,
    });
  }
  const code = networkErrorCode(error);
  // The SDK's HTTP handler also names a refused or reset connection's error "TimeoutError"
  // (keeping its code): only one without a code, or ETIMEDOUT, is a timeout.
  if (name === 'TimeoutError' && (!code || code === 'ETIMEDOUT')) return timeoutError(shape, context);
  if (code) {
    return new ServiceError(
      `cannot connect to ${endpointName(context.target)}: ${code === 'ECONNREFUSED' ? 'connection refused' : code}`,
      {
        name: 'ConnectionError',
        hint:
          context.target.kind === 'endpoint'
            ? `is the service at ${context.target.url} running? (set by ${context.target.source})`
            : 'check the network connection and retry',
        ...base,
      },
    );
  }
  if (shape.$metadata || shape.$fault) {
    return new ServiceError(`${name}: ${message || 'the service returned an error'}`, { name, ...base });
  }
  return error instanceof Error ? error : new ServiceError(message || name);
}

/**
 * An answer that is not the service's protocol: a body the SDK could not parse as JSON (an HTML
 * page, a proxy's text), or an error with no AWS error name at all (an empty 404).
 */
function isForeignAnswer(shape: SdkErrorShape): boolean {
  if (!shape.$response) return false;
  return (
    shape.name === 'SyntaxError' ||
    /Deserialization error/.test(shape.message ?? '') ||
    (shape.name === 'Unknown' && shape.message === 'UnknownError')
  );
}

function foreignAnswerError(shape: SdkErrorShape, context: ErrorContext): ServiceError {
  const { target } = context;
  const service = context.service ?? 'Step Functions';
  const status = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode ?? '?';
  const type = shape.$response?.headers?.['content-type'] || 'no content type';
  const where = target.kind === 'aws' ? `the AWS endpoint for ${targetName(target)}` : target.url;
  const hint =
    target.kind === 'local'
      ? `another program holds port ${new URL(target.url).port}: stop it, or run the engine on another port with TASKCTL_PORT`
      : target.kind === 'endpoint'
        ? `check the URL set by ${target.source}`
        : 'check AWS_ENDPOINT_URL and any proxy settings';
  return new ServiceError(
    `the service at ${where} did not answer as ${service} (HTTP ${status}, ${type}); is it a ${service} endpoint?`,
    // The status tells a server error (an emulator lacking the operation) from another program.
    {
      name: 'ProtocolError',
      hint,
      cause: shape,
      details: typeof status === 'number' ? { httpStatus: status } : {},
    },
  );
}

/** Where requests went, for messages: the URL, or "Step Functions (AWS eu-west-1)". */
const endpointName = (target: Target): string =>
  target.kind === 'aws' ? `Step Functions (${targetName(target)})` : target.url;

/**
 * The SDK's request handler gave up: no connection within the connect timeout, or no complete
 * answer within the response timeout (each attempt; the SDK retries a timeout).
 */
function timeoutError(shape: SdkErrorShape, context: ErrorContext): ServiceError {
  const { target } = context;
  const connecting = /establish a connection/.test(shape.message ?? '');
  const attempts = shape.$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` (${attempts} attempts)` : '';
  const limits = requestTimeouts(context.timeoutMs);
  const message = connecting
    ? `cannot connect to ${endpointName(target)} within ${formatTimeout(limits.connectionTimeout)}${tries}`
    : `no answer from ${endpointName(target)} within ${formatTimeout(limits.requestTimeout)}${tries}`;
  const longer = 'or wait longer with --timeout SECONDS (TASKCTL_TIMEOUT)';
  const hint =
    target.kind === 'local'
      ? `restart the local engine (taskctl dev stop), ${longer}`
      : target.kind === 'endpoint'
        ? `check that the service at ${target.url} (set by ${target.source}) is up and answering, ${longer}`
        : `check the network connection, ${longer}`;
  return new ServiceError(message, { name: 'TimeoutError', hint, cause: shape });
}
