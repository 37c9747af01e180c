import { describe, expect, it } from 'vitest';
import { InterruptedError, NotFoundError, ServiceError, UsageError } from '../../src/lib/errors.js';
import { mapServiceError, networkErrorCode } from '../../src/lib/sdk/errors.js';
import { resolveTarget } from '../../src/lib/target.js';

const local = resolveTarget({}, { TASKCTL_DATA_DIR: '/d' });
const endpoint = resolveTarget({ endpoint: 'http://localhost:4566' }, {});
const aws = resolveTarget({ region: 'eu-west-1', profile: 'prod' }, {});

// Shaped like what the SDK throws: a named error with $metadata (service) or a socket error.
const serviceError = (name: string, message = 'msg') =>
  Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 3 },
  });
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('mapServiceError', () => {
  it('names the execution, the state machine and the fix for ExecutionDoesNotExist', () => {
    const error = mapServiceError(serviceError('ExecutionDoesNotExist'), {
      target: local,
      stateMachine: 'taskctl-tasks',
      execution: 'x',
    });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      exitCode: 2,
      message: 'execution "x" not found in state machine taskctl-tasks',
      hint: 'list them with: taskctl list',
    });
  });

  it('points at deploy for StateMachineDoesNotExist', () => {
    const error = mapServiceError(serviceError('StateMachineDoesNotExist'), {
      target: aws,
      stateMachine: 'orders',
    });
    expect(error).toMatchObject({
      exitCode: 2,
      message: 'state machine "orders" not found on AWS eu-west-1 (profile prod)',
    });
    expect((error as NotFoundError).hint).toMatch(/taskctl deploy/);
  });

  it.each(['InvalidName', 'InvalidExecutionInput', 'InvalidDefinition', 'ValidationException', 'InvalidArn'])(
    '%s is bad input (exit 2)',
    (name) => {
      const error = mapServiceError(serviceError(name, 'detail'), { target: local });
      expect(error).toBeInstanceOf(UsageError);
      expect(error).toMatchObject({ exitCode: 2, message: 'detail' });
    },
  );

  it('names the fix for ExecutionAlreadyExists', () => {
    const error = mapServiceError(serviceError('ExecutionAlreadyExists'), {
      target: local,
      stateMachine: 'm',
      execution: 'e1',
    });
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as UsageError).hint).toMatch(/--name/);
  });

  it('exits 1 for throttling that outlasted the retries, with the attempt count', () => {
    const error = mapServiceError(serviceError('ThrottlingException'), { target: aws });
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringContaining('after 3 attempts') });
  });

  it('exits 1 with an AWS_PROFILE/--local hint when credentials are missing', () => {
    const error = mapServiceError(
      Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
      {
        target: resolveTarget({ region: 'eu-west-1' }, {}),
      },
    );
    expect(error).toMatchObject({ exitCode: 1, message: 'no AWS credentials found' });
    expect((error as ServiceError).hint).toMatch(/AWS_PROFILE.*--local/);
  });

  it('names the profile in use when it gives no credentials, rather than asking for one', () => {
    const missing = Object.assign(new Error('Could not resolve credentials using profile: [prod]'), {
      name: 'CredentialsProviderError',
    });
    for (const target of [aws, resolveTarget({ endpoint: 'http://localhost:4566', profile: 'prod' }, {})]) {
      const error = mapServiceError(missing, { target });
      expect(error).toMatchObject({ exitCode: 1, message: 'no AWS credentials found for profile "prod"' });
      expect((error as ServiceError).hint).toMatch(/aws configure --profile prod/);
      expect((error as ServiceError).hint).not.toMatch(/set AWS_PROFILE/);
    }
  });

  it('exits 1 for a refused connection to an endpoint, naming it', () => {
    const wrapped = Object.assign(new Error('socket'), { cause: socketError('ECONNREFUSED') });
    const error = mapServiceError(wrapped, { target: endpoint });
    expect(error).toMatchObject({
      exitCode: 1,
      message: 'cannot connect to http://localhost:4566: connection refused',
    });
  });

  it('exits 1 for other service errors', () => {
    expect(mapServiceError(serviceError('InternalServerError', 'boom'), { target: aws })).toMatchObject({
      exitCode: 1,
      message: 'InternalServerError: boom',
    });
  });

  it('turns an aborted request into an interruption (exit 130)', () => {
    expect(
      mapServiceError(Object.assign(new Error('aborted'), { name: 'AbortError' }), { target: local }),
    ).toBeInstanceOf(InterruptedError);
  });
});

