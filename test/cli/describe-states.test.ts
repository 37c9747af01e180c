import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { createMachine, sfnClient } from '../support/sdk.js';

// `taskctl describe` ends with the per-state summary; --json carries it as `states`.

const engine = useTestEngine({ speed: 50 });
const cli = (args: string[]) => runInProcess(args, { env: engine().env });

beforeAll(async () => {
  expect((await cli(['deploy'])).code).toBe(0);
  const retried = '{"durationSeconds": 1, "pollSeconds": 1, "transientFailures": {"CheckTaskStatus": 2}}';
  expect((await cli(['submit', retried, '--name', 'retry-2', '--wait'])).code).toBe(0);
  const rejected = '{"pollSeconds": 1, "permanentError": "CheckTaskStatus"}';
  expect((await cli(['submit', rejected, '--name', 'caught', '--wait'])).code).toBe(3);
}, 60_000);

describe('describe: per-state summary', () => {
  it('prints the fields, then the states table', async () => {
    const { code, stdout } = await cli(['describe', 'retry-2']);
    expect(code).toBe(0);
    const [fields, states] = stdout.split(/\n\n(?=STATE\s)/);
    expect(fields).toMatch(/^status\s+SUCCEEDED$/m);
    expect(states.split('\n')[0]).toMatch(
      /^STATE\s+STATUS\s+VISITS\s+ATTEMPTS\s+RETRIES\s+DURATION\s+LAST ERROR$/,
    );
    expect(states).toMatch(/^CheckTaskStatus\s+SUCCEEDED\s+1\s+3\s+2\s+\S+\s+TransientError: /m);
    expect(states).toMatch(/^Done\s+SUCCEEDED\s+1\s+0\s+0\s+\S+$/m);
  });

  it('shows a state left through Catch as CAUGHT with its error', async () => {
    const { code, stdout } = await cli(['describe', 'caught']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^status\s+FAILED$/m);
    expect(stdout).toMatch(/^CheckTaskStatus\s+CAUGHT\s+1\s+1\s+0\s+\S+\s+JobRejectedError: /m);
    expect(stdout).toMatch(/^TaskFailed\s+FAILED\s+1\s+0\s+0/m);
  });

  it('--json adds `states` to the DescribeExecution fields', async () => {
    const { code, stdout } = await cli(['describe', 'retry-2', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ name: 'retry-2', status: 'SUCCEEDED' });
    expect(result.states.map((s: { state: string }) => s.state)).toEqual([
      'CreateTask',
      'WaitForTaskCompletion',
      'CheckTaskStatus',
      'IsTaskDone',
      'TaskCompleted',
      'Done',
    ]);
    expect(result.states[2]).toMatchObject({
      state: 'CheckTaskStatus',
      stateType: 'Task',
      attempts: 3,
      retries: 2,
      lastError: { error: 'TransientError' },
    });
    expect(result.states[2].failures.map((f: { error: string }) => f.error)).toEqual([
      'TransientError',
      'TransientError',
    ]);
  });
});

describe('describe and history: a failure inside a Parallel branch', () => {
  it('shows the branch’s Fail state FAILED, not SUCCEEDED, when a Catch recovers', async () => {
    await createMachine(sfnClient(engine().url), 'nested-fail', {
      StartAt: 'FanOut',
      States: {
        FanOut: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Bad', States: { Bad: { Type: 'Fail', Error: 'Boom', Cause: 'branch failed' } } },
            { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 600, End: true } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recovered' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    });
    const where = ['--state-machine', 'nested-fail'];
    expect((await cli(['submit', '--name', 'nested-1', '--wait', ...where])).code).toBe(0);
    const described = await cli(['describe', 'nested-1', ...where]);
    expect(described.stdout).toMatch(/^FanOut\s+CAUGHT\s/m);
    expect(described.stdout).toMatch(/^Bad\s+FAILED\s/m);
    expect(described.stdout).not.toMatch(/^(Bad|Slow)\s+SUCCEEDED/m);
    const history = JSON.parse((await cli(['history', 'nested-1', '--json', ...where])).stdout);
    const status = Object.fromEntries(
      history.states.map((s: { state: string; status: string }) => [s.state, s.status]),
    );
    expect(status).toMatchObject({ FanOut: 'CAUGHT', Bad: 'FAILED', Recovered: 'SUCCEEDED' });
  });
});
