import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjson } from '../support/cli.js';
import { useRestartableEngine, useTestEngine, type TestEngine } from '../support/engine.js';
import { runInProcess } from '../support/in-process.js';
import { createMachine, sfnClient, waitForTerminal } from '../support/sdk.js';

// `taskctl task succeed|fail|heartbeat` end to end, in-process against a real engine running
// callback tasks (arn:aws:states:::lambda:invoke.waitForTaskToken): the token found with
// `describe`, completed, failed, kept alive and timed out, from the argument and from stdin, and
// across an engine restart.

const NOTIFY = `export async function handler(event) {
  return { queued: event.order };
}
`;

const approval = (extra: Record<string, unknown> = {}) => ({
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'Notify',
        Payload: { 'order.$': '$.order', 'taskToken.$': '$$.Task.Token' },
      },
      ResultPath: '$.approval',
      Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Rejected' }],
      End: true,
      ...extra,
    },
    Rejected: { Type: 'Pass', End: true },
  },
});

async function start(sfn: SFNClient, machine: string, order: string): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ order }) }),
  );
  return executionArn!;
}

/** Runs taskctl against `engine`. */
const taskctl = (engine: TestEngine, args: string[], input?: string) =>
  runInProcess(args, { env: engine.env, input, timeoutMs: 20_000 });

