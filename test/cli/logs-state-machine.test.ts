import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';

// `deploy --log-group`: the engine writes the execution history to the state machine's log
// group in Step Functions' log format, and `taskctl logs` reads it beside the handler lines.

const engine = useTestEngine({ speed: 50 });
const cli = (args: string[]) => runInProcess(args, { env: engine().env, timeoutMs: 30_000 });
const GROUP = '/aws/vendedlogs/states/taskctl-tasks';

beforeAll(async () => {
  expect((await cli(['deploy'])).code).toBe(0);
});

describe('state machine logging', () => {
  it('is set by deploy --log-group, and a repeated deploy is unchanged', async () => {
    const first = await cli(['deploy', '--log-group', GROUP, '--log-level', 'ALL', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ action: 'updated' });
    const again = await cli(['deploy', '--log-group', GROUP, '--log-level', 'ALL', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ action: 'unchanged' });
    const errorsOnly = await cli([
      'deploy',
      '--log-group',
      GROUP,
      '--log-level',
      'ERROR',
      '--dry-run',
      '--json',
    ]);
    expect(JSON.parse(errorsOnly.stdout)).toMatchObject({ action: 'updated', dryRun: true });
  });

  it("sends every history event to the log group, and logs shows them with the handlers' lines", async () => {
    const task = JSON.stringify({ durationSeconds: 1, pollSeconds: 1 });
    expect((await cli(['submit', task, '--name', 'sm-logged', '--wait'])).code).toBe(0);
    const history = JSON.parse((await cli(['history', 'sm-logged', '--json'])).stdout) as {
      events: unknown[];
    };
    const { code, stdout } = await cli(['logs', 'sm-logged', '--json']);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { logGroupName: string; message: string });
    const machineLines = lines
      .filter((line) => line.logGroupName === GROUP)
      .map((line) => JSON.parse(line.message));
    expect(machineLines).toHaveLength(history.events.length);
    expect(machineLines[0]).toMatchObject({
      id: '1',
      type: 'ExecutionStarted',
      previous_event_id: '0',
      execution_arn: 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:sm-logged',
      redrive_count: '0',
    });
    expect(machineLines.at(-1)).toMatchObject({ type: 'ExecutionSucceeded' });
    expect(lines.some((line) => line.logGroupName === '/aws/lambda/CreateTask')).toBe(true);
  });
});
