// The Lambda API subset deploy uses, over LambdaFunctionStore and the local Lambda runtime.
// Field names, defaults, limits and error names follow the Lambda API reference.
import {
  LAMBDA_MAX_MEMORY_MB,
  LAMBDA_MAX_TIMEOUT_SECONDS,
  LAMBDA_MIN_MEMORY_MB,
  MAX_LAMBDA_INVOKE_PAYLOAD_BYTES,
} from '../../aws/limits.js';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Account } from './arn.js';
import type { Json } from '../asl/types.js';
import { InvalidZipError, type FunctionCodeStore } from '../lambda/function-code.js';
import type { InvocationResult, InvokeOptions } from '../lambda/runtime.js';
import type { Clock } from '../runtime/clock.js';
import type { FunctionVersionRecord, LambdaFunctionStore } from '../store/lambda-functions.js';
import { ApiError } from './errors.js';
import type { RoleAssumption } from './role-assumption.js';
import { checkInteger, checkString, constraintError } from './fields.js';
import { jsonBody, type LambdaOperationName, type RestOperation, type RestRequest } from './lambda-http.js';

export interface LambdaContext {
  account: Account;
  clock: Clock;
  functions: LambdaFunctionStore;
  code: FunctionCodeStore;
  roles: Pick<RoleAssumption, 'assertAssumable'>;
  invoke(name: string, payload: Json, options: InvokeOptions): Promise<InvocationResult>;
}

type Body = Record<string, unknown>;

const LOG_TAIL_BYTES = 4096;
const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const FUNCTION_REF =
  /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;
const ENV_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
// Keys Lambda sets itself and refuses in Environment.Variables.
const RESERVED_ENV = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);
const ARCHITECTURES = ['x86_64', 'arm64'];

const invalid = (message: string) => new ApiError('InvalidParameterValueException', message);

/** Lambda's request validation error. */
const constraint = constraintError('ValidationException');

const optString = (body: Body, key: string, field: string, max: number, pattern?: RegExp) =>
  checkString(body[key], field, { max, pattern }, constraint);

function reqString(body: Body, key: string, field: string, max: number, pattern?: RegExp): string {
  const v = optString(body, key, field, max, pattern);
  if (v === undefined) throw constraint(null, field, 'Member must not be null');
  return v;
}

const optInt = (body: Body, key: string, field: string, min: number, max: number) =>
  checkInteger(body[key], field, min, max, constraint);

function stringMap(value: unknown, field: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw constraint(value, field, 'Member must be a map');
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw constraint(v, `${field}.${k}`, 'Member must be a string');
  }
  return { ...(value as Record<string, string>) };
}

function environmentOf(body: Body): Record<string, string> | null | undefined {
  const env = body.Environment;
  if (env === undefined) return undefined;
  if (env === null || typeof env !== 'object')
    throw constraint(env, 'environment', 'Member must be a structure');
  const raw = (env as Body).Variables;
  if (raw === undefined || raw === null) return null;
  const variables = stringMap(raw, 'environment.variables');
  for (const key of Object.keys(variables)) {
    if (!ENV_KEY.test(key))
      throw constraint(
        key,
        'environment.variables',
        `Member must satisfy regular expression pattern: ${ENV_KEY.source}`,
      );
  }
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENV.has(k));
  if (reserved.length > 0) {
    throw invalid(
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ' +
        reserved.join(', '),
    );
  }
  if (Buffer.byteLength(JSON.stringify(variables)) > 4096) {
    throw invalid(
      'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.',
    );
  }
  return Object.keys(variables).length > 0 ? variables : null;
}

function runtimeOf(body: Body, required: boolean): string | undefined {
  const runtime = required
    ? reqString(body, 'Runtime', 'runtime', 64)
    : optString(body, 'Runtime', 'runtime', 64);
  if (runtime !== undefined && !/^nodejs\d+\.x$/.test(runtime)) {
    throw invalid(
      `The runtime parameter of ${runtime} is not supported by the local engine, which runs Node.js functions only.`,
    );
  }
  return runtime;
}

