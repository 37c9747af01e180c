import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeStateMachineCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutNodeVersionWarning } from '../../src/lib/sdk/quiet.js';
import { deterministicZip } from '../../src/lib/stack/code.js';
import { useTestEngine } from '../support/engine.js';
import { useRequestLog } from '../support/request-log.js';
import { runInProcess } from '../support/in-process.js';
import { logsClient, sfnClient } from '../support/sdk.js';

// deploy and destroy of the whole stack against a real engine, checked with the AWS SDK. A
// pass-through proxy in front of the engine records every request, so "writes nothing" is counted.

const engine = useTestEngine({ speed: 50 });
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const config = () => ({ endpoint: engine().url, region: 'us-east-1', credentials, maxAttempts: 1 });
const lambda = () => withoutNodeVersionWarning(() => new LambdaClient(config()));
const iam = () => withoutNodeVersionWarning(() => new IAMClient(config()));
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:taskctl-tasks';
const ROLES = ['taskctl-tasks-us-east-1-lambda', 'taskctl-tasks-us-east-1-states'];
const FUNCTIONS = ['CreateTask', 'CheckTaskStatus', 'TaskCompleted'];

const log = useRequestLog(() => engine().url);
/** Every request as OPERATION (SFN, Logs, IAM) or METHOD PATH (Lambda's REST). */
const requests = () => log().requests;
const writes = () => log().writes();

const handlersDir = mkdtempSync(join(tmpdir(), 'taskctl-stack-handlers-'));
afterAll(() => rmSync(handlersDir, { recursive: true, force: true }));

const cli = (args: string[]) => {
  log().clear();
  return runInProcess(args, { env: { ...engine().env, TASKCTL_ENDPOINT: log().url }, timeoutMs: 30_000 });
};

