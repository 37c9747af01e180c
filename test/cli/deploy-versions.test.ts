import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachineVersionsCommand,
} from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutNodeVersionWarning } from '../../src/lib/sdk/quiet.js';
import { useTestEngine } from '../support/engine.js';
import { runInProcess } from '../support/in-process.js';
import { useRequestLog } from '../support/request-log.js';
import { sfnClient } from '../support/sdk.js';

// deploy's --publish, --alias, --role-arn and --function-role-arn end to end: the CLI in-process
// against a real engine behind a request-counting proxy, checked with the AWS SDK.

const engine = useTestEngine({ speed: 50 });
const log = useRequestLog(() => engine().url);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const config = () => ({ endpoint: engine().url, region: 'us-east-1', credentials, maxAttempts: 1 });
const sfn = () => sfnClient(engine().url);

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const dir = mkdtempSync(join(tmpdir(), 'taskctl-deploy-versions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const definition = join(dir, 'says.asl.json');
writeFileSync(
  definition,
  JSON.stringify({
    StartAt: 'Say',
    States: { Say: { Type: 'Pass', Result: { version: '${Version}' }, End: true } },
  }),
);
/** Deploys the `orders` stack, whose executions output which definition (`version`) they ran. */
const deployArgs = (version: string, ...more: string[]) => [
  'deploy',
  '--state-machine',
  'orders',
  '--definition',
  definition,
  '--sub',
  `Version=${version}`,
  '--json',
  ...more,
];

const cli = async (args: string[]) => {
  log().clear();
  const result = await runInProcess(args, {
    env: { ...engine().env, TASKCTL_ENDPOINT: log().url },
    timeoutMs: 30_000,
  });
  return { ...result, json: () => JSON.parse(result.stdout) as Record<string, unknown> };
};

const versions = async () =>
  (
    await sfn().send(new ListStateMachineVersionsCommand({ stateMachineArn: MACHINE }))
  ).stateMachineVersions!.map((v) => v.stateMachineVersionArn);

/** Submits through `arn` and waits; the version and alias DescribeExecution reports, and what ran. */
async function runThrough(arn: string) {
  const submitted = await cli(['submit', '{}', '--state-machine', arn, '--wait', '--json']);
  expect(submitted.code, submitted.stderr).toBe(0);
  const { executionArn } = submitted.json() as { executionArn: string };
  const described = await sfn().send(new DescribeExecutionCommand({ executionArn }));
  return {
    status: described.status,
    version: described.stateMachineVersionArn,
    alias: described.stateMachineAliasArn,
    ran: (JSON.parse(described.output!) as { version: string }).version,
  };
}

type Resource = { kind: string; name: string; action: string; changes: string[] };

describe('deploy --publish and --alias', { timeout: 60_000 }, () => {
  it('--publish publishes version 1, and a second deploy with nothing changed writes nothing', async () => {
    const first = await cli(deployArgs('one', '--publish'));
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ action: 'created', stateMachineVersionArn: `${MACHINE}:1` });

    const again = await cli(deployArgs('one', '--publish'));
    expect(again.code, again.stderr).toBe(0);
    expect((again.json().resources as Resource[]).every((r) => r.action === 'unchanged')).toBe(true);
    expect(again.json().stateMachineVersionArn).toBe(`${MACHINE}:1`);
    expect(log().writes()).toEqual([]);
    expect(await versions()).toEqual([`${MACHINE}:1`]);
  });

  it('--alias points a new alias at that version, and submit through the alias runs it', async () => {
    const deployed = await cli(deployArgs('one', '--alias', 'live'));
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.json()).toMatchObject({
      stateMachineVersionArn: `${MACHINE}:1`,
      aliasArn: `${MACHINE}:live`,
    });
    expect(log().writes()).toEqual(['CreateStateMachineAlias']);
    expect(await versions()).toEqual([`${MACHINE}:1`]);

    expect(await runThrough(`${MACHINE}:live`)).toEqual({
      status: 'SUCCEEDED',
      version: `${MACHINE}:1`,
      alias: `${MACHINE}:live`,
      ran: 'one',
    });
  });

  it('a changed definition with --alias publishes version 2 and moves the alias to it', async () => {
    const dryRun = await cli([...deployArgs('two', '--alias', 'live'), '--dry-run']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(
      (dryRun.json().resources as Resource[])
        .filter((r) => r.action !== 'unchanged')
        .map((r) => `${r.kind} ${r.action} ${r.changes.join()}`),
    ).toEqual(['state-machine update definition', 'state-machine-alias update version']);
    expect(log().writes()).toEqual([]);

    const deployed = await cli(deployArgs('two', '--alias', 'live'));
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.json()).toMatchObject({
      stateMachineVersionArn: `${MACHINE}:2`,
      aliasArn: `${MACHINE}:live`,
    });
    expect(log().writes()).toEqual(['UpdateStateMachine', 'UpdateStateMachineAlias']);
    const alias = await sfn().send(
      new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${MACHINE}:live` }),
    );
    expect(alias.routingConfiguration).toEqual([{ stateMachineVersionArn: `${MACHINE}:2`, weight: 100 }]);

    const again = await cli(deployArgs('two', '--alias', 'live'));
    expect(again.code, again.stderr).toBe(0);
    expect(log().writes()).toEqual([]);
    expect(await versions()).toEqual([`${MACHINE}:2`, `${MACHINE}:1`]);
    expect(await runThrough(`${MACHINE}:live`)).toMatchObject({ version: `${MACHINE}:2`, ran: 'two' });
  });

  it('--role-arn and --function-role-arn: no role is created, and the functions and state machine use them', async () => {
    const roleArn = 'arn:aws:iam::123456789012:role/own-states';
    const functionRoleArn = 'arn:aws:iam::123456789012:role/own-functions';
    const byo = [
      'deploy',
      '--state-machine',
      'byo',
      '--definition',
      definition,
      '--sub',
      'Version=byo',
      '--role-arn',
      roleArn,
      '--function-role-arn',
      functionRoleArn,
      '--json',
    ];
    const deployed = await cli(byo);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.json().roleArn).toBe(roleArn);
    expect((deployed.json().resources as Resource[]).map((r) => r.kind)).not.toContain('iam-role');
    expect(log().requests.filter((op) => /Role/.test(op))).toEqual([]);

    const lambda = withoutNodeVersionWarning(() => new LambdaClient(config()));
    for (const handler of ['CreateTask', 'CheckTaskStatus', 'TaskCompleted']) {
      const fn = await lambda.send(new GetFunctionCommand({ FunctionName: `byo-${handler}` }));
      expect(fn.Configuration?.Role).toBe(functionRoleArn);
    }
    const machine = await sfn().send(
      new DescribeStateMachineCommand({ stateMachineArn: MACHINE.replace(':orders', ':byo') }),
    );
    expect(machine.roleArn).toBe(roleArn);
    const iam = withoutNodeVersionWarning(() => new IAMClient(config()));
    const roles = await iam.send(new ListRolesCommand({}));
    expect(roles.Roles?.map((r) => r.RoleName).filter((name) => name?.startsWith('byo'))).toEqual([]);

    // Deployed without --publish: --publish now publishes the deployed revision, and only that.
    const published = await cli([...byo, '--publish']);
    expect(published.code, published.stderr).toBe(0);
    expect(published.json().stateMachineVersionArn).toBe(`${MACHINE.replace(':orders', ':byo')}:1`);
    expect(log().writes()).toEqual(['PublishStateMachineVersion']);
  });

  it('destroy --yes removes the alias, the versions and the state machine', async () => {
    const destroyed = await cli(['destroy', '--state-machine', 'orders', '--yes', '--json']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    const gone = (destroyed.json().resources as Resource[]).map((r) => `${r.action} ${r.kind} ${r.name}`);
    expect(gone.slice(0, 2)).toEqual(['deleted state-machine-alias live', 'deleted state-machine orders']);

    await expect(
      sfn().send(new DescribeStateMachineCommand({ stateMachineArn: `${MACHINE}:2` })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(versions()).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      sfn().send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${MACHINE}:live` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });
});
