import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, ndjson } from '../support/cli.js';
import { useTestEngine } from '../support/engine.js';
import { runInProcess } from '../support/in-process.js';
import { deployBundledWorkflow, listAllExecutions, sfnClient } from '../support/sdk.js';
import { writeWaitingDefinition } from '../support/definitions.js';

// Spawns the built CLI: what is tested here is the process itself — its exit code on Ctrl-C
// (SIGINT) and on a closed pipe. Setup runs in-process. Everything else about these commands is
// in their own (in-process) files: deploy-submit, submit-batch, watch.

const engine = useTestEngine({ speed: 50 });
const dir = mkdtempSync(join(tmpdir(), 'taskctl-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) => runInProcess(args, { env: engine().env, timeoutMs: 40_000 });

/** A task of the bundled workflow that ends after one quick status check. */
const quick = (fields: object) => JSON.stringify({ durationSeconds: 0, pollSeconds: 1, ...fields });

const waitingDefinition = () => writeWaitingDefinition(dir);

async function submit(name: string, task: object): Promise<string> {
  const { code, stdout, stderr } = await cli(['submit', JSON.stringify(task), '--name', name]);
  expect(code, stderr).toBe(0);
  return stdout.trim();
}

beforeAll(async () => {
  expect((await cli(['deploy'])).code).toBe(0);
}, 30_000);

describe('submit --wait', () => {
  it('exits 130 on Ctrl-C while waiting', async () => {
    expect((await cli(['deploy', '--definition', waitingDefinition(), '--name', 'waiting'])).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'submit', '--state-machine', 'waiting', '--wait'], {
      cwd: ROOT,
      env: cleanEnv(engine().env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((done) => child.once('exit', done));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await expect.poll(() => stdout, { timeout: 10_000 }).toContain('arn:');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // The execution keeps running, and the message says how to pick it up again.
    const arn = stdout.trim();
    expect(stderr).toContain('interrupted: ');
    expect(stderr).toContain('keeps running');
    expect(stderr).toContain(`re-attach with: taskctl watch ${arn}`);
    expect(stderr).not.toMatch(/^\s+at /m);
    const status = JSON.parse((await cli(['describe', arn, '--json'])).stdout).status;
    expect(status).toBe('RUNNING');
  });
});

describe('submit --batch', () => {
  it('Ctrl-C starts no further line, reports those in flight and exits 130', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await deployBundledWorkflow(sfn, 'batch-interrupt');
    const child = spawn(
      process.execPath,
      [BIN, 'submit', '--batch', '-', '--rate', '5', '--state-machine', 'batch-interrupt'],
      { cwd: ROOT, env: cleanEnv(engine().env) },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n') && !child.killed) child.kill('SIGINT');
    });
    child.stdin.end(Array.from({ length: 40 }, (_, i) => quick({ n: i })).join('\n'));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(130);
    const results = ndjson(stdout);
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThan(40);
    expect(results.map((r) => r.line)).toEqual(results.map((_, i) => i + 1));
    expect(stderr).toMatch(/interrupted: no line after line \d+ was submitted/);
    const started = await listAllExecutions(sfn, machine);
    expect(started.map((e) => e.executionArn).sort()).toEqual(results.map((r) => r.executionArn).sort());
  });
});

describe('taskctl watch', () => {
  it('exits quietly (0, no stack trace) when the reader goes away: watch … | head -3', async () => {
    // A finished execution with more than three events (as watch.test.ts's lines-1, without its long
    // first Wait: nothing watches it while it runs), and a running one.
    expect(
      (
        await cli([
          'submit',
          JSON.stringify({ durationSeconds: 1, pollSeconds: 1, transientFailures: { CheckTaskStatus: 2 } }),
          '--name',
          'lines-1',
          '--wait',
        ])
      ).code,
    ).toBe(0);
    await submit('piped-1', { durationSeconds: 200, pollSeconds: 1 });
    for (const args of ['watch piped-1', 'watch lines-1 --json']) {
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          'bash',
          ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args} | head -3`],
          {
            cwd: ROOT,
            env: cleanEnv(engine().env),
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(3);
      expect(result.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    }
  });
});

describe('streaming --json (NDJSON) on Ctrl-C', () => {
  it('ends with the error as one more JSON line, exit 130', async () => {
    // Runs for ten hours of engine time (12 minutes at --speed 50): still running whatever the load.
    await submit('ndjson-int-1', { durationSeconds: 36_000, pollSeconds: 60 });
    for (const args of [
      ['watch', 'ndjson-int-1', '--json'],
      ['logs', 'ndjson-int-1', '--follow', '--json'],
    ]) {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        env: cleanEnv(engine().env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((done) => child.once('exit', done));
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      await expect.poll(() => stdout, { timeout: 10_000 }).toContain('\n');
      expect(child.exitCode, `${args.join(' ')} ended before Ctrl-C: ${stdout}`).toBeNull();
      child.kill('SIGINT');
      const code = await exited;
      expect(code, args.join(' ')).toBe(130);
      const lines = ndjson(stdout);
      expect(lines.at(-1), args.join(' ')).toMatchObject({
        error: { name: 'InterruptedError', exitCode: 130 },
      });
      if (args[0] === 'watch') {
        expect(lines.at(-1).error.hint, 'watch names the way back').toMatch(
          /^re-attach with: taskctl watch arn:/,
        );
      }
    }
  });
});
