import { describe, expect, it } from 'vitest';
import { ndjson } from '../support/cli.js';
import { useTestEngine } from '../support/engine.js';
import { runInProcess } from '../support/in-process.js';
import { createMachine, listAllExecutions, sfnClient } from '../support/sdk.js';

// `taskctl submit --batch` against an engine that answers 20% of all calls with ThrottlingException
// and 1% with a 500 (`taskctl dev --fault`, decided before the operation runs): every line gets
// exactly one result, every successful line exactly one execution, and an --idempotent re-run
// starts nothing. FAULT_SEED=N replays the engine's draws.

const LINES = 2000;
const faultSeed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const engine = useTestEngine({ speed: 100, faults: ['throttle=0.2,error=0.01'], faultSeed });

/** The test's own client rides out the faults too (it checks, it is not under test). */
const patientClient = (url: string) => sfnClient(url, { maxAttempts: 10 });

describe('submit --batch under injected throttling and errors', () => {
  it('one result per line, one execution per started line, and an --idempotent re-run starts none', async () => {
    console.log(`fault seed: ${faultSeed} (replay with FAULT_SEED=${faultSeed})`);
    const sfn = patientClient(engine().url);
    const PASS = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
    const machine = await createMachine(sfn, 'faulty-batch', PASS);
    const input = Array.from({ length: LINES }, (_, i) => JSON.stringify({ n: i })).join('\n') + '\n';
    // The defaults a user gets (8 workers, unpaced locally): a throttled start is retried at the
    // pacer's next token, and random throttling does not halve the pace.
    const args = ['submit', '--batch', '-', '--idempotent'];
    const batch = () =>
      runInProcess([...args, '--state-machine', 'faulty-batch'], {
        env: engine().env,
        input,
        timeoutMs: 45_000,
      });

    const first = await batch();
    const results = ndjson(first.stdout);
    expect(results.map((r) => r.line)).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
    const started = results.filter((r) => r.executionArn);
    // Throttling and 500s are retried (the batch's names make a repeat harmless): no line fails.
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(first.code).toBe(0);
    const executions = await listAllExecutions(sfn, machine);
    expect(executions).toHaveLength(started.length);
    expect(new Set(executions.map((e) => e.executionArn))).toEqual(
      new Set(started.map((r) => r.executionArn)),
    );

    const again = await batch();
    const rerun = ndjson(again.stdout);
    expect(rerun).toHaveLength(LINES);
    expect(rerun.filter((r) => r.error)).toEqual([]);
    expect(rerun.map((r) => r.executionArn)).toEqual(results.map((r) => r.executionArn));
    expect(again.stderr).toContain(`0 started, ${LINES} already existed, 0 failed`);
    expect(await listAllExecutions(sfn, machine)).toHaveLength(LINES);
  }, 100_000);
});
