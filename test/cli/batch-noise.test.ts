import { beforeAll, describe, expect, it } from 'vitest';
import { ndjson } from '../support/cli.js';
import { useTestEngine } from '../support/engine.js';
import { runInProcess } from '../support/in-process.js';
import { createMachine, listAllExecutions, sfnClient } from '../support/sdk.js';

// `submit --batch` says only what happened: no Node warnings at high concurrency, and a
// re-run that starts nothing says so.

const engine = useTestEngine();
const lines = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => JSON.stringify({ tag, n: i })).join('\n');
const batch = (machine: string, input: string, extra: string[] = []) =>
  runInProcess(['submit', '--batch', '-', '--state-machine', machine, '--rate', '1000', ...extra], {
    env: engine().env,
    input,
  });

beforeAll(async () => {
  // Executions that stay RUNNING for the whole file.
  const wait = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } };
  await createMachine(sfnClient(engine().url), 'noise', wait);
});

describe('submit --batch', () => {
  it('prints no MaxListenersExceededWarning at --concurrency 16', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const run = await batch('noise', lines(48, 'wide'), ['--concurrency', '16']);
      expect(run.code, run.stderr).toBe(0);
      expect(ndjson(run.stdout)).toHaveLength(48);
      expect(run.stderr).not.toContain('MaxListenersExceeded');
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceeded'))).toEqual([]);
  });

  it('a re-run of running tasks starts none and says so, as its result lines do', async () => {
    const input = lines(3, 'again');
    const first = await batch('noise', input, ['--idempotent']);
    expect(first.stderr).toContain('3 started, 0 failed');
    const before = await listAllExecutions(
      sfnClient(engine().url),
      'arn:aws:states:us-east-1:123456789012:stateMachine:noise',
    );
    // At once: an engine on this machine reads our clock, so no allowance for skew is needed to
    // tell the executions of the first run from the re-run's own starts.
    const again = await batch('noise', input, ['--idempotent']);
    expect(again.code, again.stderr).toBe(0);
    expect(ndjson(again.stdout).map((r) => r.existing)).toEqual([true, true, true]);
    expect(again.stderr).toContain('0 started, 3 already existed, 0 failed');
    const after = await listAllExecutions(
      sfnClient(engine().url),
      'arn:aws:states:us-east-1:123456789012:stateMachine:noise',
    );
    expect(after).toHaveLength(before.length);
  });
});
