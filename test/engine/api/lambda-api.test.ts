import { createHash } from 'node:crypto';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import { logsClient } from '../../support/sdk.js';
import { FUNCTION_ROLE, lambdaClient, zipOf } from './clients.js';

// The Lambda API subset through the real SDK against a real engine process.

const echo = zipOf({
  'index.mjs': `export const handler = async (event, context) => {
    console.log('echoing', JSON.stringify(event));
    return { event, version: context.functionVersion, greeting: process.env.GREETING ?? null };
  };`,
});

const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as unknown;

async function create(lambda: LambdaClient, name: string, zip = echo, extra: object = {}) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: FUNCTION_ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip },
      ...extra,
    }),
  );
}

async function invoke(lambda: LambdaClient, name: string, payload: unknown, extra: object = {}) {
  return lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }),
  );
}

describe('Lambda API', () => {
  const engine = useTestEngine();

  it('creates a function from a zip and reports it as Lambda does', async () => {
    const lambda = lambdaClient(engine().url);
    const created = await create(lambda, 'Echo', echo, {
      Environment: { Variables: { GREETING: 'hello' } },
      Timeout: 10,
      Description: 'echoes',
    });
    expect(created).toMatchObject({
      FunctionName: 'Echo',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Echo',
      Runtime: 'nodejs20.x',
      Role: FUNCTION_ROLE,
      Handler: 'index.handler',
      CodeSize: echo.length,
      CodeSha256: createHash('sha256').update(echo).digest('base64'),
      Version: '$LATEST',
      Timeout: 10,
      MemorySize: 128,
      Description: 'echoes',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Environment: { Variables: { GREETING: 'hello' } },
    });
    expect(created.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'Echo' }));
    const { $metadata: _, ...configuration } = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: created.FunctionArn }),
    );
    expect(got.Configuration).toEqual(configuration);
    expect(configuration.CodeSha256).toBe(created.CodeSha256);
    expect(got.Code?.RepositoryType).toBe('S3');

    await expect(create(lambda, 'Echo')).rejects.toMatchObject({
      name: 'ResourceConflictException',
      message: 'Function already exist: Echo',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('invokes the uploaded code, with its environment, logging to /aws/lambda/NAME', async () => {
    const lambda = lambdaClient(engine().url);
    await create(lambda, 'Greeter', echo, { Environment: { Variables: { GREETING: 'hi' } } });
    const result = await invoke(lambda, 'Greeter', { n: 1 }, { LogType: 'Tail' });
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(result.ExecutedVersion).toBe('$LATEST');
    expect(decode(result.Payload)).toEqual({ event: { n: 1 }, version: '$LATEST', greeting: 'hi' });
    const tail = Buffer.from(result.LogResult!, 'base64').toString('utf8');
    expect(tail).toMatch(
      /^START RequestId: \S+ Version: \$LATEST\n.*\tINFO\techoing {"n":1}\nEND RequestId: \S+\nREPORT RequestId: /s,
    );

    // A configuration change reaches the next invocation (a fresh environment, as on Lambda).
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'Greeter',
        Environment: { Variables: { GREETING: 'hey' } },
      }),
    );
    expect(decode((await invoke(lambda, 'Greeter', {})).Payload)).toMatchObject({ greeting: 'hey' });

    const logs = logsClient(engine().url);
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/Greeter' }));
    expect(events.events?.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('echoing {"n":1}')]),
    );
  });

  it('reports a thrown error as FunctionError Unhandled with the error document', async () => {
    const lambda = lambdaClient(engine().url);
    await create(
      lambda,
      'Thrower',
      zipOf({
        'src/app.js': `exports.main = async () => { const e = new Error('no luck'); e.name = 'Unlucky'; throw e; };`,
      }),
      { Handler: 'src/app.main' },
    );
    const result = await invoke(lambda, 'Thrower', {});
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBe('Unhandled');
    expect(decode(result.Payload)).toMatchObject({ errorType: 'Unlucky', errorMessage: 'no luck' });
  });

  it('fails an invocation whose Handler names no module or no export, as Lambda does', async () => {
    const lambda = lambdaClient(engine().url);
    await create(lambda, 'NoModule', echo, { Handler: 'missing.handler' });
    const noModule = await invoke(lambda, 'NoModule', {});
    expect(noModule.FunctionError).toBe('Unhandled');
    expect(decode(noModule.Payload)).toMatchObject({ errorType: 'Runtime.ImportModuleError' });

    await create(lambda, 'NoExport', echo, { Handler: 'index.nothere' });
    const noExport = await invoke(lambda, 'NoExport', {});
    expect(noExport.FunctionError).toBe('Unhandled');
    expect(decode(noExport.Payload)).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.nothere is undefined or not exported',
    });
  });

  it('times a function out at its Timeout', async () => {
    const lambda = lambdaClient(engine().url);
    await create(
      lambda,
      'Sleeper',
      zipOf({ 'index.mjs': `export const handler = () => new Promise((r) => setTimeout(r, 5000));` }),
      { Timeout: 1 },
    );
    const started = Date.now();
    const result = await invoke(lambda, 'Sleeper', {});
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.FunctionError).toBe('Unhandled');
    expect(decode(result.Payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
  });

  it('updates code and configuration, publishes numbered versions and invokes them by qualifier', async () => {
    const lambda = lambdaClient(engine().url);
    const first = await create(lambda, 'Versioned', echo, { Publish: true });
    expect(first.Version).toBe('1');
    expect(first.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:Versioned:1');

    const v2Code = zipOf({ 'index.mjs': `export const handler = async () => 'second';` });
    const updated = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'Versioned', ZipFile: v2Code }),
    );
    expect(updated.CodeSha256).toBe(createHash('sha256').update(v2Code).digest('base64'));
    expect(updated.CodeSha256).not.toBe(first.CodeSha256);
    expect(decode((await invoke(lambda, 'Versioned', {})).Payload)).toBe('second');
    const old = await invoke(lambda, 'Versioned', { x: 1 }, { Qualifier: '1' });
    expect(old.ExecutedVersion).toBe('1');
    expect(decode(old.Payload)).toEqual({ event: { x: 1 }, version: '1', greeting: null });

    const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'Versioned' }));
    expect(published.Version).toBe('2');
    // Nothing changed since version 2: Lambda returns it instead of publishing another.
    const again = await lambda.send(new PublishVersionCommand({ FunctionName: 'Versioned' }));
    expect(again.Version).toBe('2');
    // The same bytes uploaded again are recognisable by their CodeSha256.
    const same = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'Versioned', ZipFile: v2Code }),
    );
    expect(same.CodeSha256).toBe(published.CodeSha256);

    const configured = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'Versioned', MemorySize: 256, Timeout: 30 }),
    );
    expect(configured).toMatchObject({ MemorySize: 256, Timeout: 30, Version: '$LATEST' });
    expect(configured.RevisionId).not.toBe(same.RevisionId);
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'Versioned' }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);

    await expect(
      lambda.send(new PublishVersionCommand({ FunctionName: 'Versioned', RevisionId: 'stale' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailedException', $metadata: { httpStatusCode: 412 } });
  });

  it('lists functions a page at a time', async () => {
    const lambda = lambdaClient(engine().url);
    for (const name of ['page-a', 'page-b', 'page-c']) await create(lambda, name);
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect(page.Functions!.length).toBeLessThanOrEqual(2);
      names.push(...page.Functions!.map((f) => f.FunctionName!));
      marker = page.NextMarker;
      pages += 1;
    } while (marker);
    expect(pages).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('tags functions', async () => {
    const lambda = lambdaClient(engine().url);
    const { FunctionArn } = await create(lambda, 'Tagged', echo, { Tags: { 'taskctl:stack': 'dev' } });
    await lambda.send(new TagResourceCommand({ Resource: FunctionArn, Tags: { team: 'core' } }));
    expect((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags).toEqual({
      'taskctl:stack': 'dev',
      team: 'core',
    });
    await lambda.send(new UntagResourceCommand({ Resource: FunctionArn, TagKeys: ['team'] }));
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: 'Tagged' }))).Tags).toEqual({
      'taskctl:stack': 'dev',
    });
  });

  it('deletes functions and versions', async () => {
    const lambda = lambdaClient(engine().url);
    await create(lambda, 'Doomed', echo, { Publish: true });
    await expect(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'Doomed', Qualifier: '$LATEST' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'Doomed', Qualifier: '1' }));
    await expect(invoke(lambda, 'Doomed', {}, { Qualifier: '1' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'Doomed' }));
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'Doomed' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:Doomed',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('rejects bad requests with the errors Lambda uses', async () => {
    const lambda = lambdaClient(engine().url);
    await expect(create(lambda, 'BadZip', new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await expect(
      create(lambda, 'Escapes', zipOf({ '../escape.js': 'exports.handler = () => 1;' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await expect(create(lambda, 'bad name!')).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(create(lambda, 'NoRole', echo, { Role: 'not-a-role' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      create(lambda, 'Reserved', echo, { Environment: { Variables: { AWS_REGION: 'x' } } }),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(create(lambda, 'Python', echo, { Runtime: 'python3.12' })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await create(lambda, 'Strict');
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'Strict', Payload: Buffer.from('{nope') })),
    ).rejects.toMatchObject({ name: 'InvalidRequestContentException', $metadata: { httpStatusCode: 400 } });
    // No SDK validation stands between these raw requests and the engine; it must answer and live.
    const url = engine().url;
    const raw = [
      await fetch(`${url}/2015-03-31/functions`, { method: 'POST', body: '[1' }),
      await fetch(`${url}/2015-03-31/functions/%E0%A4%A/configuration`),
      await fetch(`${url}/2015-03-31/functions/x/unknown`, { method: 'PATCH' }),
      await fetch(`${url}/2017-03-31/tags/nonsense`),
      await fetch(`${url}/2015-03-31/functions`, {
        method: 'POST',
        body: JSON.stringify({
          FunctionName: 'Odd',
          Runtime: 'nodejs20.x',
          Role: FUNCTION_ROLE,
          Handler: 'i.h',
          Code: { ZipFile: 42 },
          Environment: { Variables: [1] },
        }),
      }),
    ];
    for (const response of raw) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('x-amzn-errortype')).toBeTruthy();
    }
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: 'Strict' }))).Configuration?.State).toBe(
      'Active',
    );
  });
});
