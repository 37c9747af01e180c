import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import { createMachine, ROLE_ARN, sfnClient } from '../../support/sdk.js';

// State machine operations through the real SDK against a real engine process.

const passMachine = { StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } };

describe('state machine API', () => {
  const engine = useTestEngine();

  it('creates, describes, updates with a published version, and deletes', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await createMachine(sfn, 'crud', passMachine);
    expect(arn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:crud');

    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name: 'crud', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE_ARN });
    expect(JSON.parse(described.definition!)).toEqual(passMachine);
    expect(described.creationDate).toBeInstanceOf(Date);

    const changed = { ...passMachine, Comment: 'v2' };
    const updated = await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: JSON.stringify(changed),
        publish: true,
      }),
    );
    expect(updated.revisionId).not.toBe(described.revisionId);
    expect(updated.stateMachineVersionArn).toBe(`${arn}:1`);
    const after = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(JSON.parse(after.definition!)).toEqual(changed);

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  it('is idempotent for an identical create and refuses a different one', async () => {
    const sfn = sfnClient(engine().url);
    const first = await createMachine(sfn, 'twice', passMachine);
    expect(await createMachine(sfn, 'twice', passMachine)).toBe(first);
    await expect(createMachine(sfn, 'twice', { ...passMachine, Comment: 'other' })).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
    });
  });

  it('rejects bad names, role ARNs and definitions with the AWS error names', async () => {
    const sfn = sfnClient(engine().url);
    await expect(createMachine(sfn, 'has space', passMachine)).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'r',
          definition: JSON.stringify(passMachine),
          roleArn: 'nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
    const missingTarget = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
    const error = await createMachine(sfn, 'bad', missingTarget).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'InvalidDefinition' });
    expect((error as Error).message).toContain('/States/A/Next');
  });

  it('takes a logging configuration with one log group ARN and refuses malformed ones', async () => {
    const sfn = sfnClient(engine().url);
    const logGroupArn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/logged:*';
    const create = (name: string, loggingConfiguration: object) =>
      sfn.send(
        new CreateStateMachineCommand({
          name,
          definition: JSON.stringify(passMachine),
          roleArn: ROLE_ARN,
          loggingConfiguration,
        }),
      );
    const { stateMachineArn } = await create('logged', {
      level: 'ERROR',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
    });
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described.loggingConfiguration).toEqual({
      level: 'ERROR',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
    });
    for (const bad of ['x', 'arn:aws:logs:us-east-1:123456789012:log-group:/no-star']) {
      await expect(
        create('logged-bad', {
          level: 'ALL',
          destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: bad } }],
        }),
      ).rejects.toMatchObject({ name: 'InvalidLoggingConfiguration' });
    }
    await expect(create('logged-none', { level: 'ALL' })).rejects.toMatchObject({
      name: 'InvalidLoggingConfiguration',
    });
  });

  it('validates definitions with located diagnostics', async () => {
    const sfn = sfnClient(engine().url);
    const ok = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(passMachine) }),
    );
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [] });
    const bad = await sfn.send(
      new ValidateStateMachineDefinitionCommand({
        definition: JSON.stringify({ StartAt: 'Missing', States: { A: { Type: 'Succeed' } } }),
      }),
    );
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics!.length).toBeGreaterThan(0);
    expect(bad.diagnostics!.every((d) => d.severity === 'ERROR' && d.code && d.location)).toBe(true);
  });

  it('pages ListStateMachines with maxResults and nextToken', async () => {
    const sfn = sfnClient(engine().url);
    for (const name of ['page-a', 'page-b', 'page-c']) await createMachine(sfn, name, passMachine);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      expect(page.stateMachines!.length).toBeLessThanOrEqual(2);
      seen.push(...page.stateMachines!.map((m) => m.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect(new Set(seen).size).toBe(seen.length);
    await expect(
      sfn.send(new ListStateMachinesCommand({ nextToken: '!!not-a-token' })),
    ).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });
});
