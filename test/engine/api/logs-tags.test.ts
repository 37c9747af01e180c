import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import { logsClient } from '../../support/sdk.js';

// CloudWatch Logs log group tags through the real SDK against a real engine process.

describe('log group tags', () => {
  const engine = useTestEngine();

  it('tags at creation and by ARN, lists both ways, and forgets tags with the group', async () => {
    const logs = logsClient(engine().url);
    const logGroupName = '/aws/vendedlogs/states/tagged';
    const resourceArn = `arn:aws:logs:us-east-1:123456789012:log-group:${logGroupName}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName, tags: { 'taskctl:stack': 'dev' } }));
    await logs.send(new TagResourceCommand({ resourceArn, tags: { team: 'core' } }));
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({
      'taskctl:stack': 'dev',
      team: 'core',
    });
    await logs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team'] }));
    expect((await logs.send(new ListTagsLogGroupCommand({ logGroupName }))).tags).toEqual({
      'taskctl:stack': 'dev',
    });

    await expect(
      logs.send(new TagResourceCommand({ resourceArn, tags: { 'aws:reserved': 'x' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      logs.send(
        new TagResourceCommand({
          resourceArn,
          tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])),
        }),
      ),
    ).rejects.toMatchObject({ name: 'TooManyTagsException' });

    await logs.send(new DeleteLogGroupCommand({ logGroupName }));
    await expect(logs.send(new ListTagsForResourceCommand({ resourceArn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({});
  });
});
