import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import { ROLE_ARN, sfnClient, waitForTerminal } from '../../support/sdk.js';

// State machine versions (Publish/List/DeleteStateMachineVersion) through the real SDK against a
// real engine process, and the raw JSON a client such as the AWS CLI reads.

const says = (text: string, waitSeconds = 0) =>
  JSON.stringify({
    StartAt: 'Hold',
    States: {
      Hold: { Type: 'Wait', Seconds: waitSeconds, Next: 'Say' },
      Say: { Type: 'Pass', Result: { text }, End: true },
    },
  });

const engine = useTestEngine({ speed: 20 });

async function machine(sfn: SFNClient, name: string, definition = says('one')): Promise<string> {
  const created = await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN }));
  return created.stateMachineArn!;
}

const update = (sfn: SFNClient, stateMachineArn: string, definition: string) =>
  sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition }));

const publish = (sfn: SFNClient, stateMachineArn: string, extra: Record<string, string> = {}) =>
  sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, ...extra }));

async function versionsOf(sfn: SFNClient, stateMachineArn: string): Promise<string[]> {
  const listed = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
  return listed.stateMachineVersions!.map((v) => v.stateMachineVersionArn!);
}

/** One Step Functions call as raw HTTP: the status and the JSON body a client parses. */
async function raw(
  operation: string,
  body: object,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(engine().url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AWSStepFunctions.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('state machine versions', () => {
  it('publishes the current revision once: the same revision returns the same version', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await machine(sfn, 'publish-once');
    const first = await publish(sfn, arn, { description: 'first cut' });
    expect(first.stateMachineVersionArn).toBe(`${arn}:1`);
    expect(first.creationDate).toBeInstanceOf(Date);

    const again = await publish(sfn, arn);
    expect(again).toMatchObject({
      stateMachineVersionArn: `${arn}:1`,
      creationDate: first.creationDate,
    });
    expect(await versionsOf(sfn, arn)).toEqual([`${arn}:1`]);

    // UpdateStateMachine's publish: true is the same publication: a new revision, a new version.
    const { revisionId } = await update(sfn, arn, says('two'));
    const second = await publish(sfn, arn, { revisionId: revisionId! });
    expect(second.stateMachineVersionArn).toBe(`${arn}:2`);
    expect(await versionsOf(sfn, arn)).toEqual([`${arn}:2`, `${arn}:1`]);

    // DescribeStateMachine on a version: its own definition, revision and description.
    const v1 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
    expect(v1).toMatchObject({
      stateMachineArn: `${arn}:1`,
      definition: says('one'),
      description: 'first cut',
    });
    const v2 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:2` }));
    expect(v2).toMatchObject({ definition: says('two'), revisionId });
    expect(v2.description).toBeUndefined();
  });

  it('refuses a stale revisionId, a version or alias ARN, and an unknown state machine', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await machine(sfn, 'publish-refusals');
    const { revisionId: old } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    const { revisionId: current } = await update(sfn, arn, says('newer'));

    const stale = publish(sfn, arn, { revisionId: old! });
    await expect(stale).rejects.toMatchObject({
      name: 'ConflictException',
      message: `Failed to publish the State Machine version for revision ${old}. The current State Machine revision is ${current}.`,
      $metadata: { httpStatusCode: 409 },
    });
    expect(await versionsOf(sfn, arn)).toEqual([]);

    await publish(sfn, arn);
    await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
      }),
    );
    for (const qualified of [`${arn}:1`, `${arn}:live`]) {
      await expect(publish(sfn, qualified)).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(
        sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: qualified })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    }
    await expect(publish(sfn, `${arn}-missing`)).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(publish(sfn, 'not-an-arn')).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(publish(sfn, arn, { description: 'x'.repeat(257) })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('lists newest first, page by page, in the shape of the API reference', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await machine(sfn, 'listed');
    for (const text of ['b', 'c', 'd']) {
      await publish(sfn, arn);
      await update(sfn, arn, says(text));
    }
    const first = await raw('ListStateMachineVersions', { stateMachineArn: arn, maxResults: 2 });
    expect(first.status).toBe(200);
    expect(Object.keys(first.json).sort()).toEqual(['nextToken', 'stateMachineVersions']);
    const items = first.json.stateMachineVersions as Record<string, unknown>[];
    expect(items.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:3`, `${arn}:2`]);
    expect(Object.keys(items[0]).sort()).toEqual(['creationDate', 'stateMachineVersionArn']);
    expect(typeof items[0].creationDate).toBe('number');

    const second = await raw('ListStateMachineVersions', {
      stateMachineArn: arn,
      maxResults: 2,
      nextToken: first.json.nextToken,
    });
    expect(
      (second.json.stateMachineVersions as { stateMachineVersionArn: string }[]).map(
        (v) => v.stateMachineVersionArn,
      ),
    ).toEqual([`${arn}:1`]);
    expect(second.json.nextToken).toBeUndefined();

    const published = await raw('PublishStateMachineVersion', { stateMachineArn: arn });
    expect(Object.keys(published.json).sort()).toEqual(['creationDate', 'stateMachineVersionArn']);
    expect(await raw('ListStateMachineVersions', { stateMachineArn: arn, nextToken: 'junk' })).toMatchObject({
      status: 400,
      json: { __type: 'InvalidToken' },
    });
  });

  it('deletes a version no alias routes to, idempotently, and never reuses its number', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await machine(sfn, 'deleted-versions');
    await publish(sfn, arn);
    await update(sfn, arn, says('two'));
    await publish(sfn, arn);
    const alias = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
      }),
    );

    const refused = sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` }));
    await expect(refused).rejects.toMatchObject({
      name: 'ConflictException',
      message:
        'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]',
      $metadata: { httpStatusCode: 409 },
    });
    expect(await versionsOf(sfn, arn)).toEqual([`${arn}:2`, `${arn}:1`]);

    await sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: alias.stateMachineAliasArn,
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:2`, weight: 100 }],
      }),
    );
    for (let i = 0; i < 2; i++)
      await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` }));
    expect(await versionsOf(sfn, arn)).toEqual([`${arn}:2`]);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}:1` }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    await expect(
      sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: arn })),
    ).rejects.toMatchObject({ name: 'ValidationException' });

    // Version 3 deleted: the next one is 4 ("version 10 deleted, the next is 11").
    await update(sfn, arn, says('three'));
    await publish(sfn, arn);
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:3` }));
    await update(sfn, arn, says('four'));
    expect((await publish(sfn, arn)).stateMachineVersionArn).toBe(`${arn}:4`);
  });

  it('lets a running execution of a deleted version finish', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await machine(sfn, 'deleted-while-running', says('kept', 10));
    const { stateMachineVersionArn } = await publish(sfn, arn);
    await update(sfn, arn, says('latest'));
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineVersionArn }),
    );
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn }));
    await waitForTerminal(sfn, executionArn!);
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(done).toMatchObject({ status: 'SUCCEEDED', stateMachineVersionArn, output: '{"text":"kept"}' });
  });

  it('DeleteStateMachine takes the versions and aliases with it', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await machine(sfn, 'deleted-machine');
    await publish(sfn, arn);
    await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
      }),
    );
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });

    await machine(sfn, 'deleted-machine');
    expect(await versionsOf(sfn, arn)).toEqual([]);
    const aliases = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }));
    expect(aliases.stateMachineAliases).toEqual([]);
  });
});