describe('the service error name on typed errors', () => {
  it.each([
    ['ExecutionDoesNotExist', NotFoundError],
    ['ExecutionAlreadyExists', UsageError],
    ['ExecutionNotRedrivable', UsageError],
    ['InvalidName', UsageError],
    ['ThrottlingException', ServiceError],
    ['AccessDeniedException', ServiceError],
    ['InternalServerError', ServiceError],
  ])('keeps %s as serviceError, in the JSON shape too', (name, type) => {
    const error = mapServiceError(serviceError(name), { target: local, execution: 'x' });
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ serviceError: name });
    expect((error as ServiceError).toJSON()).toMatchObject({ serviceError: name });
  });

  it('has none when the service never answered', () => {
    const refused = mapServiceError(socketError('ECONNREFUSED'), { target: endpoint });
    const noCredentials = mapServiceError(
      Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
      { target: aws },
    );
    for (const error of [refused, noCredentials]) {
      expect((error as ServiceError).serviceError).toBeUndefined();
      expect((error as ServiceError).toJSON()).not.toHaveProperty('serviceError');
    }
  });
});

describe('request timeouts', () => {
  // As @smithy/node-http-handler rejects, after the SDK's retries added $metadata.attempts.
  const responseTimeout = (ms: number) =>
    Object.assign(
      new Error(
        `@smithy/node-http-handler - [ERROR] a request has exceeded the configured ${ms} ms requestTimeout.`,
      ),
      {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
        $metadata: { attempts: 3 },
      },
    );
  const connectTimeout = Object.assign(
    new Error(
      '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 10000 ms.',
    ),
    { name: 'TimeoutError', $metadata: { attempts: 3 } },
  );

  it('names the endpoint, the limit and both fixes for an endpoint that does not answer', () => {
    const error = mapServiceError(responseTimeout(1000), { target: endpoint, timeoutMs: 1000 });
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      name: 'TimeoutError',
      exitCode: 1,
      message: 'no answer from http://localhost:4566 within 1s (3 attempts)',
    });
    expect((error as ServiceError).hint).toMatch(/service at http:\/\/localhost:4566 \(set by --endpoint\)/);
    expect((error as ServiceError).hint).toMatch(/--timeout SECONDS \(TASKCTL_TIMEOUT\)/);
  });

  it('uses the default limit when none was given, and says how to restart a wedged local engine', () => {
    const error = mapServiceError(responseTimeout(60_000), { target: local });
    expect(error).toMatchObject({ message: 'no answer from http://127.0.0.1:8083 within 60s (3 attempts)' });
    expect((error as ServiceError).hint).toMatch(/taskctl dev stop/);
  });

  it('a refused or reset connection, which the SDK also names TimeoutError, is a connection error', () => {
    for (const [code, says] of [
      ['ECONNREFUSED', 'connection refused'],
      ['ECONNRESET', 'ECONNRESET'],
      ['EPIPE', 'EPIPE'],
    ]) {
      const renamed = Object.assign(socketError(code), { name: 'TimeoutError', $metadata: { attempts: 3 } });
      expect(mapServiceError(renamed, { target: local })).toMatchObject({
        name: 'ConnectionError',
        message: `cannot connect to http://127.0.0.1:8083: ${says}`,
      });
    }
  });

  it('tells a connection that never opened from an answer that never came', () => {
    const error = mapServiceError(connectTimeout, { target: aws });
    expect(error).toMatchObject({
      name: 'TimeoutError',
      exitCode: 1,
      message: 'cannot connect to Step Functions (AWS eu-west-1 (profile prod)) within 10s (3 attempts)',
    });
    expect((error as ServiceError).hint).toMatch(/network connection/);
  });
});

describe('networkErrorCode', () => {
  it('finds the socket error code through causes and AggregateErrors', () => {
    expect(networkErrorCode(socketError('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(networkErrorCode(new AggregateError([socketError('ECONNREFUSED')]))).toBe('ECONNREFUSED');
    expect(networkErrorCode(Object.assign(new Error('x'), { cause: socketError('ECONNREFUSED') }))).toBe(
      'ECONNREFUSED',
    );
    expect(networkErrorCode(socketError('ENOTFOUND'))).toBe('ENOTFOUND');
    expect(networkErrorCode(serviceError('ThrottlingException'))).toBeUndefined();
  });
  it('says what a refused task token means, with the way to find waiting tasks', () => {
    const taskToken = `AQ${'t'.repeat(64)}`;
    const gone = mapServiceError(serviceError('TaskDoesNotExist'), { target: local, taskToken });
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone).toMatchObject({
      exitCode: 2,
      serviceError: 'TaskDoesNotExist',
      message:
        'no task is waiting on token AQtttttttttt…: it has already completed, or its execution has stopped',
      hint: expect.stringContaining('taskctl describe EXECUTION'),
    });
    const late = mapServiceError(serviceError('TaskTimedOut'), { target: local, taskToken });
    expect(late).toMatchObject({
      exitCode: 2,
      serviceError: 'TaskTimedOut',
      message: expect.stringContaining('timed out'),
    });
    expect(mapServiceError(serviceError('InvalidToken'), { target: local, taskToken: 'nope' })).toMatchObject(
      {
        exitCode: 2,
        message: 'not a task token: nope',
      },
    );
    // InvalidToken of a paging token (no task token in the request) keeps the service's message.
    expect(mapServiceError(serviceError('InvalidToken', 'Invalid Token'), { target: local })).toMatchObject({
      exitCode: 2,
      message: 'Invalid Token',
    });
  });
});
