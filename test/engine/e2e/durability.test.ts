import { ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine } from '../../support/engine.js';
import { SLOW_HANDLER } from '../../support/handlers.js';
import {
  createMachine,
  deployBundledWorkflow,
  fullHistory,
  historyProblems,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// SIGKILL the engine while executions are mid-flight (inside task invocations, waits and
// retry delays), restart it on the same data dir, and check every execution finishes with a
// history that is contiguous and has exactly one terminal event.

const twoSlowSteps = {
  StartAt: 'First',
  States: {
    First: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Slow', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 2, Next: 'Second' },
    Second: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Slow', End: true },
  },
};

describe('durability across a crash', () => {
  const engines = useRestartableEngine({ handlers: { 'Slow.mjs': SLOW_HANDLER }, speed: 10 });

  it('resumes every running execution after SIGKILL and finishes it consistently', async () => {
    let sfn = sfnClient((await engines.start()).url);
    const slowMachine = await createMachine(sfn, 'slow-steps', twoSlowSteps);
    const workflow = await deployBundledWorkflow(sfn);
    const started: { arn: string; expected: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: slowMachine, name: `slow-${i}` }),
      );
      started.push({ arn: executionArn!, expected: 'SUCCEEDED' });
    }
    for (let i = 0; i < 8; i++) {
      const input = {
        durationSeconds: 20,
        pollSeconds: 5,
        transientFailures: { CreateTask: 1, CheckTaskStatus: 2 },
        outcome: i % 4 === 0 ? 'FAILED' : 'SUCCEEDED',
      };
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: workflow,
          name: `job-${i}`,
          input: JSON.stringify(input),
        }),
      );
      started.push({ arn: executionArn!, expected: i % 4 === 0 ? 'FAILED' : 'SUCCEEDED' });
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    const before = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: slowMachine, statusFilter: 'RUNNING' }),
    );
    expect(before.executions!.length).toBeGreaterThan(0); // the crash really is mid-flight

    sfn = sfnClient((await engines.crashAndRestart()).url);

    for (const { arn, expected } of started) {
      const done = await waitForTerminal(sfn, arn, 30_000);
      expect({ arn, status: done.status }).toEqual({ arn, status: expected });
      const events = await fullHistory(sfn, arn);
      expect({ arn, problems: historyProblems(events) }).toEqual({ arn, problems: [] });
    }
    const slowOutput = await waitForTerminal(sfn, started[0].arn);
    expect(JSON.parse(slowOutput.output!)).toEqual({ steps: 2 });
  }, 60_000);
});
