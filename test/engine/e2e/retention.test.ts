import { DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../../../src/engine/index.js';
import { OffsetClock } from '../../../src/engine/runtime/clock.js';
import { useRestartableEngine } from '../../support/engine.js';
import { createMachine, sfnClient, until, waitForTerminal } from '../../support/sdk.js';

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

describe('retention while the engine runs', () => {
  it('forgets a closed execution once it is 90 days old by the clock, without a restart', async () => {
    // In process, so that the test can move the engine's clock forward while it runs.
    const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-retention-'));
    const clock = new OffsetClock();
    const engine = await startEngine({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      speed: 1,
      clock,
      purgeIntervalMs: 50,
    });
    try {
      const sfn = sfnClient(engine.url);
      const quick = await createMachine(sfn, 'quick', {
        StartAt: 'A',
        States: { A: { Type: 'Pass', End: true } },
      });
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: quick }));
      await waitForTerminal(sfn, executionArn!);
      const describeIt = () => sfn.send(new DescribeExecutionCommand({ executionArn }));

      clock.offsetMs = 89 * 24 * 3600 * 1000;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await describeIt()).status).toBe('SUCCEEDED');

      clock.offsetMs = 91 * 24 * 3600 * 1000;
      await until(() =>
        describeIt().then(
          () => false,
          (e: Error) => e.name === 'ExecutionDoesNotExist',
        ),
      );
    } finally {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
