import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';

// `taskctl watch` and `submit --watch` end to end: the commands in-process against a real engine.
// Ctrl-C and a closed pipe are tested on the process, in signals.process.test.ts.

const engine = useTestEngine({ speed: 50 });
const cli = (args: string[]) => runInProcess(args, { env: engine().env, timeoutMs: 40_000 });

beforeAll(async () => {
  expect((await cli(['deploy'])).code).toBe(0);
}, 30_000);

async function submit(name: string, task: object): Promise<string> {
  const { code, stdout, stderr } = await cli(['submit', JSON.stringify(task), '--name', name]);
  expect(code, stderr).toBe(0);
  return stdout.trim();
}

const ndjson = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('taskctl watch', () => {
  it('prints one line per event with state and attempt (not a TTY), exit 0', async () => {
    // The first Wait (60 s at --speed 50: 1.2 s) keeps it running until watch has started.
    await submit('lines-1', {
      durationSeconds: 1,
      pollSeconds: 60,
      transientFailures: { CheckTaskStatus: 2 },
    });
    const { code, stdout } = await cli(['watch', 'lines-1']);
    expect(code).toBe(0);
    const check = stdout.split('\n').filter((line) => /LambdaFunction\w+\s+CheckTaskStatus/.test(line));
    expect(
      check
        .filter((line) => line.includes('LambdaFunctionScheduled'))
        .map((line) => /attempt (\d)/.exec(line)?.[1]),
    ).toEqual(['1', '2', '3']);
    expect(check.filter((line) => line.includes('LambdaFunctionFailed'))).toEqual([
      expect.stringMatching(
        /^\d\d:\d\d:\d\d\.\d{3} {2}lines-1 {2}LambdaFunctionFailed\s+CheckTaskStatus\s+attempt 1 {2}TransientError/,
      ),
      expect.stringMatching(/attempt 2 {2}TransientError/),
    ]);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^✔ lines-1 SUCCEEDED in /);
  });

  it('streams NDJSON with executionArn, state and attempt; a 5-round loop shows 5 visits', async () => {
    const arn = await submit('json-1', {
      durationSeconds: 5,
      pollSeconds: 1,
      transientFailures: { CheckTaskStatus: 2 },
    });
    const { code, stdout } = await cli(['watch', 'json-1', '--json']);
    expect(code).toBe(0);
    const events = ndjson(stdout);
    expect(events.every((event) => event.executionArn === arn)).toBe(true);
    expect(events.map((event) => event.id)).toEqual(events.map((_, i) => i + 1));
    const entered = events.filter(
      (event) => event.type === 'TaskStateEntered' && event.state === 'CheckTaskStatus',
    );
    expect(entered).toHaveLength(5);
    const scheduled = events.filter(
      (event) => event.type === 'LambdaFunctionScheduled' && event.state === 'CheckTaskStatus',
    );
    expect(scheduled.map((event) => event.attempt)).toEqual([1, 2, 3, 1, 1, 1, 1]);
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('exits 3 when the execution fails, and summarises an already-finished one with its exit code', async () => {
    await submit('fails-1', { durationSeconds: 1, pollSeconds: 1, outcome: 'FAILED' });
    const live = await cli(['watch', 'fails-1']);
    expect(live.code).toBe(3);
    expect(live.stdout).toMatch(/✖ fails-1 FAILED in .*: TaskFailed/);

    const again = await cli(['watch', 'fails-1']);
    expect(again.code).toBe(3);
    expect(again.stdout).not.toMatch(/LambdaFunctionScheduled/); // a summary, not a replay
    expect(again.stdout).toMatch(/^STATE\s+STATUS\s+VISITS\s+ATTEMPTS\s+RETRIES/m);
    expect(again.stdout).toMatch(/^TaskFailed\s+FAILED/m);

    const ok = await cli(['watch', 'lines-1']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^CheckTaskStatus\s+SUCCEEDED\s+1\s+3\s+2\s/m);
  });

  it('exits with the worst status over several executions', async () => {
    const { code, stdout } = await cli(['watch', 'lines-1', 'fails-1']);
    expect(code).toBe(3);
    expect(stdout).toMatch(/✔ lines-1 SUCCEEDED/);
    expect(stdout).toMatch(/✖ fails-1 FAILED/);
  });

  it('watches the running executions with --all', async () => {
    await submit('all-1', { durationSeconds: 1, pollSeconds: 100 });
    await submit('all-2', { durationSeconds: 1, pollSeconds: 100, outcome: 'FAILED' });
    const { code, stdout } = await cli(['watch', '--all', '--max-rps', '20']);
    expect(code).toBe(3);
    expect(stdout).toMatch(/✔ all-1 SUCCEEDED/);
    expect(stdout).toMatch(/✖ all-2 FAILED/);
  });

  it('explains an unknown execution (exit 2) and a missing argument', async () => {
    const missing = await cli(['watch', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('execution "nope" not found in state machine taskctl-tasks');
    const none = await cli(['watch']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--all/);
  });
});

describe('taskctl submit --watch', () => {
  it('starts, shows the events live and exits by the final status', async () => {
    const ok = await cli(['submit', '{"durationSeconds": 1, "pollSeconds": 1}', '--name', 'sw-1', '--watch']);
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trim().split('\n');
    expect(lines[0]).toBe('arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:sw-1');
    expect(ok.stdout).toMatch(/sw-1 {2}ExecutionStarted/);
    expect(lines.at(-1)).toMatch(/✔ sw-1 SUCCEEDED/);

    const failed = await cli([
      'submit',
      '{"outcome": "FAILED", "durationSeconds": 0}',
      '--name',
      'sw-2',
      '--watch',
      '--json',
    ]);
    expect(failed.code).toBe(3);
    const events = ndjson(failed.stdout);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionFailed',
      executionArn: expect.stringMatching(/:sw-2$/),
    });
  });
});
