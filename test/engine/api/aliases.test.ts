import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  ListStateMachineAliasesCommand,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import { ROLE_ARN, sfnClient, waitForTerminal } from '../../support/sdk.js';

// State machine aliases through the real SDK against a real engine process.

const says = (version: string) =>
  JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', Result: { version }, End: true } } });

/** A state machine with versions 1 and 2, whose executions output which version ran. */
async function twoVersions(
  sfn: SFNClient,
  name: string,
): Promise<{ machine: string; v1: string; v2: string }> {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name, definition: says('one'), roleArn: ROLE_ARN, publish: true }),
  );
  const updated = await sfn.send(
    new UpdateStateMachineCommand({
      stateMachineArn: created.stateMachineArn,
      definition: says('two'),
      publish: true,
    }),
  );
  return {
    machine: created.stateMachineArn!,
    v1: created.stateMachineVersionArn!,
    v2: updated.stateMachineVersionArn!,
  };
}

async function run(sfn: SFNClient, arn: string) {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  await waitForTerminal(sfn, executionArn!);
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  return { ...described, ran: (JSON.parse(described.output!) as { version: string }).version };
}

describe('state machine aliases', () => {
  const engine = useTestEngine();

  it('creates an alias, runs the version it routes to, and re-routes it', async () => {
    const sfn = sfnClient(engine().url);
    const { machine, v1, v2 } = await twoVersions(sfn, 'aliased');
    const request = {
      name: 'live',
      description: 'production',
      routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
    };
    const created = await sfn.send(new CreateStateMachineAliasCommand(request));
    expect(created.stateMachineAliasArn).toBe(`${machine}:live`);
    // Idempotent for the same request; a different one conflicts.
    const again = await sfn.send(new CreateStateMachineAliasCommand(request));
    expect(again.stateMachineAliasArn).toBe(created.stateMachineAliasArn);
    await expect(
      sfn.send(new CreateStateMachineAliasCommand({ ...request, description: 'other' })),
    ).rejects.toMatchObject({ name: 'ConflictException' });

    const alias = created.stateMachineAliasArn!;
    expect(
      await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias })),
    ).toMatchObject({
      stateMachineAliasArn: alias,
      name: 'live',
      description: 'production',
      routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
    });

    const first = await run(sfn, alias);
    expect(first).toMatchObject({
      ran: 'one',
      stateMachineArn: machine,
      stateMachineAliasArn: alias,
      stateMachineVersionArn: v1,
    });
    expect(first.executionArn).toMatch(/:execution:aliased:/);

    const { updateDate } = await sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: alias,
        routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
      }),
    );
    expect(updateDate).toBeInstanceOf(Date);
    expect(await run(sfn, alias)).toMatchObject({
      ran: 'two',
      stateMachineAliasArn: alias,
      stateMachineVersionArn: v2,
    });

    // Started on a version ARN: the version is reported, no alias; on the state machine: neither.
    const byVersion = await run(sfn, v1);
    expect(byVersion).toMatchObject({ ran: 'one', stateMachineVersionArn: v1 });
    expect(byVersion.stateMachineAliasArn).toBeUndefined();
    const plain = await run(sfn, machine);
    expect(plain.ran).toBe('two');
    expect(plain.stateMachineVersionArn).toBeUndefined();
  });

  it('splits executions between two versions by weight', async () => {
    const sfn = sfnClient(engine().url);
    const { v1, v2 } = await twoVersions(sfn, 'split');
    const { stateMachineAliasArn } = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'canary',
        routingConfiguration: [
          { stateMachineVersionArn: v1, weight: 50 },
          { stateMachineVersionArn: v2, weight: 50 },
        ],
      }),
    );
    const runs = await Promise.all(Array.from({ length: 24 }, () => run(sfn, stateMachineAliasArn!)));
    for (const r of runs) expect(r.stateMachineVersionArn).toBe(r.ran === 'one' ? v1 : v2);
    // 24 starts at 50/50 all landing on one version has probability 2^-23.
    expect(new Set(runs.map((r) => r.ran))).toEqual(new Set(['one', 'two']));
  });

  it('lists aliases a page at a time and deletes them', async () => {
    const sfn = sfnClient(engine().url);
    const { machine, v1 } = await twoVersions(sfn, 'listed');
    for (const name of ['a1', 'a2', 'a3']) {
      await sfn.send(
        new CreateStateMachineAliasCommand({
          name,
          routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
        }),
      );
    }
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new ListStateMachineAliasesCommand({ stateMachineArn: machine, maxResults: 2, nextToken }),
      );
      expect(page.stateMachineAliases!.length).toBeLessThanOrEqual(2);
      arns.push(...page.stateMachineAliases!.map((a) => a.stateMachineAliasArn!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(arns).toEqual([`${machine}:a1`, `${machine}:a2`, `${machine}:a3`]);

    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${machine}:a2` }));
    await expect(
      sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${machine}:a2` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${machine}:a2` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });

  it('validates routing configurations', async () => {
    const sfn = sfnClient(engine().url);
    const { machine, v1, v2 } = await twoVersions(sfn, 'checked');
    const other = await twoVersions(sfn, 'other');
    const create = (
      name: string,
      routingConfiguration: { stateMachineVersionArn: string; weight: number }[],
    ) => sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration }));
    await expect(
      create('bad-sum', [
        { stateMachineVersionArn: v1, weight: 50 },
        { stateMachineVersionArn: v2, weight: 40 },
      ]),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      create('same-twice', [
        { stateMachineVersionArn: v1, weight: 50 },
        { stateMachineVersionArn: v1, weight: 50 },
      ]),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      create('mixed', [
        { stateMachineVersionArn: v1, weight: 50 },
        { stateMachineVersionArn: other.v2, weight: 50 },
      ]),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      create('missing', [{ stateMachineVersionArn: `${machine}:9`, weight: 100 }]),
    ).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    await expect(create('123', [{ stateMachineVersionArn: v1, weight: 100 }])).rejects.toMatchObject({
      name: 'InvalidName',
    });
    await expect(
      create('not-a-version', [{ stateMachineVersionArn: machine, weight: 100 }]),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });
});