describe('deploy and destroy the whole stack', { timeout: 60_000 }, () => {
  it('deploys from nothing: two roles, three functions, the log group and the state machine', async () => {
    const dryRun = await cli(['deploy', '--dry-run', '--json']);
    expect(dryRun.code).toBe(0);
    expect(writes()).toEqual([]);
    const planned = JSON.parse(dryRun.stdout);
    expect(planned.resources.map((r: { action: string }) => r.action)).toEqual(Array(7).fill('create'));

    const deployed = await cli(['deploy', '--json']);
    expect(deployed.code, deployed.stderr).toBe(0);
    const result = JSON.parse(deployed.stdout);
    expect(result).toMatchObject({ action: 'created', stateMachineArn: STATE_MACHINE, dryRun: false });
    expect(result.resources.map((r: { kind: string; name: string }) => `${r.kind} ${r.name}`)).toEqual([
      `iam-role ${ROLES[0]}`,
      `iam-role ${ROLES[1]}`,
      ...FUNCTIONS.map((name) => `lambda-function ${name}`),
      'log-group /aws/vendedlogs/states/taskctl-tasks',
      'state-machine taskctl-tasks',
    ]);

    // Checked with the SDK, not with taskctl.
    for (const name of FUNCTIONS) {
      const fn = await lambda().send(new GetFunctionCommand({ FunctionName: name }));
      expect(fn.Configuration).toMatchObject({
        Runtime: 'nodejs22.x',
        Handler: `${name}.handler`,
        Role: `arn:aws:iam::123456789012:role/${ROLES[0]}`,
        State: 'Active',
      });
      expect(fn.Tags).toEqual({ 'taskctl:stack': 'taskctl-tasks' });
    }
    const statesRole = await iam().send(new GetRoleCommand({ RoleName: ROLES[1] }));
    expect(
      JSON.parse(decodeURIComponent(statesRole.Role!.AssumeRolePolicyDocument!)).Statement[0].Principal,
    ).toEqual({
      Service: 'states.amazonaws.com',
    });
    const policy = await iam().send(
      new GetRolePolicyCommand({ RoleName: ROLES[1], PolicyName: 'taskctl-states' }),
    );
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!)).Statement[0].Resource).toContain(
      'arn:aws:lambda:us-east-1:123456789012:function:CreateTask:*',
    );
    const machine = await sfnClient(engine().url).send(
      new DescribeStateMachineCommand({ stateMachineArn: STATE_MACHINE }),
    );
    expect(machine.roleArn).toBe(`arn:aws:iam::123456789012:role/${ROLES[1]}`);
    expect(machine.definition).toContain('arn:aws:lambda:us-east-1:123456789012:function:CheckTaskStatus');
    expect(machine.loggingConfiguration).toMatchObject({ level: 'ERROR', includeExecutionData: false });
    const groups = await logsClient(engine().url).send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/vendedlogs/states/' }),
    );
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/vendedlogs/states/taskctl-tasks']);
  });

  it('deploys again without a single write call: every resource unchanged', async () => {
    const again = await cli(['deploy', '--json']);
    expect(again.code).toBe(0);
    expect(
      JSON.parse(again.stdout).resources.every((r: { action: string }) => r.action === 'unchanged'),
    ).toBe(true);
    expect(requests().length).toBeGreaterThan(0);
    expect(writes()).toEqual([]);
  });

  it('updates only the function whose handler changed, and submit runs the uploaded code', async () => {
    writeFileSync(
      join(handlersDir, 'CreateTask.mjs'),
      `export async function handler(event) {
        return { task: { ...event.task, marker: 'uploaded-create-task' },
          job: { jobId: 'j', state: 'RUNNING', checks: 0, pollSeconds: 1, durationSeconds: 0 } };
      }\n`,
    );
    const dryRun = await cli(['deploy', '--handlers', handlersDir, '--dry-run']);
    expect(dryRun.stdout).toMatch(/^would update +lambda-function +CreateTask \(code\)$/m);
    expect(writes()).toEqual([]);

    const updated = await cli(['deploy', '--handlers', handlersDir, '--json']);
    expect(updated.code, updated.stderr).toBe(0);
    const changed = JSON.parse(updated.stdout).resources.filter(
      (r: { action: string }) => r.action !== 'unchanged',
    );
    expect(changed).toEqual([
      expect.objectContaining({ name: 'CreateTask', action: 'update', changes: ['code'] }),
    ]);
    expect(writes()).toEqual(['PUT /2015-03-31/functions/CreateTask/code']);

    const submitted = await cli(['submit', '{"n": 1}', '--wait', '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(JSON.parse(JSON.parse(submitted.stdout).output).task).toEqual({
      n: 1,
      marker: 'uploaded-create-task',
    });
  });

  it('destroy refuses without --yes off a terminal, lists on --dry-run, and deletes only what is tagged', async () => {
    const zip = await deterministicZip(
      'index.mjs',
      new TextEncoder().encode('export const handler = () => 1;'),
    );
    await iam().send(
      new CreateRoleCommand({
        RoleName: 'taskctl-tasks-us-east-1-other',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await lambda().send(
      new CreateFunctionCommand({
        FunctionName: 'untagged',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: `arn:aws:iam::123456789012:role/${ROLES[0]}`,
        Code: { ZipFile: zip },
      }),
    );

    const refused = await cli(['destroy']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(requests()).toEqual([]);

    const listed = await cli(['destroy', '--dry-run', '--json']);
    expect(listed.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(
      JSON.parse(listed.stdout)
        .resources.map((r: { name: string }) => r.name)
        .sort(),
    ).toEqual(['/aws/vendedlogs/states/taskctl-tasks', 'taskctl-tasks', ...FUNCTIONS, ...ROLES].sort());

    const destroyed = await cli(['destroy', '--yes', '--json']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(
      JSON.parse(destroyed.stdout).resources.every((r: { action: string }) => r.action === 'deleted'),
    ).toBe(true);

    const machines = await sfnClient(engine().url).send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines?.map((m) => m.name)).not.toContain('taskctl-tasks');
    const functions = await lambda().send(new ListFunctionsCommand({}));
    expect(functions.Functions?.map((f) => f.FunctionName)).toEqual(['untagged']);
    const roles = await iam().send(new ListRolesCommand({}));
    expect(roles.Roles?.map((r) => r.RoleName)).toEqual(['taskctl-tasks-us-east-1-other']);
    const groups = await logsClient(engine().url).send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/vendedlogs/' }),
    );
    expect(groups.logGroups).toEqual([]);
  });
});
