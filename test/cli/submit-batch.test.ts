import { type SFNClient } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjson } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { deployBundledWorkflow, listAllExecutions, sfnClient, until } from '../support/sdk.js';

// `taskctl submit --batch` end to end: the command in-process, the bundled workflow on a real engine
// (Ctrl-C is tested on the process, in signals.process.test.ts).
// Each test deploys its own copy of the workflow, so execution counts are its own.

const engine = useTestEngine({ speed: 50 });
const dir = mkdtempSync(join(tmpdir(), 'taskctl-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let sfn: SFNClient;
beforeAll(() => {
  sfn = sfnClient(engine().url);
});

const batch = (machine: string, args: string[], input?: string) =>
  runInProcess(['submit', '--batch', ...args, '--state-machine', machine], { env: engine().env, input });

/** A task of the bundled workflow that ends after one quick status check. */
const quick = (fields: object) => JSON.stringify({ durationSeconds: 0, pollSeconds: 1, ...fields });

describe('taskctl submit --batch', { timeout: 60_000 }, () => {
  it('submits 200 lines from stdin: 200 result lines in input order, 200 executions', async () => {
    const machine = await deployBundledWorkflow(sfn, 'batch-stdin');
    const lines = Array.from({ length: 200 }, (_, i) => quick({ taskId: `t-${i + 1}` }));
    const run = await batch(
      'batch-stdin',
      ['-', '--rate', '1000', '--concurrency', '16'],
      lines.join('\n') + '\n',
    );
    expect(run.code).toBe(0);
    const results = ndjson(run.stdout);
    expect(results.map((r) => r.line)).toEqual(lines.map((_, i) => i + 1));
    expect(results.every((r) => typeof r.executionArn === 'string' && !('error' in r))).toBe(true);
    expect(run.stderr).toContain('200 started, 0 failed');

    const started = await listAllExecutions(sfn, machine);
    expect(started).toHaveLength(200);
    expect(new Set(started.map((e) => e.executionArn))).toEqual(new Set(results.map((r) => r.executionArn)));
    // Each line's ARN is the execution started with that line's input.
    const { DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
    for (const index of [0, 99, 199]) {
      const described = await sfn.send(
        new DescribeExecutionCommand({ executionArn: results[index].executionArn }),
      );
      expect(described.input).toBe(lines[index]);
    }
  });

  it('reports bad lines at their line numbers, submits the good ones and exits 1', async () => {
    const machine = await deployBundledWorkflow(sfn, 'batch-mixed');
    const input = [
      quick({ n: 1 }), // 1
      '', // 2: blank, counted, no result
      'not json', // 3
      '[1, 2]', // 4
      '   ', // 5: blank
      quick({ n: 6 }), // 6
      JSON.stringify({ big: 'x'.repeat(262_144) }), // 7: over 256 KiB
      quick({ n: 8 }), // 8
    ].join('\n');
    const run = await batch('batch-mixed', ['-'], input);
    expect(run.code).toBe(1);
    const results = ndjson(run.stdout);
    expect(results.map((r) => r.line)).toEqual([1, 3, 4, 6, 7, 8]);
    expect(results.filter((r) => r.error).map((r) => [r.line, r.error.name])).toEqual([
      [3, 'InvalidExecutionInput'],
      [4, 'InvalidExecutionInput'],
      [7, 'InvalidExecutionInput'],
    ]);
    expect(results[1].error.message).toMatch(/line 3 is not valid JSON/);
    expect(results[4].error.message).toMatch(/line 7 is \d+ bytes; Step Functions accepts at most 262144/);
    expect(run.stderr).toContain('3 started, 3 failed');
    const started = await listAllExecutions(sfn, machine);
    expect(started.map((e) => e.executionArn).sort()).toEqual(
      results
        .filter((r) => r.executionArn)
        .map((r) => r.executionArn)
        .sort(),
    );
  });

  it('--idempotent from a FILE: a re-run starts nothing and reports the same executions', async () => {
    const machine = await deployBundledWorkflow(sfn, 'batch-idem');
    const file = join(dir, 'idempotent.ndjson');
    const lines = [
      quick({ taskId: 'a' }),
      quick({ taskId: 'b' }),
      JSON.stringify({ taskId: 'long', durationSeconds: 100_000, pollSeconds: 3600 }), // still RUNNING later
      quick({ taskId: 'c' }),
    ];
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const first = await batch('batch-idem', [file, '--idempotent']);
    expect(first.code).toBe(0);
    const firstResults = ndjson(first.stdout);
    expect(firstResults.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    for (const r of firstResults) expect(r.executionArn).toMatch(/:batch-[0-9a-f]{32}$/);
    expect(new Set(firstResults.map((r) => r.executionArn)).size).toBe(4);
    // The quick ones finish; a finished execution's name makes StartExecution fail, not restart.
    // (The engine may still be running the 200 of the first test: the wait bounds a hang only.)
    await until(
      async () =>
        (await listAllExecutions(sfn, machine)).filter((e) => e.status === 'SUCCEEDED').length === 3,
      50_000,
    );
    // A re-run tells a RUNNING execution it did not start by its startDate, from before the
    // line's first attempt; on this machine with no allowance for clock skew, so at once.
    const again = await batch('batch-idem', [file, '--idempotent']);
    expect(again.code).toBe(0);
    const againResults = ndjson(again.stdout);
    expect(againResults.map((r) => r.executionArn)).toEqual(firstResults.map((r) => r.executionArn));
    // All were there already: the finished ones (StartExecution refused their names) and the
    // running one (StartExecution returned it, with the startDate of the first run).
    expect(againResults.map((r) => r.existing ?? false)).toEqual([true, true, true, true]);
    expect(again.stderr).toContain('0 started, 4 already existed, 0 failed');
    expect(await listAllExecutions(sfn, machine)).toHaveLength(4);
  });

  it('--name-field names each execution; a missing field or a taken name is an error line', async () => {
    const machine = await deployBundledWorkflow(sfn, 'batch-named');
    const lines = [
      quick({ id: 'job-1' }),
      quick({ other: 'x' }),
      quick({ id: 'has space' }),
      quick({ id: 'job-4' }),
    ];
    const run = await batch('batch-named', ['-', '--name-field', 'id'], lines.join('\n'));
    expect(run.code).toBe(1);
    expect(ndjson(run.stdout)).toEqual([
      { line: 1, executionArn: expect.stringMatching(/:execution:batch-named:job-1$/) },
      { line: 2, error: { name: 'InvalidName', message: 'line 2 has no field "id" to name the execution' } },
      { line: 3, error: { name: 'InvalidName', message: expect.stringContaining('contains a space') } },
      { line: 4, executionArn: expect.stringMatching(/:execution:batch-named:job-4$/) },
    ]);
    await until(
      async () => (await listAllExecutions(sfn, machine)).every((e) => e.status === 'SUCCEEDED'),
      50_000,
    );

    // Same ids again: job-1 with its input is already there; job-4 with other input is a clash.
    const again = await batch(
      'batch-named',
      ['-', '--name-field', 'id'],
      [lines[0], quick({ id: 'job-4', changed: true })].join('\n'),
    );
    expect(again.code).toBe(1);
    expect(ndjson(again.stdout)).toEqual([
      { line: 1, executionArn: expect.stringMatching(/:job-1$/), existing: true },
      {
        line: 2,
        error: { name: 'ExecutionAlreadyExists', message: expect.stringContaining('different input') },
      },
    ]);
    expect(await listAllExecutions(sfn, machine)).toHaveLength(2);
  });

  it('honours --rate: 20 lines at 20 a second take at least 0.95 s', async () => {
    await deployBundledWorkflow(sfn, 'batch-rate');
    const lines = Array.from({ length: 20 }, (_, i) => quick({ n: i }));
    const started = Date.now();
    const run = await batch('batch-rate', ['-', '--rate', '20'], lines.join('\n'));
    const took = Date.now() - started;
    expect(run.code).toBe(0);
    expect(ndjson(run.stdout)).toHaveLength(20);
    expect(took).toBeGreaterThanOrEqual(950); // 19 intervals of 50 ms after the first start
  });

  it.each([
    ['a missing file', ['--batch', join(dir, 'missing.ndjson')], /cannot read batch file .*ENOENT/],
    ['INPUT with --batch', ['{}', '--batch', '-'], /pass either INPUT or --batch/],
    ['--wait with --batch', ['--batch', '-', '--wait'], /--wait.*--batch/],
    ['--watch with --batch', ['--batch', '-', '--watch'], /--watch.*--batch/],
    ['--name with --batch', ['--batch', '-', '--name', 'x'], /--name.*--batch/],
    [
      '--name-field with --idempotent',
      ['--batch', '-', '--name-field', 'id', '--idempotent'],
      /--idempotent/,
    ],
    ['--rate without --batch', ['{}', '--rate', '5'], /--rate: --batch/],
  ])('exits 2 for %s, submitting nothing', async (_what, args, message) => {
    const run = await runInProcess(['submit', ...args, '--state-machine', 'batch-usage'], {
      env: engine().env,
      input: quick({}),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
