import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { useTestEngine } from '../support/engine.js';
import { useRequestLog } from '../support/request-log.js';
import { deployBundledWorkflow, sfnClient } from '../support/sdk.js';

// What a command sends, seen by a pass-through proxy in front of a real engine.

const engine = useTestEngine();
const log = useRequestLog(() => engine().url);

beforeAll(() => deployBundledWorkflow(sfnClient(engine().url)), 20_000);

describe('requests', () => {
  it('describe of a missing execution sends nothing twice: its other calls are abandoned, not retried', async () => {
    log().clear();
    const result = await runInProcess(['describe', 'nope'], {
      env: { ...engine().env, TASKCTL_ENDPOINT: log().url },
    });
    const operations = log().requests;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('execution "nope" not found');
    expect(operations).toContain('DescribeExecution');
    expect(operations.length).toBe(new Set(operations).size);
  });
});
