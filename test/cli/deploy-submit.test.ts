import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { writeWaitingDefinition } from '../support/definitions.js';

// End to end against a real engine: the commands in-process, the real SDK, real HTTP. Ctrl-C is
// tested on the process, in signals.process.test.ts.

const engine = useTestEngine({ speed: 100 });
const cli = (args: string[], input?: string) => runInProcess(args, { env: engine().env, input });
const dir = mkdtempSync(join(tmpdir(), 'taskctl-deploy-'));

const waitingDefinition = () => writeWaitingDefinition(dir);

describe('deploy', () => {
  it('prints each diagnostic with its location and exits 2 for an invalid definition', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } }));
    const { code, stdout, stderr } = await cli(['deploy', '--definition', bad, '--name', 'bad']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ERROR MISSING_TRANSITION_TARGET at \/States\/A\/Next: /m);
    expect(stderr).toMatch(/the definition has \d+ errors?/);
    expect(stderr).not.toMatch(/^\s+at /m);
    const listed = await cli(['deploy', '--definition', bad, '--name', 'bad', '--json']);
    expect(JSON.parse(listed.stdout).error.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'MISSING_TRANSITION_TARGET', location: '/States/A/Next' }),
    );
  });

  it('creates, then reports unchanged without writing, and dry-runs changes', async () => {
    const dryRun = await cli(['deploy', '--dry-run', '--json']);
    expect(dryRun.code).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({
      action: 'created',
      dryRun: true,
      name: 'taskctl-tasks',
    });

    const created = await cli(['deploy', '--json']);
    expect(created.code).toBe(0);
    const result = JSON.parse(created.stdout);
    expect(result).toMatchObject({
      action: 'created',
      name: 'taskctl-tasks',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:taskctl-tasks',
      roleArn: 'arn:aws:iam::123456789012:role/taskctl-tasks-us-east-1-states',
    });

    const again = await cli(['deploy']);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(result.stateMachineArn);
    expect(again.stderr).toMatch(/^unchanged +state-machine +taskctl-tasks$/m);

    const role = await cli(['deploy', '--dry-run', '--role-arn', 'arn:aws:iam::123456789012:role/other']);
    expect(role.stdout).toMatch(/^would update +state-machine +taskctl-tasks \(role\)$/m);
  });
});

describe('submit and describe', () => {
  it('submits, waits for SUCCEEDED (exit 0) and describes by name and ARN', async () => {
    await cli(['deploy']);
    const submitted = await cli(['submit', '{"taskId": "t-1"}', '--name', 'ok-1', '--wait', '--json']);
    expect(submitted.code, submitted.stdout + submitted.stderr).toBe(0);
    const result = JSON.parse(submitted.stdout);
    expect(result).toMatchObject({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:ok-1',
      status: 'SUCCEEDED',
    });

    const byName = await cli(['describe', 'ok-1']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toMatch(/^status\s+SUCCEEDED$/m);
    expect(byName.stdout).toContain('"taskId": "t-1"');

    const byArn = await cli(['describe', result.executionArn, '--json']);
    expect(JSON.parse(byArn.stdout)).toMatchObject({
      name: 'ok-1',
      status: 'SUCCEEDED',
      input: '{"taskId": "t-1"}',
    });
  });

  it('prints only the execution ARN on stdout, reading input from stdin', async () => {
    const { code, stdout } = await cli(['submit', '-'], '{"taskId": "t-2"}');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:[\w-]+\n$/);
  });

  it('is idempotent for the same name and input while running, exit 2 for different input', async () => {
    expect((await cli(['deploy', '--definition', waitingDefinition(), '--name', 'waiting'])).code).toBe(0);
    const first = await cli(['submit', '{"a": 1}', '--name', 'idem-1', '--state-machine', 'waiting']);
    const second = await cli(['submit', '{"a": 1}', '--name', 'idem-1', '--state-machine', 'waiting']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const clash = await cli(['submit', '{"a": 2}', '--name', 'idem-1', '--state-machine', 'waiting']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/already exists.*\n?.*--name/);
  });

  it('returns the finished execution for the same name and input, with its exit code under --wait', async () => {
    const task = '{"durationSeconds": 1, "pollSeconds": 1, "outcome": "FAILED"}';
    const first = await cli(['submit', task, '--name', 'idem-done', '--wait']);
    expect(first.code).toBe(3);
    // Same input, keys reordered and spaced differently: still the same task.
    const again = await cli([
      'submit',
      '{"outcome":"FAILED","pollSeconds":1,"durationSeconds":1}',
      '--name',
      'idem-done',
      '--wait',
    ]);
    expect(again.code).toBe(3);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toContain('idem-done was already submitted with this input');
    const other = await cli(['submit', '{"durationSeconds": 2}', '--name', 'idem-done']);
    expect(other.code).toBe(2);
    expect(other.stdout).toBe('');
  });

  it('explains an unknown execution and state machine (exit 2)', async () => {
    const missing = await cli(['describe', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'execution "nope" not found in state machine taskctl-tasks; list them with: taskctl list',
    );
    const machine = await cli(['submit', '--state-machine', 'absent']);
    expect(machine.code).toBe(2);
    expect(machine.stderr).toMatch(/state machine "absent" not found.*\n?.*taskctl deploy --name absent,/);
  });

  it('exits 3 when the execution FAILED', async () => {
    const failing = join(dir, 'fail.json');
    writeFileSync(
      failing,
      JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' } } }),
    );
    expect((await cli(['deploy', '--definition', failing, '--name', 'failing'])).code).toBe(0);
    const { code, stderr } = await cli(['submit', '--state-machine', 'failing', '--wait']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/FAILED.*Boom/);
  });

  it("--wait shows a Lambda error's message, not its JSON cause with the stack trace", async () => {
    const cause = JSON.stringify({
      errorType: 'TransientError',
      errorMessage: 'CreateTask: simulated outage',
      trace: [
        'TransientError: CreateTask: simulated outage',
        '    at createTask (file:///x/simulation.js:107:19)',
      ],
    });
    const file = join(dir, 'lambda-fail.json');
    writeFileSync(
      file,
      JSON.stringify({
        StartAt: 'F',
        States: { F: { Type: 'Fail', Error: 'TransientError', Cause: cause } },
      }),
    );
    expect((await cli(['deploy', '--definition', file, '--name', 'lambda-fail'])).code).toBe(0);
    const { code, stderr } = await cli(['submit', '--state-machine', 'lambda-fail', '--wait']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/FAILED in .*: TransientError \(CreateTask: simulated outage\)\n$/);
    expect(stderr).not.toContain('simulation.js');
  });
});
