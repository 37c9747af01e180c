import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors.js';
import type { OperationTable } from './operation.js';

/** One AWS JSON protocol: the X-Amz-Target prefix it answers and the content type it speaks. */
export interface Protocol {
  targetPrefix: string; // e.g. "AWSStepFunctions"
  contentType: string; // e.g. "application/x-amz-json-1.0"
  operations: OperationTable;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new ApiError('RequestEntityTooLarge', 'Request body too large', 413));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: unknown,
  errorType?: string,
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(text);
}

/** Routes AWS JSON protocol requests to their operations and shapes errors the way the SDKs parse them. */
export function createRequestHandler(protocols: Protocol[], onInternalError: (e: unknown) => void) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, operationName] = target.split('.');
    const protocol = protocols.find((p) => p.targetPrefix === prefix);
    const contentType = protocol?.contentType ?? 'application/x-amz-json-1.0';
    if (request.method === 'GET' && !target) {
      send(response, 200, 'application/json', { service: 'taskctl-engine', status: 'ok' });
      return;
    }
    try {
      const operation =
        protocol && Object.hasOwn(protocol.operations, operationName)
          ? protocol.operations[operationName]
          : undefined;
      if (!operation) throw new ApiError('UnknownOperationException', `Unknown operation ${target}`);
      const body = await readBody(request);
      let parsed: unknown;
      try {
        parsed = body.trim() === '' ? {} : JSON.parse(body);
      } catch {
        throw new ApiError('SerializationException', 'Request body is not valid JSON');
      }
      const result = await operation(parsed ?? {});
      send(response, 200, contentType, result ?? {});
    } catch (e) {
      if (e instanceof ApiError) {
        send(response, e.statusCode, contentType, { __type: e.type, message: e.message }, e.type);
      } else {
        onInternalError(e);
        send(
          response,
          500,
          contentType,
          { __type: 'InternalFailure', message: 'The engine hit an internal error' },
          'InternalFailure',
        );
      }
    }
  };
}
