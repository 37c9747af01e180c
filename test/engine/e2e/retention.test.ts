import { DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine } from '../../support/engine.js';
import { createMachine, sfnClient, waitForTerminal } from '../../support/sdk.js';

// Like Step Functions, the engine keeps a closed execution for 90 days: on start it deletes the
// ones that stopped longer ago than that, with their history. Running executions stay.

describe('retention of closed executions', () => {
  const engines = useRestartableEngine();

  it('forgets executions closed more than 90 days ago by the engine clock, and keeps running ones', async () => {
    let sfn = sfnClient((await engines.start()).url);
    const quick = await createMachine(sfn, 'quick', {
      StartAt: 'A',
      States: { A: { Type: 'Pass', End: true } },
    });
    const slow = await createMachine(sfn, 'slow', {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const { executionArn: closed } = await sfn.send(new StartExecutionCommand({ stateMachineArn: quick }));
    await waitForTerminal(sfn, closed!);
    const { executionArn: running } = await sfn.send(new StartExecutionCommand({ stateMachineArn: slow }));

    sfn = sfnClient((await engines.start({ clockOffsetSeconds: 89 * 24 * 3600 })).url);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: closed }))).status).toBe('SUCCEEDED');

    sfn = sfnClient((await engines.start({ clockOffsetSeconds: 91 * 24 * 3600 })).url);
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: closed }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn: quick }))).executions).toEqual([]);
    // Still there: it was running when the engine stopped (its wait is long over by now).
    expect((await waitForTerminal(sfn, running!)).status).toBe('SUCCEEDED');
  });
});
