import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutNodeVersionWarning } from '../../src/lib/sdk/quiet.js';
import { runCli } from '../support/cli.js';
import { MOTO_ENV, useMoto } from './support/moto.js';

// taskctl (the built CLI) against moto's server, deploying a definition of the user's with a role
// of theirs (--role-arn); every result is checked with the AWS SDK against moto itself. Stock
// moto 5.2.1 may answer 500 to a state machine's second StartExecution (moto issue 10077), so
// only one execution is started.

const moto = useMoto();
const dir = mkdtempSync(join(tmpdir(), 'taskctl-compat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOTICE = 'the endpoint does not implement ValidateStateMachineDefinition; validated locally';
const credentials = {
  accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY,
};
const clientConfig = () => ({
  endpoint: moto().url,
  region: MOTO_ENV.AWS_REGION,
  credentials,
  maxAttempts: 1,
});
let sfn: SFNClient;
let roleArn: string;

const taskctl = (...args: string[]) =>
  runCli([...args, '--endpoint', moto().proxyUrl], { env: MOTO_ENV, timeoutMs: 60_000 });
function definitionFile(name: string, definition: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(definition));
  return file;
}
const describeMachine = (name: string) =>
  sfn.send(
    new DescribeStateMachineCommand({
      stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`,
    }),
  );
const machineNames = async () =>
  ((await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).map((machine) => machine.name);
const writes = () =>
  moto()
    .requests.filter((request) => request.write)
    .map((request) => request.operation);

const pass = { StartAt: 'A', States: { A: { Type: 'Pass', Result: { v: 1 }, End: true } } };

beforeAll(async () => {
  sfn = withoutNodeVersionWarning(() => new SFNClient(clientConfig()));
  // moto needs a role ARN for CreateStateMachine; taskctl is given one, as on AWS.
  const iam = withoutNodeVersionWarning(() => new IAMClient(clientConfig()));
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: 'taskctl-compat-states',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  roleArn = Role!.Arn!;
});

describe('taskctl against moto', () => {
  it('deploys a definition, validating it locally, then finds it unchanged with no write call', async () => {
    const file = definitionFile('pass', pass);
    const created = await taskctl(
      'deploy',
      '--definition',
      file,
      '--name',
      'compat-pass',
      '--role-arn',
      roleArn,
    );
    expect(created.stderr).toContain(NOTICE);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:compat-pass');
    const machine = await describeMachine('compat-pass');
    expect(JSON.parse(machine.definition!)).toEqual(pass);
    expect(machine.roleArn).toBe(roleArn);
    expect(machine.type).toBe('STANDARD');

    moto().reset();
    const again = await taskctl(
      'deploy',
      '--definition',
      file,
      '--name',
      'compat-pass',
      '--role-arn',
      roleArn,
      '--json',
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ action: 'unchanged', name: 'compat-pass' });
    expect(moto().requests.length).toBeGreaterThan(0);
    expect(writes()).toEqual([]);
  });

  it('dry-runs a change without writing, then updates only the definition', async () => {
    const changed = definitionFile('changed', { ...pass, Comment: 'changed' });
    moto().reset();
    const dryRun = await taskctl(
      'deploy',
      '--definition',
      changed,
      '--name',
      'compat-pass',
      '--role-arn',
      roleArn,
      '--dry-run',
    );
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/^\+.*"Comment": "changed"/m);
    expect(dryRun.stdout).toMatch(/^would update +state-machine +compat-pass \(definition\)$/m);
    expect(writes()).toEqual([]);
    expect(JSON.parse((await describeMachine('compat-pass')).definition!)).toEqual(pass);

    moto().reset();
    const updated = await taskctl(
      'deploy',
      '--definition',
      changed,
      '--name',
      'compat-pass',
      '--role-arn',
      roleArn,
      '--json',
    );
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ action: 'updated' });
    expect(writes()).toEqual(['UpdateStateMachine']);
    const machine = await describeMachine('compat-pass');
    expect(JSON.parse(machine.definition!)).toMatchObject({ Comment: 'changed' });
    expect(machine.roleArn).toBe(roleArn);
  });

  it('refuses an invalid definition with its diagnostics, exit 2, creating nothing', async () => {
    const bad = definitionFile('bad', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    moto().reset();
    const { code, stdout, stderr } = await taskctl(
      'deploy',
      '--definition',
      bad,
      '--name',
      'compat-bad',
      '--role-arn',
      roleArn,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(NOTICE);
    expect(stderr).toMatch(/^ERROR MISSING_TRANSITION_TARGET /m);
    expect(stderr).not.toMatch(/Deserialization|doctype|^\s+at /im);
    expect(writes()).toEqual([]);
    expect(await machineNames()).not.toContain('compat-bad');
  });

  it('submits one task, then lists and describes it as the service records it', async () => {
    const submitted = await taskctl(
      'submit',
      '{"order":42}',
      '--state-machine',
      'compat-pass',
      '--name',
      'order-42',
    );
    expect(submitted.code).toBe(0);
    const executionArn = submitted.stdout.trim();
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:compat-pass:order-42');
    const recorded = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(recorded.input!)).toEqual({ order: 42 });

    const listed = await taskctl('list', '--state-machine', 'compat-pass', '--json');
    expect(listed.code).toBe(0);
    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: recorded.stateMachineArn }),
    );
    expect((JSON.parse(listed.stdout) as { executionArn: string }[]).map((e) => e.executionArn)).toEqual(
      executions!.map((e) => e.executionArn),
    );

    const described = await taskctl('describe', 'order-42', '--state-machine', 'compat-pass', '--json');
    expect(described.code).toBe(0);
    expect(JSON.parse(described.stdout)).toMatchObject({
      executionArn,
      status: recorded.status,
      input: recorded.input,
    });
  });
});
