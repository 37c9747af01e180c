import { DescribeExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ndjson, runCli } from '../../support/cli.js';
import { seededRandom } from '../../../src/engine/asl/seeded-random.js';
import { useRestartableEngine } from '../../support/engine.js';
import {
  deployBundledWorkflow,
  fullHistory,
  historyProblems,
  listAllExecutions,
  sfnClient,
  until,
} from '../../support/sdk.js';

// 200 tasks of the bundled workflow, submitted with `taskctl submit --batch` while the engine is
// SIGKILLed at five random moments and restarted on the same data dir and port: the first kill
// lands mid-batch (the batch rides it out), the others while executions are mid-flight. Every
// task must end SUCCEEDED with a history whose ids are contiguous, whose previousEventId links
// point back to an earlier event, and which has exactly one terminal event.
// The moments come from a seed printed by the test; CRASH_SEED=N replays them.

const TASKS = 200;
const KILLS = 5;

/**
 * Beyond historyProblems: every link is 0 (none: ExecutionStarted, and the first state entered,
 * as AWS records it) or an earlier event of this history, and the first event links nowhere.
 */
function linkProblems(events: HistoryEvent[]): string[] {
  const valid = (e: HistoryEvent) => {
    const link = e.previousEventId;
    if (e.id === 1) return link === 0;
    return Number.isInteger(link) && link! >= 0 && link! < e.id!;
  };
  return events.filter((e) => !valid(e)).map((e) => `event ${e.id} links to ${e.previousEventId}`);
}

describe('the engine killed five times while 200 tasks run', () => {
  // Speed 5, not more: --speed shortens the tasks' 60 s TimeoutSeconds too, and a task in flight
  // across several restarts must not time out (at 200, 300 ms, and a quarter of them did).
  const engines = useRestartableEngine({ speed: 5, samePort: true });
  const dir = mkdtempSync(join(tmpdir(), 'taskctl-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes every task SUCCEEDED with a consistent history', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`crash test seed: ${seed} (replay with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    const between = (low: number, high: number) => Math.round(low + random() * (high - low));

    let engine = await engines.start();
    let sfn = sfnClient(engine.url);
    const machine = await deployBundledWorkflow(sfn, 'crash-tasks');
    // Three status checks each (a few Wait/Check rounds), some with a retried failure.
    const lines = Array.from({ length: TASKS }, (_, i) =>
      JSON.stringify({
        taskId: `t-${i}`,
        durationSeconds: 3,
        pollSeconds: 1,
        ...(i % 5 === 0 ? { transientFailures: { CheckTaskStatus: 1 } } : {}),
      }),
    );
    const file = join(dir, 'tasks.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const batch = runCli(
      ['submit', '--batch', file, '--idempotent', '--rate', '60', '--state-machine', 'crash-tasks'],
      { env: engine.env, timeoutMs: 60_000 },
    );

    const moments: string[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      if (kill === 1) {
        // Mid-batch: once some, but far from all, tasks have been started.
        const started = between(10, 80);
        await until(async () => (await listAllExecutions(sfn, machine)).length >= started, 15_000);
        moments.push(`after ${started} starts`);
      } else {
        const delay = between(100, 900);
        await new Promise((resolve) => setTimeout(resolve, delay));
        moments.push(`${delay} ms after restart ${kill - 1}`);
      }
      const running = await listAllExecutions(sfn, machine, { statusFilter: 'RUNNING' });
      moments[moments.length - 1] += ` (${running.length} running)`;
      if (kill === 1) expect(running.length).toBeGreaterThan(0); // mid-flight, not after the fact
      engine = await engines.crashAndRestart();
      sfn = sfnClient(engine.url);
    }
    console.log(`killed: ${moments.join('; ')}`);

    const submitted = await batch;
    const results = ndjson(submitted.stdout);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.map((r) => r.line)).toEqual(lines.map((_, i) => i + 1));
    expect(submitted.stderr).toContain(`${TASKS} started, 0 failed`);
    expect(submitted.code).toBe(0);

    await until(
      async () => (await listAllExecutions(sfn, machine, { statusFilter: 'SUCCEEDED' })).length === TASKS,
      30_000,
    ).catch(async (error: Error) => {
      const all = await listAllExecutions(sfn, machine);
      const failed = all.find((e) => e.status === 'FAILED');
      const why = failed
        ? await sfn.send(new DescribeExecutionCommand({ executionArn: failed.executionArn }))
        : undefined;
      const statuses = countBy(all.map((e) => e.status));
      throw new Error(`${error.message}: ${JSON.stringify(statuses)}; ${why?.error}: ${why?.cause}`);
    });
    const executions = await listAllExecutions(sfn, machine);
    expect(executions).toHaveLength(TASKS);
    expect(new Set(executions.map((e) => e.executionArn))).toEqual(
      new Set(results.map((r) => r.executionArn)),
    );
    // Eight histories at a time: 200 read one by one took most of a second.
    for (let i = 0; i < executions.length; i += 8) {
      const batch = executions.slice(i, i + 8);
      const histories = await Promise.all(batch.map((e) => fullHistory(sfn, e.executionArn!)));
      histories.forEach((events, j) => {
        const { executionArn } = batch[j];
        const problems = [...historyProblems(events), ...linkProblems(events)];
        expect({ executionArn, problems }).toEqual({ executionArn, problems: [] });
        expect(events.at(-1)!.type).toBe('ExecutionSucceeded');
      });
    }
  }, 90_000);
});

const countBy = (values: (string | undefined)[]) =>
  values.reduce<Record<string, number>>(
    (counts, v) => ({ ...counts, [v ?? '?']: (counts[v ?? '?'] ?? 0) + 1 }),
    {},
  );
