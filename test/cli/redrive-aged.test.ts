import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useRestartableEngine } from '../support/engine.js';
import { createMachine, sfnClient, waitForTerminal } from '../support/sdk.js';

// An execution that stopped more than 14 days ago (by the engine's clock) is refused with
// AWS's reason, in --dry-run and in a real run.

describe('taskctl redrive after the 14-day redrive period', () => {
  const engines = useRestartableEngine();

  it('skips it with "Execution redrivable period exceeded." and no days left', async () => {
    let engine = await engines.start();
    const sfn = sfnClient(engine.url);
    const machine = await createMachine(sfn, 'aged', {
      StartAt: 'Boom',
      States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'always' } },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'old-1' }),
    );
    await waitForTerminal(sfn, executionArn!);
    const fresh = await runInProcess(['redrive', 'old-1', '--state-machine', 'aged', '--dry-run', '--json'], {
      env: engine.env,
    });
    expect(JSON.parse(fresh.stdout)).toEqual([expect.objectContaining({ redrivable: true, daysLeft: 13.9 })]);

    engine = await engines.start({ clockOffsetSeconds: 15 * 24 * 3600 });
    const cli = (args: string[]) => runInProcess([...args, '--state-machine', 'aged'], { env: engine.env });
    const dry = await cli(['redrive', 'old-1', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual([
      expect.objectContaining({
        executionArn,
        status: 'FAILED',
        redrivable: false,
        reason: 'Execution redrivable period exceeded.',
        daysLeft: 0,
      }),
    ]);
    const table = await cli(['redrive', 'old-1', '--dry-run']);
    expect(table.stdout).toMatch(/old-1\s+FAILED\s+no\s+0\.0\s+\d+\s+Execution redrivable period exceeded\./);

    const real = await cli(['redrive', 'old-1']);
    expect(real.code).toBe(0);
    expect(real.stdout).toBe('skipped old-1: Execution redrivable period exceeded.\n');
    const json = await cli(['redrive', executionArn!, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      executionArn,
      name: 'old-1',
      result: 'skipped',
      reason: 'Execution redrivable period exceeded.',
    });
    const described = JSON.parse((await cli(['describe', 'old-1', '--json'])).stdout);
    expect(described).toMatchObject({ status: 'FAILED', redriveCount: 0 });
  }, 90_000);
});
