import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ndjson } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { createMachine, fullHistory, logsClient, sfnClient, waitForTerminal } from '../support/sdk.js';
import { BROKEN_CHECK, FIXED_CHECK } from '../support/handlers.js';

// `taskctl redrive` end to end: the built CLI, the real SDK, a real engine whose
// CheckTaskStatus handler fails with a non-retryable error until the test "fixes" it.

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:';

const engine = useTestEngine({ speed: 50, handlers: { 'CheckTaskStatus.mjs': BROKEN_CHECK } });
const cli = (args: string[], input?: string) => runInProcess(args, { env: engine().env, input });
const describeJson = async (name: string) => JSON.parse((await cli(['describe', name, '--json'])).stdout);

beforeAll(async () => {
  expect((await cli(['deploy'])).code).toBe(0);
  const sfn = sfnClient(engine().url);
  for (const name of ['fix-me', 'dry-run-me']) {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:taskctl-tasks',
        name,
        input: JSON.stringify({ durationSeconds: 1, pollSeconds: 1 }),
      }),
    );
    expect(await waitForTerminal(sfn, ARN + name)).toMatchObject({ status: 'FAILED', error: 'OutageError' });
  }
}, 30_000);

describe('taskctl redrive: refusing bad usage before changing anything', { timeout: 60_000 }, () => {
  it('needs --yes for a bulk run when stdin is not a terminal, and exits 2 naming it', async () => {
    const several = await cli(['redrive', 'fix-me', 'dry-run-me']);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--yes');
    const piped = await cli(['redrive', '-'], `${ARN}fix-me\n`);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('--yes');
    const failed = await cli(['redrive', '--failed']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--yes');
    expect((await describeJson('fix-me')).redriveCount).toBe(0);
  });

  it('rejects a bad stdin line naming it, and redrives none of the good ones', async () => {
    const result = await cli(
      ['redrive', '-', '--yes'],
      `${ARN}fix-me\n\n{"executionArn":"${ARN}dry-run-me"}\nnot-an-arn\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('stdin line 4');
    expect(result.stderr).toContain('not-an-arn');
    expect((await describeJson('fix-me')).redriveCount).toBe(0);
    expect((await describeJson('dry-run-me')).redriveCount).toBe(0);
  });

  it('exits 2 with the not-found message for one unknown execution, and prints a failed line per unknown in bulk', async () => {
    const single = await cli(['redrive', 'nope']);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('execution "nope" not found in state machine taskctl-tasks');
    const bulk = await cli(['redrive', 'nope-1', 'nope-2', '--yes']);
    expect(bulk.code).toBe(1);
    expect(bulk.stdout.trim().split('\n')).toEqual([
      'failed nope-1: execution "nope-1" not found in state machine taskctl-tasks',
      'failed nope-2: execution "nope-2" not found in state machine taskctl-tasks',
    ]);
  });
});

describe('taskctl redrive', { timeout: 60_000 }, () => {
  it('redrives a fixed execution from where it failed: --wait exits 0, CreateTask ran once', async () => {
    writeFileSync(join(engine().handlersDir!, 'CheckTaskStatus.mjs'), FIXED_CHECK); // the fix
    const result = await cli(['redrive', 'fix-me', '--wait']);
    expect(result.stderr).not.toContain('failed');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^redriven fix-me → SUCCEEDED in \S+\n$/);

    const described = await describeJson('fix-me');
    expect(described).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    const events = await fullHistory(sfnClient(engine().url), ARN + 'fix-me');
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
    const { events: createLogs } = await logsClient(engine().url).send(
      new FilterLogEventsCommand({ logGroupName: '/aws/lambda/CreateTask', filterPattern: `"${ARN}fix-me"` }),
    );
    expect(createLogs).toHaveLength(1);

    // Again: nothing to do, and it says why.
    const again = await cli(['redrive', 'fix-me', '--json']);
    expect(again.code).toBe(0);
    expect(ndjson(again.stdout)).toEqual([
      {
        executionArn: ARN + 'fix-me',
        result: 'skipped',
        name: 'fix-me',
        reason: 'Execution is SUCCEEDED and cannot be redriven.',
      },
    ]);
    expect((await describeJson('fix-me')).redriveCount).toBe(1);
  });

  it('--dry-run shows the check (days and events left) and changes nothing', async () => {
    const table = await cli(['redrive', 'dry-run-me', '--dry-run']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/EXECUTION\s+STATUS\s+REDRIVABLE\s+DAYS LEFT\s+EVENTS LEFT\s+WHY NOT/);
    expect(table.stdout).toMatch(/dry-run-me\s+FAILED\s+yes\s+1[34]\.\d\s+\d+/);

    const json = await cli(['redrive', 'dry-run-me', '--dry-run', '--json']);
    const events = await fullHistory(sfnClient(engine().url), ARN + 'dry-run-me');
    expect(JSON.parse(json.stdout)).toEqual([
      {
        executionArn: ARN + 'dry-run-me',
        name: 'dry-run-me',
        status: 'FAILED',
        redrivable: true,
        redriveCount: 0,
        stopDate: expect.any(String),
        daysLeft: expect.any(Number),
        eventsLeft: 25_000 - events.length,
      },
    ]);
    expect(JSON.parse(json.stdout)[0].daysLeft).toBeGreaterThanOrEqual(13.9);
    expect(await describeJson('dry-run-me')).toMatchObject({ status: 'FAILED', redriveCount: 0 });
    expect(events.some((e) => e.type === 'ExecutionRedriven')).toBe(false);
  });

  it('refuses succeeded and running executions with their reason, in --dry-run and in a real run', async () => {
    const sfn = sfnClient(engine().url);
    const passing = await createMachine(sfn, 'redrive-ok', {
      StartAt: 'Ok',
      States: { Ok: { Type: 'Pass', End: true } },
    });
    const sleeping = await createMachine(sfn, 'redrive-sleep', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 100_000, End: true } },
    });
    const { executionArn: succeeded } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: passing }),
    );
    const { executionArn: running } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: sleeping }),
    );
    await waitForTerminal(sfn, succeeded!);
    const failed = ARN + 'dry-run-me';
    const args = ['redrive', succeeded!, running!, failed];

    const dry = await cli([...args, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual([
      expect.objectContaining({
        executionArn: succeeded,
        status: 'SUCCEEDED',
        redrivable: false,
        reason: 'Execution is SUCCEEDED and cannot be redriven.',
      }),
      expect.objectContaining({
        executionArn: running,
        status: 'RUNNING',
        redrivable: false,
        reason: 'Execution is RUNNING and cannot be redriven.',
      }),
      expect.objectContaining({ executionArn: failed, status: 'FAILED', redrivable: true }),
    ]);
    const dryTable = await cli([...args, '--dry-run']);
    expect(dryTable.stdout).toContain('Execution is SUCCEEDED and cannot be');
    expect(dryTable.stdout).toMatch(/RUNNING\s+no\s+\S+\s+\S+\s+Execution is RUNNING and cannot be/);
    expect(dryTable.stderr).toContain('1 of 3 execution(s) would be redriven');

    const real = await cli([...args, '--yes', '--json']);
    expect(real.code).toBe(0);
    expect(ndjson(real.stdout)).toEqual([
      expect.objectContaining({
        executionArn: succeeded,
        result: 'skipped',
        reason: 'Execution is SUCCEEDED and cannot be redriven.',
      }),
      expect.objectContaining({
        executionArn: running,
        result: 'skipped',
        reason: 'Execution is RUNNING and cannot be redriven.',
      }),
      { executionArn: failed, name: 'dry-run-me', result: 'redriven', redriveDate: expect.any(String) },
    ]);
    expect(await describeJson(failed)).toMatchObject({ redriveCount: 1 });
    expect(await describeJson(succeeded!)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0 });
  });

  it('--wait over several exits with the worst final status (3 when a redriven execution fails again)', async () => {
    const sfn = sfnClient(engine().url);
    const failing = await createMachine(sfn, 'redrive-fail', {
      StartAt: 'Boom',
      States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'always' } },
    });
    for (const name of ['again-1', 'again-2']) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn: failing, name }));
    }
    await waitForTerminal(sfn, failing.replace(':stateMachine:', ':execution:') + ':again-2');
    const json = await cli([
      'redrive',
      'again-1',
      'again-2',
      '--state-machine',
      'redrive-fail',
      '--yes',
      '--wait',
      '--json',
    ]);
    expect(json.code).toBe(3);
    expect(ndjson(json.stdout)).toEqual(
      ['again-1', 'again-2'].map((name) =>
        expect.objectContaining({
          name,
          result: 'redriven',
          status: 'FAILED',
          error: 'Boom',
          cause: 'always',
        }),
      ),
    );
    const human = await cli(['redrive', 'again-1', '--state-machine', 'redrive-fail', '--wait']);
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/^redriven again-1 → FAILED in \S+: Boom \(always\)\n$/);
    expect(await describeJson(failing.replace(':stateMachine:', ':execution:') + ':again-1')).toMatchObject({
      redriveCount: 2,
    });
  });
});
