import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';

// `taskctl logs` end to end: handler log lines from the engine's CloudWatch Logs, per execution.

const engine = useTestEngine({ speed: 50 });
const cli = (args: string[]) => runInProcess(args, { env: engine().env, timeoutMs: 30_000 });
const arnOf = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:${name}`;

beforeAll(async () => {
  // Handler lines only: the state machine's own log lines are logs-state-machine.test.ts's business.
  expect((await cli(['deploy', '--log-level', 'OFF'])).code).toBe(0);
  for (const name of ['log-a', 'log-b']) {
    const task = JSON.stringify({ durationSeconds: 1, pollSeconds: 1, transientFailures: { CreateTask: 1 } });
    expect((await cli(['submit', task, '--name', name, '--wait'])).code).toBe(0);
  }
}, 30_000);

describe('taskctl logs', () => {
  it("prints only that execution's handler lines, with START/END/REPORT of its requests", async () => {
    const { code, stdout } = await cli(['logs', 'log-a']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}\/aws\/lambda\/\w+ {2}/.test(line))).toBe(
      true,
    );
    expect(stdout).toContain(`"executionArn":"${arnOf('log-a')}"`);
    expect(stdout).not.toContain(arnOf('log-b'));
    const groups = new Set(lines.map((line) => line.split('  ')[1]));
    expect(groups).toEqual(
      new Set(['/aws/lambda/CreateTask', '/aws/lambda/CheckTaskStatus', '/aws/lambda/TaskCompleted']),
    );
    // CreateTask ran twice (one transient failure): two requests, each with START, END and REPORT.
    const create = lines.filter((line) => line.includes('/aws/lambda/CreateTask'));
    expect(create.filter((line) => / {2}START RequestId: /.test(line))).toHaveLength(2);
    expect(create.filter((line) => / {2}REPORT RequestId: /.test(line))).toHaveLength(2);
    const requestIds = new Set(create.map((line) => /RequestId: ([\w-]+)/.exec(line)?.[1]).filter(Boolean));
    expect(requestIds.size).toBe(2);
  });

  it('--json prints {timestamp, logGroupName, logStreamName, message} per line', async () => {
    const { code, stdout } = await cli(['logs', 'log-b', '--json']);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(Object.keys(lines[0]).sort()).toEqual(['logGroupName', 'logStreamName', 'message', 'timestamp']);
    expect(lines.some((line) => line.message.includes(arnOf('log-b')))).toBe(true);
    expect(lines.some((line) => line.message.includes(arnOf('log-a')))).toBe(false);
    const times = lines.map((line) => Date.parse(line.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('--follow reads until the execution ends, and watch --logs interleaves the lines', async () => {
    // Two checks 30 s apart (0.6 s at --speed 50): still running when `logs --follow` starts.
    const task = JSON.stringify({ durationSeconds: 60, pollSeconds: 30 });
    const submitted = await cli(['submit', task, '--name', 'log-c']);
    expect(submitted.code).toBe(0);
    const followed = await cli(['logs', 'log-c', '--follow']);
    expect(followed.code).toBe(0);
    expect(followed.stdout.match(/"handler":"CheckTaskStatus"/g)).toHaveLength(2);
    expect(followed.stdout).toContain('"handler":"TaskCompleted"');

    const watched = await cli(['watch', 'log-c', '--logs']);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/log-c {2}\/aws\/lambda\/TaskCompleted {2}.*"handler":"TaskCompleted"/);
  });
});
