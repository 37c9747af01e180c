import { CreateRoleCommand, UpdateAssumeRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaultSpec } from '../../../src/engine/api/faults.js';
import { startEngine, type RunningEngine } from '../../../src/engine/index.js';
import { sfnClient } from '../../support/sdk.js';
import { iamClient, lambdaClient, zipOf } from './clients.js';

// The role a function or state machine names must be one the service can assume, as AWS checks it:
// for roles the engine's IAM knows (unknown ones are accepted: the engine has no real IAM), and,
// under `--fault role-propagation=…`, not before IAM would have propagated a new trust policy.

const ACCOUNT = '123456789012';
const PASS = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } });
const CODE = zipOf({ 'index.mjs': 'export const handler = async (e) => e;' });
const trust = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
const LAMBDA_REFUSAL = {
  name: 'InvalidParameterValueException',
  message: 'The role defined for the function cannot be assumed by Lambda.',
  $metadata: { httpStatusCode: 400 },
};
const STATES_REFUSAL = {
  name: 'AccessDeniedException',
  message:
    'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
  $metadata: { httpStatusCode: 400 },
};

let engine: RunningEngine | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function start(faults: string[] = []) {
  dataDir = mkdtempSync(join(tmpdir(), 'taskctl-roles-'));
  engine = await startEngine({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    speed: 1,
    ...(faults.length > 0 ? { faults: parseFaultSpec(faults) } : {}),
  });
  return { iam: iamClient(engine.url), lambda: lambdaClient(engine.url), sfn: sfnClient(engine.url) };
}

async function role(iam: IAMClient, name: string, service: string, path = '/'): Promise<string> {
  const { Role } = await iam.send(
    new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: trust(service) }),
  );
  return Role!.Arn!;
}

const createFunction = (lambda: LambdaClient, name: string, roleArn: string) =>
  lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: roleArn,
      Handler: 'index.handler',
      Code: { ZipFile: CODE },
    }),
  );

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (e: unknown) => e,
  );

describe('the role a function or state machine is to assume', () => {
  it('Lambda: a known role must trust lambda.amazonaws.com; an unknown one is accepted', async () => {
    const { iam, lambda } = await start();
    const statesRole = await role(iam, 'for-states', 'states.amazonaws.com');
    const lambdaRole = await role(iam, 'for-lambda', 'lambda.amazonaws.com', '/service-role/');

    expect(await refusalOf(createFunction(lambda, 'Refused', statesRole))).toMatchObject(LAMBDA_REFUSAL);
    expect(await refusalOf(createFunction(lambda, 'Known', lambdaRole))).toBe('accepted');
    expect(
      await refusalOf(createFunction(lambda, 'Placeholder', `arn:aws:iam::${ACCOUNT}:role/nowhere`)),
    ).toBe('accepted');
    // The same name under another path is another role, which IAM does not have.
    expect(
      await refusalOf(createFunction(lambda, 'OtherPath', `arn:aws:iam::${ACCOUNT}:role/for-lambda`)),
    ).toBe('accepted');

    const update = new UpdateFunctionConfigurationCommand({ FunctionName: 'Known', Role: statesRole });
    expect(await refusalOf(lambda.send(update))).toMatchObject(LAMBDA_REFUSAL);
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'Known' }));
    expect(config.Role).toBe(lambdaRole);
  });

  it('Step Functions: a known role must trust states.amazonaws.com (or its regional name)', async () => {
    const { iam, sfn } = await start();
    const lambdaRole = await role(iam, 'for-lambda', 'lambda.amazonaws.com');
    const regional = await role(iam, 'regional', 'states.us-east-1.amazonaws.com');
    const create = (name: string, roleArn: string) =>
      sfn.send(new CreateStateMachineCommand({ name, definition: PASS, roleArn }));

    expect(await refusalOf(create('refused', lambdaRole))).toMatchObject(STATES_REFUSAL);
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines).toEqual([]);
    const { stateMachineArn } = await create('regional', regional);
    await create('placeholder', `arn:aws:iam::${ACCOUNT}:role/taskctl-local`);

    const update = new UpdateStateMachineCommand({ stateMachineArn, roleArn: lambdaRole });
    expect(await refusalOf(sfn.send(update))).toMatchObject(STATES_REFUSAL);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.roleArn).toBe(regional);
  });

  it('role-propagation=DURATION: a new role, or a changed trust, is refused for that long, then accepted', async () => {
    const { iam, lambda, sfn } = await start(['role-propagation=800ms']);
    const lambdaRole = await role(iam, 'new-lambda', 'lambda.amazonaws.com');
    const statesRole = await role(iam, 'new-states', 'states.amazonaws.com');
    expect(await refusalOf(createFunction(lambda, 'Early', lambdaRole))).toMatchObject(LAMBDA_REFUSAL);
    const create = () =>
      sfn.send(new CreateStateMachineCommand({ name: 'm', definition: PASS, roleArn: statesRole }));
    expect(await refusalOf(create())).toMatchObject(STATES_REFUSAL);

    await sleep(850);
    expect(await refusalOf(createFunction(lambda, 'Later', lambdaRole))).toBe('accepted');
    expect(await refusalOf(create())).toBe('accepted');

    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'new-lambda',
        PolicyDocument: trust('lambda.amazonaws.com'),
      }),
    );
    expect(await refusalOf(createFunction(lambda, 'AfterChange', lambdaRole))).toMatchObject(LAMBDA_REFUSAL);
  });

  it('role-propagation=forever: a role created while the engine runs is never assumable', async () => {
    const { iam, lambda } = await start(['role-propagation=forever']);
    const lambdaRole = await role(iam, 'never', 'lambda.amazonaws.com');
    expect(await refusalOf(createFunction(lambda, 'Never', lambdaRole))).toMatchObject(LAMBDA_REFUSAL);
    expect(await refusalOf(createFunction(lambda, 'Placeholder', `arn:aws:iam::${ACCOUNT}:role/x`))).toBe(
      'accepted',
    );
  });
});

describe('the role-propagation fault rule', () => {
  it('reads a duration, forever or -1, beside the other rules', () => {
    expect(parseFaultSpec(['throttle=0.1,role-propagation=2s']).rolePropagationMs).toBe(2000);
    expect(parseFaultSpec(['role-propagation=forever']).rolePropagationMs).toBe(Infinity);
    expect(parseFaultSpec(['role-propagation=-1']).rolePropagationMs).toBe(Infinity);
  });

  it.each([
    ['role-propagation=soon', 'duration'],
    ['CreateFunction:role-propagation=1s', 'applies to every operation'],
  ])('refuses %s', (value, problem) => {
    expect(() => parseFaultSpec([value])).toThrow(FaultSpecError);
    expect(() => parseFaultSpec([value])).toThrow(problem);
  });
});