function architecturesOf(body: Body): string[] | undefined {
  const value = body.Architectures;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length !== 1 || !ARCHITECTURES.includes(value[0] as string)) {
    throw constraint(
      value,
      'architectures',
      'Member must have length 1 and satisfy enum value set: [x86_64, arm64]',
    );
  }
  return [value[0] as string];
}

/** `YYYY-MM-DDThh:mm:ss.sss+0000`, Lambda's LastModified. */
const lastModified = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

/** The function name and qualifier from a FunctionName (name, partial ARN or ARN) and `?Qualifier=`. */
function functionRef(request: RestRequest): { name: string; qualifier?: string } {
  const raw = request.params.name ?? '';
  const match = FUNCTION_REF.exec(raw);
  if (!match || raw.length > 170) {
    throw constraint(
      raw,
      'functionName',
      `Member must satisfy regular expression pattern: ${FUNCTION_REF.source}`,
    );
  }
  const fromQuery = request.query.get('Qualifier') ?? undefined;
  if (fromQuery !== undefined && match[2] !== undefined && fromQuery !== match[2]) {
    throw invalid('The derived qualifier from the function name does not match the specified qualifier.');
  }
  if (fromQuery !== undefined && !/^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/.test(fromQuery)) {
    throw constraint(
      fromQuery,
      'qualifier',
      'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)',
    );
  }
  return { name: match[1], qualifier: match[2] ?? fromQuery };
}

