import {
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import { createMachine, sfnClient } from '../../support/sdk.js';

// Found by the fuzz test: a version ARN, even of a version that does not exist, deleted or
// updated the whole state machine.

describe('operations on the state machine itself', () => {
  const engine = useTestEngine();

  it('refuse a version ARN instead of acting on the state machine', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await createMachine(sfn, 'versioned', { StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    const { revisionId } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    await expect(
      sfn.send(new DeleteStateMachineCommand({ stateMachineArn: `${arn}:999` })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn: `${arn}:1`,
          roleArn: 'arn:aws:iam::123456789012:role/other',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const after = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(after.revisionId).toBe(revisionId);
  });
});
