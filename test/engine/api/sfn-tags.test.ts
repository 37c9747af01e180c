import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import { ROLE_ARN, sfnClient } from '../../support/sdk.js';

// Step Functions tagging through the real SDK against a real engine process.

const definition = JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });

describe('state machine tags', () => {
  const engine = useTestEngine();

  it('tags at creation, adds, replaces and removes tags, and forgets them with the state machine', async () => {
    const sfn = sfnClient(engine().url);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'tagged',
        definition,
        roleArn: ROLE_ARN,
        tags: [{ key: 'taskctl:stack', value: 'dev' }],
      }),
    );
    const list = async () =>
      (await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags;
    expect(await list()).toEqual([{ key: 'taskctl:stack', value: 'dev' }]);

    await sfn.send(
      new TagResourceCommand({
        resourceArn: stateMachineArn,
        tags: [
          { key: 'team', value: 'core' },
          { key: 'taskctl:stack', value: 'prod' },
        ],
      }),
    );
    expect(await list()).toEqual([
      { key: 'taskctl:stack', value: 'prod' },
      { key: 'team', value: 'core' },
    ]);
    await sfn.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['team'] }));
    expect(await list()).toEqual([{ key: 'taskctl:stack', value: 'prod' }]);

    await expect(
      sfn.send(
        new TagResourceCommand({
          resourceArn: stateMachineArn,
          tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
        }),
      ),
    ).rejects.toMatchObject({ name: 'TooManyTags' });

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await expect(
      sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    // A new state machine of the same name starts without the old one's tags.
    await sfn.send(new CreateStateMachineCommand({ name: 'tagged', definition, roleArn: ROLE_ARN }));
    expect(await list()).toEqual([]);
  });

  it('rejects ARNs that are not state machines, and malformed tags', async () => {
    const sfn = sfnClient(engine().url);
    await expect(
      sfn.send(
        new ListTagsForResourceCommand({ resourceArn: 'arn:aws:lambda:us-east-1:123456789012:function:x' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'surrogate', definition, roleArn: ROLE_ARN }),
    );
    // A lone surrogate cannot be stored and read back intact: refused, as a malformed value.
    await expect(
      sfn.send(
        new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: '\udfff', value: 'v' }] }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      sfn.send(
        new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'k', value: 'x\ud800' }] }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
