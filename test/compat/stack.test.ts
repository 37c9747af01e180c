import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutNodeVersionWarning } from '../../src/lib/sdk/quiet.js';
import { runCli } from '../support/cli.js';
import { MOTO_ENV, useMoto } from './support/moto.js';

// The whole stack on moto: `taskctl deploy` with no flags creates the three functions, both roles
// with their trust and permission policies, the log group and the state machine logging to it;
// a second deploy writes nothing; `taskctl destroy --yes` removes exactly what deploy made. All
// of it checked with the AWS SDK against moto itself, never with taskctl.

const moto = useMoto();
const STACK = 'taskctl-tasks';
const TAG = 'taskctl:stack';
const FUNCTIONS = ['CreateTask', 'CheckTaskStatus', 'TaskCompleted'];
const LOG_GROUP = `/aws/vendedlogs/states/${STACK}`;
const MACHINE_ARN = `arn:aws:states:us-east-1:123456789012:stateMachine:${STACK}`;
const LOG_DELIVERY = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

const credentials = {
  accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY,
};
const config = () => ({ endpoint: moto().url, region: MOTO_ENV.AWS_REGION, credentials, maxAttempts: 1 });
let sfn: SFNClient;
let iam: IAMClient;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

const taskctl = (...args: string[]) =>
  runCli([...args, '--endpoint', moto().proxyUrl], { env: MOTO_ENV, timeoutMs: 90_000 });
const writes = () =>
  moto()
    .requests.filter((request) => request.write)
    .map((request) => request.operation);

/** IAM answers policy documents URL-encoded (as AWS does); moto sometimes as plain JSON. */
const policyJson = (text: string | undefined) => {
  const raw = text ?? '{}';
  return JSON.parse(raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw)) as {
    Statement: {
      Effect: string;
      Action: string | string[];
      Resource?: string | string[];
      Principal?: unknown;
    }[];
  };
};
const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The roles tagged as this stack's, found as taskctl must find them: by tag. */
async function stackRoles() {
  const { Roles = [] } = await iam.send(new ListRolesCommand({}));
  const tagged = [];
  for (const role of Roles) {
    const { Tags = [] } = await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName! }));
    if (Tags.some((tag) => tag.Key === TAG && tag.Value === STACK)) tagged.push(role);
  }
  return tagged;
}
async function trustedService(roleName: string): Promise<unknown> {
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
  return policyJson(Role!.AssumeRolePolicyDocument).Statement.map((statement) => statement.Principal);
}
async function inlinePolicies(roleName: string) {
  const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  return Promise.all(
    PolicyNames.map(async (PolicyName) => {
      const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }));
      return policyJson(PolicyDocument);
    }),
  );
}
const functionNames = async () =>
  ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((fn) => fn.FunctionName);
