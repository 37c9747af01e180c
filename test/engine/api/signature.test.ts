import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useInProcessEngine } from '../../support/in-process-engine.js';
import { localEngineCredentials, parseKeyPair } from '../../../src/lib/dev-credentials.js';
import { withoutNodeVersionWarning } from '../../../src/lib/sdk/quiet.js';
import { runInProcess } from '../../support/in-process.js';
import { createMachine } from '../../support/sdk.js';
import { FUNCTION_ROLE, zipOf } from './clients.js';

// `dev --credentials KEY:SECRET`: SigV4 signatures checked on every service, with AWS's refusals.

const KEY = 'AKIDTASKCTLTEST';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY:secret';
const ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

interface Signing {
  accessKeyId?: string;
  secretAccessKey?: string;
  systemClockOffset?: number;
}

function clients(url: string, signing: Signing = {}) {
  const config = {
    endpoint: url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: {
      accessKeyId: signing.accessKeyId ?? KEY,
      secretAccessKey: signing.secretAccessKey ?? SECRET,
    },
    ...(signing.systemClockOffset ? { systemClockOffset: signing.systemClockOffset } : {}),
  };
  return withoutNodeVersionWarning(() => ({
    sfn: new SFNClient(config),
    logs: new CloudWatchLogsClient(config),
    lambda: new LambdaClient(config),
    iam: new IAMClient(config),
  }));
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => ({
      name: e.name,
      status: e.$metadata?.httpStatusCode,
      message: e.message,
    }),
  );

describe('an engine started with credentials', () => {
  const engine = useInProcessEngine({ credentials: { accessKeyId: KEY, secretAccessKey: SECRET } });

  it('serves requests signed with them on every service', async () => {
    const { sfn, logs, lambda, iam } = clients(engine().url);
    const machine = await createMachine(sfn, 'signed', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"a": "ü / ?&="}' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/signed/group' }));
    expect(
      (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/signed' }))).logGroups,
    ).toHaveLength(1);
    await iam.send(new CreateRoleCommand({ RoleName: 'signed-role', AssumeRolePolicyDocument: ROLE_POLICY }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'signed-role' }))).Role?.RoleName).toBe(
      'signed-role',
    );
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'signed-fn',
        Runtime: 'nodejs20.x',
        Role: FUNCTION_ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.mjs': 'export const handler = async (e) => ({ got: e });' }) },
      }),
    );
    // A path with escaped characters (the ARN's colons) and a query string, signed as sent.
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:signed-fn';
    expect(
      (await lambda.send(new GetFunctionCommand({ FunctionName: arn }))).Configuration?.FunctionName,
    ).toBe('signed-fn');
    expect((await lambda.send(new ListFunctionsCommand({ MaxItems: 5 }))).Functions).toHaveLength(1);
    const invoked = await lambda.send(
      new InvokeCommand({ FunctionName: 'signed-fn', Payload: Buffer.from('{"x":1}') }),
    );
    expect(JSON.parse(Buffer.from(invoked.Payload!).toString())).toEqual({ got: { x: 1 } });
  });

  it("refuses a wrong secret with each service's signature error, and changes nothing", async () => {
    const { sfn, lambda, iam } = clients(engine().url, { secretAccessKey: 'not-the-secret' });
    expect(
      await failure(
        sfn.send(
          new StartExecutionCommand({
            stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:signed',
          }),
        ),
      ),
    ).toEqual({
      name: 'InvalidSignatureException',
      status: 400,
      message: expect.stringContaining(
        'The request signature we calculated does not match the signature you provided',
      ) as unknown,
    });
    expect(await failure(lambda.send(new ListFunctionsCommand({})))).toMatchObject({
      name: 'InvalidSignatureException',
      status: 403,
    });
    expect(
      await failure(
        iam.send(new CreateRoleCommand({ RoleName: 'nope', AssumeRolePolicyDocument: ROLE_POLICY })),
      ),
    ).toMatchObject({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
    const good = clients(engine().url);
    expect(await failure(good.iam.send(new GetRoleCommand({ RoleName: 'nope' })))).toMatchObject({
      name: 'NoSuchEntityException',
    });
  });

  it('refuses an unknown key, a request dated 20 minutes off, and an unsigned one', async () => {
    const wrongKey = clients(engine().url, { accessKeyId: 'AKIDSOMEONEELSE' });
    expect(await failure(wrongKey.sfn.send(new ListStateMachinesCommand({})))).toEqual({
      name: 'UnrecognizedClientException',
      status: 400,
      message: 'The security token included in the request is invalid.',
    });
    const late = clients(engine().url, { systemClockOffset: -20 * 60 * 1000 });
    expect(await failure(late.sfn.send(new ListStateMachinesCommand({})))).toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired/) as unknown,
    });
    const unsigned = await fetch(engine().url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('refuses a signed request whose body was changed on the way', async () => {
    const { sfn } = clients(engine().url);
    sfn.middlewareStack.add(
      (next) => async (args) => {
        // Same length, so only the signature can tell.
        const request = args.request as { body: string | Uint8Array };
        const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        request.body = text.replace('{}', '[]');
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'tamper' },
    );
    expect(await failure(sfn.send(new ListStateMachinesCommand({})))).toMatchObject({
      name: 'InvalidSignatureException',
    });
  });

  it('serves the CLI when AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY hold them, and says why not otherwise', async () => {
    const env = { TASKCTL_ENDPOINT: engine().url, TASKCTL_DATA_DIR: engine().dataDir };
    const signed = await runInProcess(['list', '--state-machine', 'signed', '--json'], {
      env: { ...env, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET },
    });
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.stdout)).toHaveLength(1);
    const unsigned = await runInProcess(['list', '--state-machine', 'signed'], { env });
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain("refused the request's credentials (UnrecognizedClientException");
    expect(unsigned.stderr).toContain('TASKCTL_DEV_CREDENTIALS=KEY:SECRET');
    expect(unsigned.stderr).not.toContain(SECRET);
  });
});

describe('the key pair the CLI signs local requests with', () => {
  it('is TASKCTL_DEV_CREDENTIALS when set, else AWS_*, else a placeholder', () => {
    expect(
      localEngineCredentials({
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 'b',
        TASKCTL_DEV_CREDENTIALS: 'c:d',
      }),
    ).toEqual({ accessKeyId: 'c', secretAccessKey: 'd' });
    expect(
      localEngineCredentials({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 't' }),
    ).toEqual({
      accessKeyId: 'a',
      secretAccessKey: 'b',
      sessionToken: 't',
    });
    expect(localEngineCredentials({ TASKCTL_DEV_CREDENTIALS: 'c:d:e' })).toEqual({
      accessKeyId: 'c',
      secretAccessKey: 'd:e',
    });
    expect(localEngineCredentials({})).toEqual({ accessKeyId: 'taskctl', secretAccessKey: 'taskctl' });
    expect([':x', 'x:', 'x', ''].map(parseKeyPair)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
