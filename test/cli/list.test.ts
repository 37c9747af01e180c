import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { sfnClient, waitForTerminal } from '../support/sdk.js';

// `taskctl list` against a real engine: four executions in four statuses, started in order.

const engine = useTestEngine({ speed: 50 });
const cli = (args: string[]) => runInProcess(args, { env: engine().env });
const ARN = 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:';
const names = (stdout: string) => (JSON.parse(stdout) as Array<{ name: string }>).map((e) => e.name);

beforeAll(async () => {
  expect((await cli(['deploy'])).code).toBe(0);
  expect(
    (await cli(['submit', '{"durationSeconds": 0, "pollSeconds": 1}', '--name', 'ok-a', '--wait'])).code,
  ).toBe(0);
  const failed = await cli([
    'submit',
    '{"outcome": "FAILED", "durationSeconds": 0}',
    '--name',
    'fail-b',
    '--wait',
  ]);
  expect(failed.code).toBe(3);
  const long = '{"durationSeconds": 864000, "pollSeconds": 86400}';
  expect((await cli(['submit', long, '--name', 'run-c'])).code).toBe(0);
  expect((await cli(['submit', long, '--name', 'stop-d'])).code).toBe(0);
  const sfn = sfnClient(engine().url);
  await sfn.send(new StopExecutionCommand({ executionArn: `${ARN}stop-d`, error: 'Test', cause: 'stopped' }));
  await waitForTerminal(sfn, `${ARN}stop-d`);
  sfn.destroy();
}, 60_000);

describe('list', () => {
  it('prints a table of executions, newest first', async () => {
    const { code, stdout } = await cli(['list']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+STARTED\s+DURATION\s+REDRIVES$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'stop-d ABORTED',
      'run-c RUNNING',
      'fail-b FAILED',
      'ok-a SUCCEEDED',
    ]);
    expect(lines[1]).toMatch(/\s\d{4}-\d{2}-\d{2}T[\d:.]+Z\s+\S+\s+0$/);
  });

  it('--json gives the ListExecutions items with ISO dates', async () => {
    const { code, stdout } = await cli(['list', '--json']);
    expect(code).toBe(0);
    const items = JSON.parse(stdout);
    expect(items).toHaveLength(4);
    expect(items[3]).toMatchObject({
      name: 'ok-a',
      status: 'SUCCEEDED',
      executionArn: `${ARN}ok-a`,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:taskctl-tasks',
      startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      stopDate: expect.stringMatching(/Z$/),
    });
  });

  it('filters by --status, case-insensitively', async () => {
    expect(names((await cli(['list', '--status', 'failed', '--json'])).stdout)).toEqual(['fail-b']);
    expect(names((await cli(['list', '--status', 'RUNNING', '--json'])).stdout)).toEqual(['run-c']);
    const table = await cli(['list', '--status', 'aborted']);
    expect(table.stdout).toMatch(/^stop-d\s+ABORTED/m);
    expect(table.stdout).not.toMatch(/ok-a|fail-b|run-c/);
  });

  it('rejects an unknown --status with exit 2', async () => {
    const { code, stderr } = await cli(['list', '--status', 'done']);
    expect(code).toBe(2);
    expect(stderr).toContain('"done" is not an execution status');
    expect(stderr).toContain('PENDING_REDRIVE');
  });

  it('stops at --limit', async () => {
    expect(names((await cli(['list', '--limit', '2', '--json'])).stdout)).toEqual(['stop-d', 'run-c']);
    expect(names((await cli(['list', '--limit', '1', '--status', 'SUCCEEDED', '--json'])).stdout)).toEqual([
      'ok-a',
    ]);
  });

  it('filters by --since, a duration or an ISO date', async () => {
    expect(names((await cli(['list', '--since', '1h', '--json'])).stdout)).toHaveLength(4);
    const all = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{
      name: string;
      startDate: string;
    }>;
    // since the start of fail-b: fail-b and the two after it
    const since = all.find((e) => e.name === 'fail-b')!.startDate;
    expect(names((await cli(['list', '--since', since, '--json'])).stdout)).toEqual([
      'stop-d',
      'run-c',
      'fail-b',
    ]);

    const future = await cli(['list', '--since', '2999-01-01']);
    expect(future.code).toBe(0);
    expect(future.stdout).toBe('');
    expect(future.stderr).toContain('no executions of taskctl-tasks match');
    expect(JSON.parse((await cli(['list', '--since', '2999-01-01', '--json'])).stdout)).toEqual([]);
  });

  it('rejects a bad --since with exit 2, naming the formats', async () => {
    const { code, stderr, stdout } = await cli(['list', '--since', 'yesterday']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--since: "yesterday"');
    expect(stderr).toMatch(/15m.*7d.*ISO date/);
  });

  it('--redrivable keeps only executions that can be redriven', async () => {
    const { code, stdout } = await cli(['list', '--redrivable', '--json']);
    expect(code).toBe(0);
    expect(names(stdout)).toEqual(['stop-d', 'fail-b']);
    expect(names((await cli(['list', '--redrivable', '--limit', '1', '--json'])).stdout)).toEqual(['stop-d']);
  });

  it('says so on stderr, exit 0, when a state machine has no executions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskctl-list-'));
    const file = join(dir, 'empty.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }));
    expect((await cli(['deploy', '--definition', file, '--name', 'empty'])).code).toBe(0);
    const { code, stdout, stderr } = await cli(['list', '--state-machine', 'empty']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('no executions of empty');
  });
});