/** The token `describe --json` shows for the execution's waiting state (polled until it waits). */
async function waitingToken(engine: TestEngine, executionArn: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { code, stdout } = await taskctl(engine, ['describe', executionArn, '--json']);
    expect(code).toBe(0);
    const described = JSON.parse(stdout) as { waitingForCallback?: { state: string; token?: string }[] };
    const token = described.waitingForCallback?.[0]?.token;
    if (token) {
      expect(described.waitingForCallback).toEqual([
        { state: 'Approve', visit: 1, token, since: expect.any(String) },
      ]);
      return token;
    }
    if (Date.now() > deadline) throw new Error(`${executionArn} never waited for a callback`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const handlersDir = mkdtempSync(join(tmpdir(), 'taskctl-task-cli-'));
writeFileSync(join(handlersDir, 'Notify.mjs'), NOTIFY);
afterAll(() => rmSync(handlersDir, { recursive: true, force: true }));

describe('taskctl task', () => {
  // --speed 10: HeartbeatSeconds 5 is half a second.
  const engine = useTestEngine({ speed: 10, handlersDir });
  let sfn: SFNClient;
  let machine: string;
  let beating: string;
  beforeAll(async () => {
    sfn = sfnClient(engine().url);
    machine = await createMachine(sfn, 'approvals', approval());
    beating = await createMachine(sfn, 'approvals-beating', approval({ HeartbeatSeconds: 5 }));
  }, 20_000);

  it('describe shows the waiting state and its token; task succeed completes it with OUTPUT', async () => {
    const arn = await start(sfn, machine, 'o-1');
    const token = await waitingToken(engine(), arn);
    const described = await taskctl(engine(), ['describe', arn]);
    expect(described.stdout).toMatch(new RegExp(`WAITING FOR CALLBACK.*\\nApprove\\s+\\S+\\s+${token}\\n`));
    expect(described.stdout).toContain('taskctl task succeed TOKEN');

    const sent = await taskctl(engine(), ['task', 'succeed', token, '{"approvedBy":"ana"}']);
    expect(sent).toMatchObject({ code: 0, stdout: `${token}\n` });
    expect(sent.stderr).toContain(`task ${token.slice(0, 12)}… succeeded`);
    const done = await waitForTerminal(sfn, arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).approval).toEqual({ approvedBy: 'ana' });

    // The task is over: the same token again is refused, with the way to find waiting tasks.
    const again = await taskctl(engine(), ['task', 'succeed', token]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no task is waiting on token AQ.{10}…: it has already completed/);
    expect(again.stderr).toContain('taskctl describe EXECUTION');
    const json = await taskctl(engine(), ['task', 'succeed', token, '--json']);
    expect(JSON.parse(json.stdout).error).toMatchObject({ serviceError: 'TaskDoesNotExist', exitCode: 2 });
    // describe no longer lists it.
    expect(JSON.parse((await taskctl(engine(), ['describe', arn, '--json'])).stdout)).not.toHaveProperty(
      'waitingForCallback',
    );
  });

  it('task fail fails the state with --error and --cause, which its Catch matches', async () => {
    const arn = await start(sfn, machine, 'o-2');
    const token = await waitingToken(engine(), arn);
    const sent = await taskctl(engine(), [
      'task',
      'fail',
      token,
      '--error',
      'Rejected',
      '--cause',
      'over budget',
      '--json',
    ]);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toEqual({ taskToken: token, request: 'SendTaskFailure' });
    const done = await waitForTerminal(sfn, arn);
    expect(JSON.parse(done.output!).rejection).toEqual({ Error: 'Rejected', Cause: 'over budget' });
  });

  it('task heartbeat keeps a state with HeartbeatSeconds alive; without it the state times out', async () => {
    const arn = await start(sfn, beating, 'o-3');
    const token = await waitingToken(engine(), arn);
    // Over two heartbeat periods (0.5 s each) of heartbeats every 0.2 s or so.
    const until = Date.now() + 1_200;
    while (Date.now() < until) {
      expect((await taskctl(engine(), ['task', 'heartbeat', token])).code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect((await taskctl(engine(), ['describe', arn, '--json'])).stdout).toContain('"status": "RUNNING"');
    const done = await waitForTerminal(sfn, arn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    const late = await taskctl(engine(), ['task', 'heartbeat', token]);
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('has timed out (TimeoutSeconds or HeartbeatSeconds)');
  });

  it('reads tokens from stdin with -: one result line each (NDJSON with --json), exit 1 if any was refused', async () => {
    const arns = [await start(sfn, machine, 'o-4'), await start(sfn, machine, 'o-5')];
    const tokens = [await waitingToken(engine(), arns[0]), await waitingToken(engine(), arns[1])];
    const unknown = `AQ${'x'.repeat(64)}`;
    const sent = await taskctl(
      engine(),
      ['task', 'succeed', '-', '"approved"', '--json'],
      `${tokens[0]}\n\n${unknown}\n${tokens[1]}\n`,
    );
    expect(sent.code).toBe(1);
    expect(ndjson(sent.stdout)).toEqual([
      { line: 1, taskToken: tokens[0] },
      {
        line: 2,
        taskToken: unknown,
        error: expect.objectContaining({ name: 'NotFoundError', serviceError: 'TaskDoesNotExist' }),
      },
      { line: 3, taskToken: tokens[1] },
    ]);
    expect(sent.stderr).toBe(''); // under --json, no notices
    for (const arn of arns) {
      const done = await waitForTerminal(sfn, arn);
      expect(JSON.parse(done.output!).approval).toBe('approved');
    }

    // Text mode: a line per token; all refused now, as their tasks are done.
    const again = await taskctl(engine(), ['task', 'heartbeat', '-'], tokens.join('\n'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('0 accepted, 2 refused');
    expect(again.stdout.trim().split('\n')).toEqual(
      tokens.map((token) => expect.stringMatching(new RegExp(`^failed  ${token}  no task is waiting`))),
    );
  });

  it('refuses bad usage with exit 2, sending nothing', async () => {
    const arn = await start(sfn, machine, 'o-6');
    const token = await waitingToken(engine(), arn);
    const cases: [string[], string | undefined, RegExp][] = [
      [
        ['task', 'succeed', token, '{not json'],
        undefined,
        /output from the OUTPUT argument is not valid JSON/,
      ],
      [['task', 'succeed', '-', '-'], token, /stdin cannot hold both the tokens and the output/],
      [['task', 'succeed', '-'], '\n\n', /no task tokens on stdin/],
      [['task', 'succeed', token, '@/nonexistent/output.json'], undefined, /cannot read output file/],
      [['task', 'fail', 'not-a-token'], undefined, /not a task token: not-a-token/],
      [['task', 'heartbeat', 'A'.repeat(2049)], undefined, /at most 2048/],
    ];
    for (const [args, input, message] of cases) {
      const result = await taskctl(engine(), args, input);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    // The task still waits, for the right request.
    expect(
      (await taskctl(engine(), ['task', 'succeed', token, '@' + writeOutput('{"late":true}')])).code,
    ).toBe(0);
    expect(JSON.parse((await waitForTerminal(sfn, arn)).output!).approval).toEqual({ late: true });
  });
});

function writeOutput(text: string): string {
  const file = join(handlersDir, 'output.json');
  writeFileSync(file, text);
  return file;
}

describe('taskctl task across an engine restart', () => {
  const engines = useRestartableEngine({ handlers: { 'Notify.mjs': NOTIFY }, speed: 10 });

  it('completes a task that was waiting when the engine stopped, by its old token', async () => {
    let engine = await engines.start();
    const machine = await createMachine(sfnClient(engine.url), 'approvals', approval());
    const arn = await start(sfnClient(engine.url), machine, 'o-7');
    const token = await waitingToken(engine, arn);

    engine = await engines.crashAndRestart();
    // Still waiting after the restart, with the same token.
    expect(await waitingToken(engine, arn)).toBe(token);
    expect((await taskctl(engine, ['task', 'succeed', token, '{"after":"restart"}'])).code).toBe(0);
    const done = await waitForTerminal(sfnClient(engine.url), arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).approval).toEqual({ after: 'restart' });
  });
});
