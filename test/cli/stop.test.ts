import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { createMachine, deployBundledWorkflow, sfnClient, waitForTerminal } from '../support/sdk.js';

// `taskctl stop` end to end: the built CLI against a real engine, checked with the real SDK.

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:';
const engine = useTestEngine({ speed: 20 });
const cli = (args: string[]) => runInProcess(args, { env: engine().env });
const sfn = () => sfnClient(engine().url);

async function start(name: string, input: object, machine = 'taskctl-tasks'): Promise<string> {
  const { executionArn } = await sfn().send(
    new StartExecutionCommand({
      stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${machine}`,
      name,
      input: JSON.stringify(input),
    }),
  );
  return executionArn!;
}

// A job that stays RUNNING for the whole test file (an hour of polling, even at --speed 20).
const LONG_JOB = { durationSeconds: 3600, pollSeconds: 60 };

beforeAll(async () => {
  await deployBundledWorkflow(sfn());
  await createMachine(sfn(), 'other', {
    StartAt: 'Hold',
    States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } },
  });
}, 20_000);

describe('taskctl stop', { timeout: 30_000 }, () => {
  it('stops a running execution by name, recording --error and --cause', async () => {
    const executionArn = await start('stop-by-name', LONG_JOB);
    const result = await cli([
      'stop',
      'stop-by-name',
      '--error',
      'Operator',
      '--cause',
      'cancelled by the test',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${executionArn}\n`);
    expect(result.stderr).toMatch(/^stopped stop-by-name$/m);
    const stopped = await waitForTerminal(sfn(), executionArn);
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'cancelled by the test' });
  });

  it('stops by ARN and prints {executionArn, stopDate} with --json', async () => {
    const executionArn = await start('stop-by-arn', LONG_JOB);
    const result = await cli(['stop', executionArn, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    const stopped = await waitForTerminal(sfn(), executionArn);
    expect(stopped.status).toBe('ABORTED');
    expect(document).toEqual({ executionArn, stopDate: stopped.stopDate!.toISOString() });
  });

  it('resolves a name within --state-machine', async () => {
    const executionArn = await start('elsewhere', {}, 'other');
    const wrongMachine = await cli(['stop', 'elsewhere']);
    expect(wrongMachine.code).toBe(2);
    const result = await cli(['stop', 'elsewhere', '--state-machine', 'other']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${executionArn}\n`);
    expect((await waitForTerminal(sfn(), executionArn)).status).toBe('ABORTED');
  });

  it('leaves a finished execution alone: exit 0, "already STATUS", its original stop date', async () => {
    const executionArn = await start('finished', { durationSeconds: 0, pollSeconds: 1 });
    const finished = await waitForTerminal(sfn(), executionArn);
    expect(finished.status).toBe('SUCCEEDED');

    const human = await cli(['stop', 'finished', '--error', 'Operator']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe(`${executionArn}\n`);
    expect(human.stderr).toContain('finished already SUCCEEDED');
    expect(human.stderr).not.toMatch(/^stopped/m);

    const json = await cli(['stop', executionArn, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ executionArn, stopDate: finished.stopDate!.toISOString() });
    expect(await waitForTerminal(sfn(), executionArn)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('says "already ABORTED" when stopped twice, keeping the first error and stop date', async () => {
    const executionArn = await start('twice', LONG_JOB);
    expect((await cli(['stop', 'twice', '--error', 'First'])).code).toBe(0);
    const first = await waitForTerminal(sfn(), executionArn);
    const again = await cli(['stop', 'twice', '--error', 'Second', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).stopDate).toBe(first.stopDate!.toISOString());
    expect(await waitForTerminal(sfn(), executionArn)).toMatchObject({ status: 'ABORTED', error: 'First' });
    expect((await cli(['stop', 'twice'])).stderr).toContain('twice already ABORTED');
  });

  it('exits 2 with the standard message for an unknown execution, and as JSON under --json', async () => {
    const human = await cli(['stop', 'no-such-task']);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain(
      'execution "no-such-task" not found in state machine taskctl-tasks; list them with: taskctl list',
    );

    const json = await cli(['stop', `${ARN}no-such-task`, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: 'NotFoundError', exitCode: 2 });
    // The README's error document: the service's own error name is kept beside taskctl's.
    expect(JSON.parse(json.stdout).error).toMatchObject({ serviceError: 'ExecutionDoesNotExist' });
  });

  it('rejects a malformed ARN before calling the service', async () => {
    const result = await cli(['stop', 'arn:aws:states:us-east-1:123456789012:stateMachine:taskctl-tasks']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not an execution ARN');
    expect(result.stderr).not.toContain('→ local engine');
  });
});
