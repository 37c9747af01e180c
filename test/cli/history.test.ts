import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';

// `taskctl history` against a real engine running the bundled workflow.

const engine = useTestEngine({ speed: 50 });
const cli = (args: string[]) => runInProcess(args, { env: engine().env });

interface HistoryJson {
  events: Array<{ id: number; type: string; timestamp: string; state?: string; attempt?: number }>;
  states: Array<{
    state: string;
    status: string;
    visits: number;
    attempts: number;
    retries: number;
    failures: Array<{ attempt: number; error: string; cause: string }>;
    lastError?: { error: string };
  }>;
}

beforeAll(async () => {
  expect((await cli(['deploy'])).code).toBe(0);
  const retried = '{"durationSeconds": 1, "pollSeconds": 1, "transientFailures": {"CheckTaskStatus": 2}}';
  expect((await cli(['submit', retried, '--name', 'retry-2', '--wait'])).code).toBe(0);
  expect(
    (await cli(['submit', '{"durationSeconds": 5, "pollSeconds": 1}', '--name', 'loop-5', '--wait'])).code,
  ).toBe(0);
}, 60_000);

describe('history', () => {
  it('shows each failed attempt with its state, attempt and error, then the summary', async () => {
    const { code, stdout } = await cli(['history', 'retry-2']);
    expect(code).toBe(0);
    const [events, summary] = stdout.split('\n\n');
    expect(events.split('\n')[0]).toMatch(/^ID\s+TIME\s+TYPE\s+STATE\s+ATTEMPT\s+DETAIL$/);
    const failures = events.split('\n').filter((line) => line.includes('LambdaFunctionFailed'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^12\s+\S+Z\s+LambdaFunctionFailed\s+CheckTaskStatus\s+1\s+TransientError: /);
    expect(failures[1]).toMatch(/^15\s+\S+Z\s+LambdaFunctionFailed\s+CheckTaskStatus\s+2\s+TransientError: /);
    expect(events).toMatch(/^16\s+\S+\s+LambdaFunctionScheduled\s+CheckTaskStatus\s+3\s/m);
    expect(summary.split('\n')[0]).toMatch(
      /^STATE\s+STATUS\s+VISITS\s+ATTEMPTS\s+RETRIES\s+DURATION\s+LAST ERROR$/,
    );
    expect(summary).toMatch(/^CheckTaskStatus\s+SUCCEEDED\s+1\s+3\s+2\s+\S+\s+TransientError: /m);
    expect(summary).toMatch(/^CreateTask\s+SUCCEEDED\s+1\s+1\s+0\s+\S+$/m);
  });

  it('--json gives {events, states}: retries 2 with both TransientError errors', async () => {
    const { code, stdout } = await cli(['history', 'retry-2', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as HistoryJson;
    const check = result.states.find((s) => s.state === 'CheckTaskStatus')!;
    expect(check).toMatchObject({ status: 'SUCCEEDED', visits: 1, attempts: 3, retries: 2 });
    expect(check.failures.map((f) => `${f.attempt}:${f.error}`)).toEqual([
      '1:TransientError',
      '2:TransientError',
    ]);
    expect(result.events[0]).toMatchObject({ id: 1, type: 'ExecutionStarted' });
    expect(result.events[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
    expect(
      result.events.filter((e) => e.type === 'LambdaFunctionFailed').map((e) => [e.state, e.attempt]),
    ).toEqual([
      ['CheckTaskStatus', 1],
      ['CheckTaskStatus', 2],
    ]);
    expect(result.events.at(-1)).toMatchObject({ type: 'ExecutionSucceeded' });
    expect(result.events.at(-1)).not.toHaveProperty('state');
  });

  it('counts a 5-round polling loop as 5 visits of CheckTaskStatus, no retries', async () => {
    const table = await cli(['history', 'loop-5']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^CheckTaskStatus\s+SUCCEEDED\s+5\s+5\s+0\s+\S+$/m);
    expect(table.stdout).toMatch(/^WaitForTaskCompletion\s+SUCCEEDED\s+5\s+0\s+0\s+\S+$/m);
    const { states } = JSON.parse((await cli(['history', 'loop-5', '--json'])).stdout) as HistoryJson;
    expect(states.find((s) => s.state === 'CheckTaskStatus')).toMatchObject({
      visits: 5,
      attempts: 5,
      retries: 0,
    });
    expect(states.map((s) => s.state)).toEqual([
      'CreateTask',
      'WaitForTaskCompletion',
      'CheckTaskStatus',
      'IsTaskDone',
      'TaskCompleted',
      'Done',
    ]);
  });

  it('takes an execution ARN too', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:loop-5';
    const { code, stdout } = await cli(['history', arn, '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as HistoryJson).events.length).toBeGreaterThan(50);
  });

  it('explains an unknown execution (exit 2)', async () => {
    const { code, stderr } = await cli(['history', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('execution "nope" not found in state machine taskctl-tasks');
  });
});
