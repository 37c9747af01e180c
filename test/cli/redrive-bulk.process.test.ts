import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, ndjson, type CliResult } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { createMachine, listAllExecutions, sfnClient, until } from '../support/sdk.js';

// Bulk `taskctl redrive`: 200 failed executions through a shell pipeline from `taskctl list`,
// the same set again (nothing redriven twice), and Ctrl-C in the middle of a run.
// Spawns the built CLI: the shell pipeline (as a user types it) and Ctrl-C are the subject here.

const BROKEN = `export async function handler() {
  const error = new Error('the job service is down');
  error.name = 'OutageError';
  throw error;
}
`;
const FIXED = `export async function handler(event) {
  return { ok: true };
}
`;
const engine = useTestEngine({ speed: 50, handlers: { 'BulkStep.mjs': BROKEN } });
const tiny = {
  StartAt: 'Step',
  States: {
    Step: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:BulkStep', End: true },
  },
};

/** Runs a shell script in which `taskctl` is the built CLI, pointed at the test engine. */
function shell(script: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `taskctl() { "$NODE" "$BIN" "$@"; }\n${script}`], {
      cwd: ROOT,
      env: cleanEnv({ ...engine().env, ...env, NODE: process.execPath, BIN }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function startFailed(sfn: SFNClient, stateMachineArn: string, count: number): Promise<string[]> {
  const arns: string[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) =>
      sfn.send(new StartExecutionCommand({ stateMachineArn, name: `job-${String(i + j).padStart(4, '0')}` })),
    );
    arns.push(...(await Promise.all(batch)).map((started) => started.executionArn!));
  }
  return arns;
}

describe('taskctl redrive in bulk', { timeout: 90_000 }, () => {
  let bulk: string;
  let interrupted: string;
  let bulkArns: string[];
  let interruptedArns: string[];

  beforeAll(async () => {
    const sfn = sfnClient(engine().url);
    bulk = await createMachine(sfn, 'bulk', tiny);
    interrupted = await createMachine(sfn, 'interrupted', tiny);
    bulkArns = await startFailed(sfn, bulk, 200);
    interruptedArns = await startFailed(sfn, interrupted, 20);
    await until(async () => (await listAllExecutions(sfn, bulk, { statusFilter: 'FAILED' })).length === 200);
    await until(
      async () => (await listAllExecutions(sfn, interrupted, { statusFilter: 'FAILED' })).length === 20,
    );
    writeFileSync(join(engine().handlersDir!, 'BulkStep.mjs'), FIXED); // the fix
  }, 60_000);

  it('--failed selects every redrivable execution; --dry-run lists them and changes nothing', async () => {
    const dry = await runInProcess(
      ['redrive', '--failed', '--since', '1h', '--dry-run', '--json', '--state-machine', 'bulk'],
      {
        env: engine().env,
      },
    );
    expect(dry.code).toBe(0);
    const rows = JSON.parse(dry.stdout);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row: { executionArn: string }) => row.executionArn))).toEqual(new Set(bulkArns));
    expect(rows.every((row: { redrivable: boolean }) => row.redrivable)).toBe(true);
    const redriven = await listAllExecutions(sfnClient(engine().url), bulk, { redriveFilter: 'REDRIVEN' });
    expect(redriven).toHaveLength(0);
  });

  it('redrives all 200 from `taskctl list --json | taskctl redrive - --yes`, and never twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskctl-redrive-list-'));
    const listed = join(dir, 'failed.json');
    const started = Date.now();
    const first = await shell(
      `set -e; taskctl list --status FAILED --json --limit 1000 | tee "${listed}" | taskctl redrive - --yes --json --rate 100`,
      { TASKCTL_STATE_MACHINE: 'bulk' },
    );
    const took = Date.now() - started;
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const outcomes = ndjson(first.stdout);
    expect(outcomes).toHaveLength(200);
    expect(outcomes.every((o) => o.result === 'redriven' && typeof o.redriveDate === 'string')).toBe(true);
    expect(new Set(outcomes.map((o) => o.executionArn))).toEqual(new Set(bulkArns));
    // Input order: the lines follow the listed array.
    const order = (JSON.parse(readFileSync(listed, 'utf8')) as Array<{ executionArn: string }>).map(
      (item) => item.executionArn,
    );
    expect(outcomes.map((o) => o.executionArn)).toEqual(order);
    // --rate 100: 200 redrives take at least 199 intervals of 10 ms.
    expect(took).toBeGreaterThanOrEqual(1_990);

    const sfn = sfnClient(engine().url);
    await until(
      async () => (await listAllExecutions(sfn, bulk, { statusFilter: 'SUCCEEDED' })).length === 200,
    );

    // The same set again: every one skipped, with its reason; nothing redriven a second time.
    const again = await runInProcess(['redrive', '-', '--yes'], {
      env: { ...engine().env, TASKCTL_STATE_MACHINE: 'bulk' },
      input: readFileSync(listed, 'utf8'),
    });
    expect(again.code).toBe(0);
    const lines = again.stdout.trim().split('\n');
    expect(lines).toHaveLength(200);
    for (const line of lines)
      expect(line).toMatch(/^skipped job-\d{4}: Execution is SUCCEEDED and cannot be redriven\.$/);
    expect(again.stderr).toContain('0 redriven, 200 skipped, 0 failed');
    // And the pipeline itself finds nothing left to redrive.
    const pipeline = await shell(
      `taskctl list --status FAILED --json --limit 1000 | taskctl redrive - --yes`,
      {
        TASKCTL_STATE_MACHINE: 'bulk',
      },
    );
    expect(pipeline.code).toBe(0);
    expect(pipeline.stdout).toBe('');
    const redriven = await listAllExecutions(sfn, bulk, { redriveFilter: 'REDRIVEN' });
    expect(redriven).toHaveLength(200);
    expect(redriven.every((e) => e.redriveCount === 1)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl-C exits 130 after finishing the redrives in flight, and reports each of them', async () => {
    const child = spawn(process.execPath, [BIN, 'redrive', '-', '--yes', '--json', '--rate', '4'], {
      cwd: ROOT,
      env: cleanEnv(engine().env),
    });
    let stdout = '';
    let interruptedAt = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!interruptedAt && stdout.includes('\n')) {
        interruptedAt = Date.now();
        child.kill('SIGINT');
      }
    });
    child.stdin.end(interruptedArns.join('\n') + '\n');
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(130);
    const reported = ndjson(stdout).filter((line) => line.result === 'redriven');
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(reported.length).toBeLessThan(20);
    const redriven = await listAllExecutions(sfnClient(engine().url), interrupted, {
      redriveFilter: 'REDRIVEN',
    });
    expect(redriven.map((e) => e.executionArn).sort()).toEqual(reported.map((o) => o.executionArn).sort());
  });
});
