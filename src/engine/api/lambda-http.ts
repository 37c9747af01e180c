// Lambda's REST-JSON protocol on the engine's port: routes `/2015-03-31/functions…` and
// `/2017-03-31/tags/…` to operations, and shapes errors as Lambda does (status code,
// `x-amzn-ErrorType` header, `{"Type": "User", "message": …}` body).
import { MAX_LAMBDA_ZIP_BYTES } from '../../aws/limits.js';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors.js';
import { readBodyBytes, signedService, type HttpService } from './http.js';

export interface RestRequest {
  /** Path parameters, URL-decoded: `name` (FunctionName) or `arn` (a tagged resource). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RestResponse {
  status: number;
  /** A JSON document, or raw bytes (Invoke's payload). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RestOperation = (request: RestRequest) => RestResponse | Promise<RestResponse>;

export type LambdaOperationName =
  | 'CreateFunction'
  | 'ListFunctions'
  | 'GetFunction'
  | 'DeleteFunction'
  | 'GetFunctionConfiguration'
  | 'UpdateFunctionConfiguration'
  | 'UpdateFunctionCode'
  | 'PublishVersion'
  | 'ListVersionsByFunction'
  | 'Invoke'
  | 'TagResource'
  | 'ListTags'
  | 'UntagResource';

const FUNCTIONS = '/2015-03-31/functions';
const ROUTES: [method: string, path: RegExp, operation: LambdaOperationName][] = [
  ['POST', /^\/2015-03-31\/functions\/?$/, 'CreateFunction'],
  ['GET', /^\/2015-03-31\/functions\/?$/, 'ListFunctions'],
  ['GET', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/?$/, 'GetFunction'],
  ['DELETE', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/?$/, 'DeleteFunction'],
  ['GET', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/configuration\/?$/, 'GetFunctionConfiguration'],
  ['PUT', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/configuration\/?$/, 'UpdateFunctionConfiguration'],
  ['PUT', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/code\/?$/, 'UpdateFunctionCode'],
  ['POST', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/versions\/?$/, 'PublishVersion'],
  ['GET', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/versions\/?$/, 'ListVersionsByFunction'],
  ['POST', /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations\/?$/, 'Invoke'],
  ['POST', /^\/2017-03-31\/tags\/(?<arn>.+)$/, 'TagResource'],
  ['GET', /^\/2017-03-31\/tags\/(?<arn>.+)$/, 'ListTags'],
  ['DELETE', /^\/2017-03-31\/tags\/(?<arn>.+)$/, 'UntagResource'],
];

/** The largest zip arrives base64-encoded (4/3 of its size) in CreateFunction/UpdateFunctionCode's JSON. */
const MAX_BODY_BYTES = Math.ceil((MAX_LAMBDA_ZIP_BYTES * 4) / 3) + 1024 * 1024;

const isLambdaPath = (path: string) => path.startsWith(FUNCTIONS) || path.startsWith('/2017-03-31/tags/');

function send(response: ServerResponse, result: RestResponse, errorType?: string): void {
  const raw = Buffer.isBuffer(result.body);
  const payload =
    result.body === undefined
      ? Buffer.alloc(0)
      : raw
        ? (result.body as Buffer)
        : Buffer.from(JSON.stringify(result.body));
  response.writeHead(result.status, {
    ...(result.body !== undefined ? { 'content-type': 'application/json' } : {}),
    'content-length': payload.length,
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    ...result.headers,
  });
  response.end(payload);
}

function route(
  method: string,
  path: string,
): { operation: LambdaOperationName; params: Record<string, string> } {
  for (const [m, pattern, operation] of ROUTES) {
    const match = m === method ? pattern.exec(path) : null;
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(match.groups ?? {})) {
      try {
        params[key] = decodeURIComponent(value);
      } catch {
        throw new ApiError('InvalidParameterValueException', `Malformed URL path: ${path}`);
      }
    }
    return { operation, params };
  }
  throw new ApiError('UnknownOperationException', `Unknown operation: ${method} ${path}`, 404);
}

/** Serves Lambda's REST-JSON paths (or anything signed for `lambda`) with `operations`. */
export function lambdaService(
  operations: Record<LambdaOperationName, RestOperation>,
  onInternalError: (e: unknown) => void,
): HttpService {
  return {
    operationNames: [...new Set(ROUTES.map(([, , operation]) => operation))],
    matches: (request: IncomingMessage) =>
      !request.headers['x-amz-target'] &&
      (isLambdaPath(String(request.url ?? '')) || signedService(request) === 'lambda'),
    async handle(request, response, admission) {
      try {
        admission.early(request);
        const url = new URL(String(request.url ?? '/'), 'http://engine');
        const { operation, params } = route(String(request.method), url.pathname);
        const body = await readBodyBytes(request, MAX_BODY_BYTES);
        await admission.admit({ service: 'lambda', operation, request, body });
        send(
          response,
          await operations[operation]({ params, query: url.searchParams, headers: request.headers, body }),
        );
      } catch (e) {
        if (e instanceof ApiError) {
          const type = e.type === 'RequestEntityTooLarge' ? 'RequestTooLargeException' : e.type;
          const origin = e.statusCode >= 500 ? 'Service' : 'User';
          send(response, { status: e.statusCode, body: { Type: origin, message: e.message } }, type);
        } else {
          onInternalError(e);
          send(
            response,
            { status: 500, body: { Type: 'Service', message: 'The engine hit an internal error' } },
            'ServiceException',
          );
        }
      }
    },
  };
}

/** Parses a JSON request body; Lambda's error for anything else. */
export function jsonBody(request: RestRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new ApiError('InvalidRequestContentException', 'Could not parse request body into json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('InvalidRequestContentException', 'Could not parse request body into json');
  }
  return value as Record<string, unknown>;
}
