import { spawn } from 'node:child_process';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, runCli } from '../support/cli.js';
import { useTestEngine } from '../support/engine.js';
import { createMachine, sfnClient } from '../support/sdk.js';

// `taskctl submit` without INPUT: what stdin is matters (a pipe, /dev/null, a pipe nobody
// writes to), and only a process has a real stdin, so these spawn the built CLI.

const engine = useTestEngine();
const where = ['--state-machine', 'echo', '--wait', '--json'];

beforeAll(async () => {
  await createMachine(sfnClient(engine().url), 'echo', {
    StartAt: 'P',
    States: { P: { Type: 'Pass', End: true } },
  });
});

/** Spawns `taskctl submit …` with the given stdin; returns the child and its output so far. */
function spawnSubmit(stdin: 'ignore' | 'pipe', args = where) {
  const child = spawn(process.execPath, [BIN, 'submit', ...args], {
    cwd: ROOT,
    env: cleanEnv(engine().env),
    stdio: [stdin, 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('close', done));
  return { child, output, exited };
}

describe('submit without INPUT', () => {
  it('reads the document piped into stdin: echo {…} | taskctl submit', async () => {
    const { code, stdout, stderr } = await runCli(['submit', ...where], {
      input: '{"piped": true}\n',
      env: engine().env,
    });
    expect(code, stdout + stderr).toBe(0);
    expect(JSON.parse(JSON.parse(stdout).output)).toEqual({ piped: true });
  });

  it('starts with {} when stdin is /dev/null (a CI step), without waiting', async () => {
    const run = spawnSubmit('ignore');
    expect(await run.exited, run.output.stderr).toBe(0);
    expect(JSON.parse(run.output.stdout).output).toBe('{}');
  });

  it('says it is waiting when the pipe stays open with nothing written, then reads what comes', async () => {
    // Human mode: the notice is for a person at a terminal, and quiet under --json.
    const run = spawnSubmit('pipe', ['--state-machine', 'echo']);
    await expect.poll(() => run.output.stderr, { timeout: 10_000 }).toContain('waiting for INPUT on stdin');
    expect(run.child.exitCode).toBeNull();
    run.child.stdin!.end('{"late": 1}');
    expect(await run.exited, run.output.stderr).toBe(0);
    const execution = await sfnClient(engine().url).send(
      new DescribeExecutionCommand({ executionArn: run.output.stdout.trim() }),
    );
    expect(JSON.parse(execution.input!)).toEqual({ late: 1 });
  });
});