export function lambdaOperations(ctx: LambdaContext): Record<LambdaOperationName, RestOperation> {
  const functionArn = (name: string, qualifier?: string) =>
    `arn:aws:lambda:${ctx.account.region}:${ctx.account.accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;

  const notFound = (name: string, qualifier?: string) =>
    new ApiError('ResourceNotFoundException', `Function not found: ${functionArn(name, qualifier)}`, 404);

  const configuration = (f: FunctionVersionRecord) => ({
    FunctionName: f.name,
    FunctionArn: functionArn(f.name, f.version === '$LATEST' ? undefined : f.version),
    Runtime: f.runtime,
    Role: f.role,
    Handler: f.handler,
    CodeSize: f.codeSize,
    Description: f.description,
    Timeout: f.timeout,
    MemorySize: f.memorySize,
    LastModified: lastModified(f.lastModified),
    CodeSha256: f.codeSha256,
    Version: f.version,
    ...(f.environment ? { Environment: { Variables: f.environment } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: f.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: f.architectures,
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${f.name}` },
  });

  function requireFunction(name: string) {
    const record = ctx.functions.get(name);
    if (!record) throw notFound(name);
    return record;
  }

  function requireVersion(name: string, qualifier?: string): FunctionVersionRecord {
    const version = ctx.functions.getVersion(name, qualifier ?? '$LATEST');
    if (!version) throw notFound(name, qualifier);
    return version;
  }

  function checkRevision(body: Body, current: FunctionVersionRecord): void {
    const revision = optString(body, 'RevisionId', 'revisionId', 1024);
    if (revision !== undefined && revision !== current.revisionId) {
      throw new ApiError(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
        412,
      );
    }
  }

  async function storeZip(body: Body): Promise<{ codeSha256: string; codeSize: number }> {
    const zipFile = body.ZipFile;
    if (body.S3Bucket !== undefined || body.S3Key !== undefined || body.ImageUri !== undefined) {
      throw invalid('The local engine takes function code as ZipFile only.');
    }
    if (typeof zipFile !== 'string' || zipFile.length === 0) {
      throw invalid('Please provide a source for function code.');
    }
    try {
      return await ctx.code.put(Buffer.from(zipFile, 'base64'));
    } catch (e) {
      if (e instanceof InvalidZipError) throw invalid(e.message);
      throw e;
    }
  }

  /** Publishes $LATEST unless the newest version already has the same code and configuration. */
  function publish(latest: FunctionVersionRecord, description?: string): FunctionVersionRecord {
    const fingerprint = (f: FunctionVersionRecord) =>
      JSON.stringify([
        f.codeSha256,
        f.runtime,
        f.role,
        f.handler,
        f.timeout,
        f.memorySize,
        f.environment,
        f.architectures,
      ]);
    const newest = ctx.functions.versions(latest.name).at(-1);
    if (newest && fingerprint(newest) === fingerprint(latest)) return newest;
    return ctx.functions.publish({
      ...latest,
      description: description ?? latest.description,
      lastModified: ctx.clock.now(),
    });
  }

  return {
    async CreateFunction(request) {
      const body = jsonBody(request);
      const name = reqString(body, 'FunctionName', 'functionName', 140);
      const ref = FUNCTION_REF.exec(name);
      if (!ref || ref[2] !== undefined) {
        throw constraint(
          name,
          'functionName',
          `Member must satisfy regular expression pattern: ${FUNCTION_REF.source}`,
        );
      }
      if (body.PackageType !== undefined && body.PackageType !== 'Zip') {
        throw invalid('The local engine runs Zip package functions only.');
      }
      const runtime = runtimeOf(body, true)!;
      const role = reqString(body, 'Role', 'role', 2048, ROLE);
      const handler = reqString(body, 'Handler', 'handler', 128, /^[^\s]+$/);
      const description = optString(body, 'Description', 'description', 256) ?? '';
      const timeout = optInt(body, 'Timeout', 'timeout', 1, LAMBDA_MAX_TIMEOUT_SECONDS) ?? 3;
      const memorySize =
        optInt(body, 'MemorySize', 'memorySize', LAMBDA_MIN_MEMORY_MB, LAMBDA_MAX_MEMORY_MB) ??
        LAMBDA_MIN_MEMORY_MB;
      const environment = environmentOf(body) ?? null;
      const architectures = architecturesOf(body) ?? ['x86_64'];
      const tags = body.Tags === undefined || body.Tags === null ? {} : stringMap(body.Tags, 'tags');
      if (body.Code === null || typeof body.Code !== 'object')
        throw constraint(null, 'code', 'Member must not be null');
      if (ctx.functions.get(ref[1])) {
        throw new ApiError('ResourceConflictException', `Function already exist: ${ref[1]}`, 409);
      }
      ctx.roles.assertAssumable(role, 'lambda');
      const code = await storeZip(body.Code as Body);
      const latest: FunctionVersionRecord = {
        name: ref[1],
        version: '$LATEST',
        runtime,
        role,
        handler,
        description,
        timeout,
        memorySize,
        environment,
        architectures,
        ...code,
        lastModified: ctx.clock.now(),
        revisionId: randomUUID(),
      };
      // A concurrent create of the same name may have won while the zip was unpacked.
      if (!ctx.functions.create(latest, tags)) {
        throw new ApiError('ResourceConflictException', `Function already exist: ${latest.name}`, 409);
      }
      const result = body.Publish === true ? publish(latest) : latest;
      return { status: 201, body: configuration(result) };
    },

    ListFunctions(request) {
      const maxItems = request.query.get('MaxItems');
      const limit = maxItems === null ? 50 : Number(maxItems);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10000) {
        throw constraint(maxItems, 'maxItems', 'Member must have value between 1 and 10000');
      }
      const marker = request.query.get('Marker') ?? undefined;
      let after: string | undefined;
      if (marker !== undefined) {
        after = Buffer.from(marker, 'base64url').toString('utf8');
        if (!FUNCTION_REF.test(after)) throw invalid('Invalid Marker');
      }
      const page = ctx.functions.list(after, limit + 1);
      const shown = page.slice(0, limit);
      return {
        status: 200,
        body: {
          Functions: shown.map(configuration),
          ...(page.length > limit
            ? { NextMarker: Buffer.from(shown[shown.length - 1].name).toString('base64url') }
            : {}),
        },
      };
    },

    GetFunction(request) {
      const { name, qualifier } = functionRef(request);
      const version = requireVersion(name, qualifier);
      const { tags } = requireFunction(name);
      return {
        status: 200,
        body: {
          Configuration: configuration(version),
          Code: { RepositoryType: 'S3', Location: pathToFileURL(ctx.code.zipFor(version.codeSha256)).href },
          ...(Object.keys(tags).length > 0 ? { Tags: tags } : {}),
        },
      };
    },

    GetFunctionConfiguration(request) {
      const { name, qualifier } = functionRef(request);
      return { status: 200, body: configuration(requireVersion(name, qualifier)) };
    },

    DeleteFunction(request) {
      const { name, qualifier } = functionRef(request);
      requireFunction(name);
      if (qualifier === '$LATEST')
        throw invalid('$LATEST version cannot be deleted without deleting the function.');
      if (qualifier !== undefined) {
        if (!/^\d+$/.test(qualifier) || !ctx.functions.deleteVersion(name, qualifier))
          throw notFound(name, qualifier);
      } else {
        ctx.functions.delete(name);
      }
      return { status: 204 };
    },

    async UpdateFunctionCode(request) {
      const { name, qualifier } = functionRef(request);
      if (qualifier !== undefined) throw invalid('Qualifiers are not supported for UpdateFunctionCode.');
      const body = jsonBody(request);
      const current = requireFunction(name).latest;
      checkRevision(body, current);
      const architectures = architecturesOf(body) ?? current.architectures;
      const code = await storeZip(body);
      if (body.DryRun === true) return { status: 200, body: configuration({ ...current, ...code }) };
      const latest: FunctionVersionRecord = {
        ...current,
        ...code,
        architectures,
        lastModified: ctx.clock.now(),
        revisionId: randomUUID(),
      };
      ctx.functions.updateLatest(latest);
      return { status: 200, body: configuration(body.Publish === true ? publish(latest) : latest) };
    },

    UpdateFunctionConfiguration(request) {
      const { name, qualifier } = functionRef(request);
      if (qualifier !== undefined)
        throw invalid('Qualifiers are not supported for UpdateFunctionConfiguration.');
      const body = jsonBody(request);
      const current = requireFunction(name).latest;
      checkRevision(body, current);
      const environment = environmentOf(body);
      const role = optString(body, 'Role', 'role', 2048, ROLE);
      const latest: FunctionVersionRecord = {
        ...current,
        runtime: runtimeOf(body, false) ?? current.runtime,
        role: role ?? current.role,
        handler: optString(body, 'Handler', 'handler', 128, /^[^\s]+$/) ?? current.handler,
        description: optString(body, 'Description', 'description', 256) ?? current.description,
        timeout: optInt(body, 'Timeout', 'timeout', 1, LAMBDA_MAX_TIMEOUT_SECONDS) ?? current.timeout,
        memorySize:
          optInt(body, 'MemorySize', 'memorySize', LAMBDA_MIN_MEMORY_MB, LAMBDA_MAX_MEMORY_MB) ??
          current.memorySize,
        environment: environment === undefined ? current.environment : environment,
        lastModified: ctx.clock.now(),
        revisionId: randomUUID(),
      };
      // Checked once every field is valid, as the service's own validation comes first.
      if (role !== undefined) ctx.roles.assertAssumable(role, 'lambda');
      ctx.functions.updateLatest(latest);
      return { status: 200, body: configuration(latest) };
    },

    PublishVersion(request) {
      const { name, qualifier } = functionRef(request);
      if (qualifier !== undefined) throw invalid('Qualifiers are not supported for PublishVersion.');
      const body = jsonBody(request);
      const latest = requireFunction(name).latest;
      checkRevision(body, latest);
      const sha = optString(body, 'CodeSha256', 'codeSha256', 1024);
      if (sha !== undefined && sha !== latest.codeSha256) {
        throw invalid(
          `CodeSHA256 (${sha}) is different from current CodeSHA256 in $LATEST (${latest.codeSha256}). Please try again from the latest version.`,
        );
      }
      const description = optString(body, 'Description', 'description', 256);
      return { status: 201, body: configuration(publish(latest, description)) };
    },

    ListVersionsByFunction(request) {
      const { name, qualifier } = functionRef(request);
      if (qualifier !== undefined) throw invalid('Qualifiers are not supported for ListVersionsByFunction.');
      const { latest } = requireFunction(name);
      return {
        status: 200,
        body: { Versions: [latest, ...ctx.functions.versions(name)].map(configuration) },
      };
    },

    async Invoke(request) {
      const { name, qualifier } = functionRef(request);
      const version = requireVersion(name, qualifier);
      const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
        throw constraint(
          invocationType,
          'invocationType',
          'Member must satisfy enum value set: [Event, RequestResponse, DryRun]',
        );
      }
      if (request.body.length > MAX_LAMBDA_INVOKE_PAYLOAD_BYTES) {
        throw new ApiError(
          'RequestTooLargeException',
          `Request must be smaller than ${MAX_LAMBDA_INVOKE_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
          413,
        );
      }
      let payload: Json = {};
      if (request.body.length > 0) {
        try {
          payload = JSON.parse(request.body.toString('utf8')) as Json;
        } catch (e) {
          throw new ApiError(
            'InvalidRequestContentException',
            `Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`,
          );
        }
      }
      const executed = { 'x-amz-executed-version': version.version };
      if (invocationType === 'DryRun') return { status: 204, headers: executed };
      const options: InvokeOptions = {
        qualifier: version.version === '$LATEST' ? undefined : version.version,
        timeoutMs: version.timeout * 1000,
        captureLog: request.headers['x-amz-log-type'] === 'Tail',
      };
      if (invocationType === 'Event') {
        void ctx.invoke(name, payload, options).catch(() => undefined);
        return { status: 202, headers: executed };
      }
      const result = await ctx.invoke(name, payload, options);
      const headers: Record<string, string> = { ...executed };
      if (result.log !== undefined) {
        headers['x-amz-log-result'] = Buffer.from(result.log).subarray(-LOG_TAIL_BYTES).toString('base64');
      }
      if (result.kind === 'succeeded') {
        return { status: 200, headers, body: Buffer.from(JSON.stringify(result.output)) };
      }
      headers['x-amz-function-error'] = 'Unhandled';
      return { status: 200, headers, body: Buffer.from(errorPayload(result, version.timeout)) };
    },

    TagResource(request) {
      const name = taggedFunction(request);
      const body = jsonBody(request);
      const tags = stringMap(body.Tags ?? null, 'tags');
      const { tags: current } = requireFunction(name);
      ctx.functions.setTags(name, { ...current, ...tags });
      return { status: 204 };
    },

    ListTags(request) {
      return { status: 200, body: { Tags: requireFunction(taggedFunction(request)).tags } };
    },

    UntagResource(request) {
      const name = taggedFunction(request);
      const keys = request.query.getAll('tagKeys');
      if (keys.length === 0) throw constraint(null, 'tagKeys', 'Member must not be null');
      const tags = { ...requireFunction(name).tags };
      for (const key of keys) delete tags[key];
      ctx.functions.setTags(name, tags);
      return { status: 204 };
    },
  };

  /** The function a tagging request's ARN names; Lambda tags functions, not versions. */
  function taggedFunction(request: RestRequest): string {
    const arn = request.params.arn ?? '';
    const match = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9_-]+)(:[^:]+)?$/.exec(arn);
    if (!match)
      throw constraint(
        arn,
        'resource',
        'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
      );
    if (match[2] !== undefined) throw invalid('Tags are not supported for function versions or aliases.');
    return match[1];
  }
}

/** The error document Invoke returns with X-Amz-Function-Error, as the Node.js runtime reports it. */
function errorPayload(
  result: Exclude<InvocationResult, { kind: 'succeeded' }>,
  timeoutSeconds: number,
): string {
  if (result.kind === 'timedOut') {
    return JSON.stringify({
      errorType: 'Sandbox.Timedout',
      errorMessage: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
    });
  }
  try {
    const cause = JSON.parse(result.cause) as unknown;
    if (cause && typeof cause === 'object' && 'errorType' in cause) return result.cause;
  } catch {
    // not the runtime's error document: report the error name and cause as given
  }
  return JSON.stringify({ errorType: result.error, errorMessage: result.cause });
}
