// IAM's Query protocol on the engine's port: a form-encoded POST (`Action=…&Version=2010-05-08`)
// answered with `<ActionResponse><ActionResult>…` XML, errors as `<ErrorResponse>` documents.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors.js';
import { readBodyBytes, signedService, type HttpService } from './http.js';

const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** A Query request's parameters: `Tags.member.1.Key=…` stays a flat key, read with the helpers below. */
export type QueryParams = URLSearchParams;

/** An operation's result, written as XML: objects as elements, arrays as `<member>` lists. */
export type QueryResult = Record<string, unknown> | undefined;

export type QueryOperation = (params: QueryParams) => QueryResult;

/** `Prefix.member.N` values, N = 1, 2, … until one is missing. */
export function memberList(params: QueryParams, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`); i++) values.push(params.get(`${prefix}.member.${i}`)!);
  return values;
}

/** `Prefix.member.N.Field` structures, N = 1, 2, … until one has none of `fields`. */
export function memberStructs(
  params: QueryParams,
  prefix: string,
  fields: string[],
): Record<string, string>[] {
  const items: Record<string, string>[] = [];
  for (let i = 1; fields.some((f) => params.has(`${prefix}.member.${i}.${f}`)); i++) {
    const item: Record<string, string> = {};
    for (const f of fields) {
      const value = params.get(`${prefix}.member.${i}.${f}`);
      if (value !== null) item[f] = value;
    }
    items.push(item);
  }
  return items;
}

// A few lines of escaping instead of an XML library: the documents are small and fixed in shape.
const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([key, v]) => `<${key}>${toXml(v)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

function send(response: ServerResponse, status: number, xml: string): void {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`);
  response.writeHead(status, { 'content-type': 'text/xml', 'content-length': body.length });
  response.end(body);
}

const isForm = (request: IncomingMessage) =>
  String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** Serves form-encoded POSTs without X-Amz-Target (or anything signed for `iam`) with `operations`. */
export function iamService(
  operations: Record<string, QueryOperation>,
  onInternalError: (e: unknown) => void,
): HttpService {
  return {
    operationNames: Object.keys(operations),
    matches: (request) =>
      !request.headers['x-amz-target'] &&
      ((request.method === 'POST' && isForm(request)) || signedService(request) === 'iam'),
    async handle(request, response, admission) {
      const requestId = randomUUID();
      try {
        admission.early(request);
        if (request.method !== 'POST') throw new ApiError('InvalidAction', 'IAM takes POST requests only');
        const body = await readBodyBytes(request);
        const params = new URLSearchParams(body.toString('utf8'));
        const action = params.get('Action') ?? '';
        const operation = Object.hasOwn(operations, action) ? operations[action] : undefined;
        if (!operation) {
          throw new ApiError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
        }
        await admission.admit({ service: 'iam', operation: action, request, body });
        const result = operation(params);
        send(
          response,
          200,
          `<${action}Response xmlns="${NAMESPACE}">` +
            (result ? `<${action}Result>${toXml(result)}</${action}Result>` : '') +
            `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
        );
      } catch (e) {
        if (!(e instanceof ApiError)) onInternalError(e);
        const error =
          e instanceof ApiError ? e : new ApiError('ServiceFailure', 'The engine hit an internal error', 500);
        send(
          response,
          error.statusCode,
          `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${error.statusCode >= 500 ? 'Receiver' : 'Sender'}</Type>` +
            `<Code>${escapeXml(error.type)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
            `<RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      }
    },
  };
}
