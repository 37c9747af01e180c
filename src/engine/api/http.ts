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

/**
 * A service on the same port that is not an AWS JSON protocol (Lambda's REST-JSON, IAM's Query
 * protocol): chosen from the request line and headers, it reads the body and answers itself.
 */
export interface HttpService {
  matches(request: IncomingMessage): boolean;
  /** Answers the request, errors included, in the service's own protocol. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** The service a SigV4-signed request names in its credential scope (`…/REGION/SERVICE/aws4_request`). */
export function signedService(request: IncomingMessage): string | undefined {
  const auth = String(request.headers.authorization ?? '');
  return /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\/aws4_request/.exec(auth)?.[1];
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The request body; over `maxBytes`, rejects with a 413 ApiError (the rest is read and dropped). */
export function readBodyBytes(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) reject(new ApiError('RequestEntityTooLarge', 'Request body too large', 413));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const readBody = async (request: IncomingMessage) => (await readBodyBytes(request)).toString('utf8');

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
export function createRequestHandler(
  protocols: Protocol[],
  onInternalError: (e: unknown) => void,
  services: HttpService[] = [],
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const service = services.find((s) => s.matches(request));
    if (service) {
      try {
        await service.handle(request, response);
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