const logGroupNames = async () =>
  (
    (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/vendedlogs/states/' })))
      .logGroups ?? []
  ).map((group) => group.logGroupName);
const machineNames = async () =>
  ((await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).map((machine) => machine.name);

beforeAll(async () => {
  sfn = withoutNodeVersionWarning(() => new SFNClient(config()));
  iam = withoutNodeVersionWarning(() => new IAMClient(config()));
  lambda = withoutNodeVersionWarning(() => new LambdaClient(config()));
  logs = withoutNodeVersionWarning(() => new CloudWatchLogsClient(config()));
  // Bystanders: resources deploy did not make, which destroy must leave alone.
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'bystander',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/vendedlogs/states/bystander' }));
});

describe('the whole stack on moto', () => {
  it('deploy creates the functions, both roles, the log group and the state machine, all tagged', async () => {
    moto().reset();
    const deployed = await taskctl('deploy');
    expect(deployed.stderr).toContain(
      'the endpoint does not implement ValidateStateMachineDefinition; validated locally',
    );
    expect(deployed.code).toBe(0);
    expect(deployed.stdout.trim()).toBe(MACHINE_ARN);

    // Two roles, each trusting its service's global principal, with least-privilege inline policies.
    const roles = await stackRoles();
    expect(roles).toHaveLength(2);
    const byService = new Map<string, string>();
    for (const role of roles) {
      const [principal] = (await trustedService(role.RoleName!)) as { Service: string }[];
      byService.set(principal.Service, role.RoleName!);
    }
    expect([...byService.keys()].sort()).toEqual(['lambda.amazonaws.com', 'states.amazonaws.com']);
    const lambdaRole = byService.get('lambda.amazonaws.com')!;
    const statesRole = byService.get('states.amazonaws.com')!;
    const roleArn = (name: string) => roles.find((role) => role.RoleName === name)!.Arn;

    // Three functions running the bundled handlers as the Lambda role, tagged with the stack.
    const functionArns: string[] = [];
    for (const name of FUNCTIONS) {
      const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
      expect(fn.Configuration).toMatchObject({
        Runtime: 'nodejs22.x',
        Role: roleArn(lambdaRole),
        State: 'Active',
      });
      expect(fn.Tags).toMatchObject({ [TAG]: STACK });
      functionArns.push(fn.Configuration!.FunctionArn!);
    }

    const [lambdaPolicy] = await inlinePolicies(lambdaRole);
    expect(lambdaPolicy.Statement.flatMap((s) => list(s.Action)).sort()).toEqual(
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'].sort(),
    );
    const [statesPolicy] = await inlinePolicies(statesRole);
    const invoke = statesPolicy.Statement.filter((s) => list(s.Action).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(list(invoke[0].Resource).sort()).toEqual(functionArns.flatMap((arn) => [arn, `${arn}:*`]).sort());
    expect(statesPolicy.Statement.flatMap((s) => list(s.Action)).sort()).toEqual(
      ['lambda:InvokeFunction', ...LOG_DELIVERY].sort(),
    );

    // The log group, tagged.
    const { logGroups = [] } = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP }),
    );
    expect(logGroups.map((group) => group.logGroupName)).toEqual([LOG_GROUP]);
    const groupArn = logGroups[0].arn!.replace(/:\*$/, '');
    const { tags: groupTags } = await logs.send(new ListLogTagsCommand({ resourceArn: groupArn }));
    expect(groupTags).toMatchObject({ [TAG]: STACK });

    // The state machine: the states role, logging ERROR to that group, the real function ARNs.
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: MACHINE_ARN }));
    expect(machine.roleArn).toBe(roleArn(statesRole));
    expect(machine.loggingConfiguration).toMatchObject({
      level: 'ERROR',
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `${groupArn}:*` } }],
    });
    const states = (JSON.parse(machine.definition!) as { States: Record<string, { Resource?: string }> })
      .States;
    const resources = Object.values(states).flatMap((state) => (state.Resource ? [state.Resource] : []));
    expect(resources.sort()).toEqual([...functionArns].sort());
    const { tags = [] } = await sfn.send(new ListTagsForResourceCommand({ resourceArn: MACHINE_ARN }));
    expect(tags).toContainEqual({ key: TAG, value: STACK });
    expect(writes().length).toBeGreaterThan(0);
  });

  it('a second deploy reads everything and writes nothing', async () => {
    moto().reset();
    const again = await taskctl('deploy', '--json');
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout) as { resources: { action: string }[] };
    expect(result.resources.length).toBe(7);
    expect(result.resources.every((resource) => resource.action === 'unchanged')).toBe(true);
    // It did read each service (so the count below is of real traffic), and wrote to none.
    expect(new Set(moto().requests.map((request) => request.service))).toEqual(
      new Set(['states', 'lambda', 'iam', 'logs']),
    );
    expect(writes()).toEqual([]);
  });

  it('destroy --yes removes everything deploy made, and nothing else', async () => {
    const destroyed = await taskctl('destroy', '--yes');
    expect(destroyed.code).toBe(0);
    expect(await machineNames()).not.toContain(STACK);
    expect(await logGroupNames()).toEqual(['/aws/vendedlogs/states/bystander']);
    const remaining = await functionNames();
    for (const name of FUNCTIONS) expect(remaining).not.toContain(name);
    expect(await stackRoles()).toEqual([]);
    const { Roles = [] } = await iam.send(new ListRolesCommand({}));
    expect(Roles.map((role) => role.RoleName)).toContain('bystander');
  });
});
