import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceName } from '../../aws/errors.js';
import { transientDbError } from '../store/db-errors.js';
import { OPEN_ADMISSION, type Admission } from './admission.js';
import { ApiError } from './errors.js';
import { jsonDepth } from '../asl/json-depth.js';
import type { OperationTable } from './operation.js';
import { assertWellFormedStrings, type FieldErrors } from './well-formed.js';

/** One AWS JSON protocol: the X-Amz-Target prefix it answers and the content type it speaks. */
export interface Protocol {
  service: ServiceName; // e.g. "states", as a SigV4 credential scope names it
  targetPrefix: string; // e.g. "AWSStepFunctions"
  contentType: string; // e.g. "application/x-amz-json-1.0"
  operations: OperationTable;
  /** The API's request size limit; DEFAULT_MAX_BODY_BYTES when not set. */
  maxBodyBytes?: number;
  /** Errors for a string that is not well-formed Unicode, by field (ValidationException when not set). */
  fieldErrors?: FieldErrors;
}

/**
 * A service on the same port that is not an AWS JSON protocol (Lambda's REST-JSON, IAM's Query
 * protocol): chosen from the request line and headers, it reads the body and answers itself.
 */
export interface HttpService {
  /** The operations it serves (so a --fault rule naming another can be refused). */
  operationNames: readonly string[];
  matches(request: IncomingMessage): boolean;
  /**
   * Answers the request, errors included, in the service's own protocol: `admission.early` first,
   * `admission.admit` once the operation and body are known, before the operation runs.
   */
  handle(request: IncomingMessage, response: ServerResponse, admission: Admission): Promise<void>;
}

/** The service a SigV4-signed request names in its credential scope (`…/REGION/SERVICE/aws4_request`). */
export function signedService(request: IncomingMessage): string | undefined {
  const auth = String(request.headers.authorization ?? '');
  return /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\/aws4_request/.exec(auth)?.[1];
}

export interface RequestHandlerOptions {
  /** A request body not complete this long after the request began is refused (a stalled client). */
  bodyTimeoutMs?: number;
  /** Services answered before the AWS JSON protocols (Lambda, IAM). */
  services?: HttpService[];
  /** Host, signature and fault checks; none by default. */
  admission?: Admission;
  /** Asked before every request: an error here answers it instead (the data directory is gone). */
  refusal?: () => ApiError | undefined;
}

const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;
/** AWS JSON request shapes nest a few levels; deeper bodies are hostile, not requests. */
const MAX_BODY_DEPTH = 64;

/**
 * The request body. Over `maxBytes` it rejects with 413, not complete within `timeoutMs` with 408,
 * and a client that goes away mid-body with RequestAbortedException; what is unread is not drained.
 */
export function readBodyBytes(
  request: IncomingMessage,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  timeoutMs = DEFAULT_BODY_TIMEOUT_MS,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > maxBytes) {
      reject(tooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      done();
      reject(new ApiError('RequestTimeoutException', 'Reading the request body timed out', 408));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        done();
        reject(tooLarge(maxBytes));
      }
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    // The client went away (an error, or the connection closed) before the body ended.
    const onAbort = () => {
      done();
      reject(aborted());
    };
    const done = () => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
    };
    request.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

const aborted = () =>
  new ApiError('RequestAbortedException', 'The request was aborted before its body was read');

const tooLarge = (maxBytes: number) =>
  new ApiError(
    'RequestEntityTooLargeException',
    `The request entity is too large: the limit is ${maxBytes} bytes`,
    413,
  );

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  contentType: string,
  body: unknown,
  errorType?: string,
) {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  // A body left unread (too large, stalled) is not drained: the connection closes instead.
  const unread = !request.complete;
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    ...(unread ? { connection: 'close' } : {}),
  });
  response.end(text, () => {
    if (unread) request.destroy();
  });
}

function parseBody(body: string): unknown {
  if (body.trim() === '') return {};
  if (jsonDepth(body) > MAX_BODY_DEPTH) {
    throw new ApiError(
      'SerializationException',
      `Request body is nested deeper than ${MAX_BODY_DEPTH} levels`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ApiError('SerializationException', 'Request body is not valid JSON');
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed;
}

/** How an exception that is not an ApiError reaches the client: AWS's names for server-side failures. */
function serverError(e: unknown): ApiError {
  const code = transientDbError(e);
  if (code === 'SQLITE_FULL')
    return new ApiError(
      'ServiceUnavailable',
      "The engine's database is full (SQLITE_FULL): free disk space, then retry",
      503,
    );
  if (code)
    return new ApiError('ServiceUnavailable', `The engine's database is unavailable (${code}): retry`, 503);
  return new ApiError('InternalFailure', 'The engine hit an internal error', 500);
}

/** Routes AWS JSON protocol requests to their operations and shapes errors the way the SDKs parse them. */
export function createRequestHandler(
  protocols: Protocol[],
  onInternalError: (e: unknown) => void,
  options: RequestHandlerOptions = {},
) {
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const services = options.services ?? [];
  const admission = options.admission ?? OPEN_ADMISSION;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const refused = options.refusal?.();
    if (refused) {
      const body = { __type: refused.type, message: refused.message };
      send(request, response, refused.statusCode, 'application/x-amz-json-1.0', body, refused.type);
      return;
    }
    const service = services.find((s) => s.matches(request));
    if (service) {
      try {
        await service.handle(request, response, admission);
      } catch (e) {
        onInternalError(e);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      }
      return;
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, operationName] = target.split('.');
    const protocol = protocols.find((p) => p.targetPrefix === prefix);
    const contentType = protocol?.contentType ?? 'application/x-amz-json-1.0';
    try {
      try {
        admission.early(request);
        if (request.method === 'GET' && !target) {
          send(request, response, 200, 'application/json', { service: 'taskctl-engine', status: 'ok' });
          return;
        }
        const operation =
          protocol && Object.hasOwn(protocol.operations, operationName)
            ? protocol.operations[operationName]
            : undefined;
        if (!operation) throw new ApiError('UnknownOperationException', `Unknown operation ${target}`);
        const body = await readBodyBytes(
          request,
          protocol!.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
          bodyTimeoutMs,
        );
        await admission.admit({ service: protocol!.service, operation: operationName, request, body });
        const parsed = parseBody(body.toString('utf8'));
        assertWellFormedStrings(parsed, protocol!.fieldErrors ?? { '*': 'ValidationException' });
        const result = await operation(parsed);
        send(request, response, 200, contentType, result ?? {});
      } catch (e) {
        const error = e instanceof ApiError ? e : serverError(e);
        if (!(e instanceof ApiError)) onInternalError(e);
        send(
          request,
          response,
          error.statusCode,
          contentType,
          { __type: error.type, message: error.message },
          error.type,
        );
      }
    } catch (e) {
      // Even the error answer failed: drop the connection rather than let it reach the process.
      onInternalError(e);
      response.destroy();
    }
  };
}
