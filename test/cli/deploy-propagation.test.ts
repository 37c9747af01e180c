import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src/engine/api/faults.js';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { runInProcess } from '../support/in-process.js';
import { useRequestLog } from '../support/request-log.js';
import { sfnClient } from '../support/sdk.js';

// IAM's propagation delay, as `taskctl dev --fault role-propagation=…` shows it: a role deploy has
// just created is refused by Lambda (CreateFunction) or Step Functions (CreateStateMachine) for a
// while. Deploy retries those refusals until they stop, or stops at its bound
// (TASKCTL_ROLE_PROPAGATION_SECONDS) with exit 1, naming the role and the fix. Attempts are counted
// by a request-log proxy in front of the engine.

const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
// A role the engine's IAM does not know: accepted as is, so only the state machine's role propagates.
const PLACEHOLDER_FUNCTION_ROLE = ROLE('placeholder-functions');
const CREATE_FUNCTION = 'POST /2015-03-31/functions';

/** An in-process engine with these faults for the describe block's tests, and a request log in front. */
function useFaultedEngine(faults: string) {
  let engine: RunningEngine | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-propagation-'));
  beforeAll(async () => {
    engine = await startEngine({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      speed: 1,
      faults: parseFaultSpec([faults]),
    });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const log = useRequestLog(() => engine!.url);
  const deploy = async (args: string[], env: Record<string, string> = {}) => {
    log().clear();
    const began = performance.now();
    const result = await runInProcess(['deploy', ...args], {
      env: { TASKCTL_ENDPOINT: log().url, ...env },
      timeoutMs: 30_000,
    });
    return { ...result, seconds: (performance.now() - began) / 1000 };
  };
  const attempts = (operation: string) => log().requests.filter((r) => r === operation).length;
  const machines = async () =>
    ((await sfnClient(engine!.url).send(new ListStateMachinesCommand({}))).stateMachines ?? []).map(
      (m) => m.name,
    );
  return { deploy, attempts, machines };
}

describe('a new role that takes 2 s to propagate', { timeout: 20_000 }, () => {
  const engine = useFaultedEngine('role-propagation=2s');

  it("Lambda refuses the functions' new role at first: deploy retries and succeeds", async () => {
    const result = await engine.deploy(['--state-machine', 'slow-lambda', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'created' });
    // CreateTask waited for the role; the two functions after it went through at once.
    expect(engine.attempts(CREATE_FUNCTION)).toBeGreaterThanOrEqual(3 + 1);
    expect(engine.attempts('CreateStateMachine')).toBe(1);
    expect(await engine.machines()).toContain('slow-lambda');
  });

  it("Step Functions refuses the state machine's new role at first: deploy retries and succeeds", async () => {
    const result = await engine.deploy([
      '--state-machine',
      'slow-states',
      '--function-role-arn',
      PLACEHOLDER_FUNCTION_ROLE,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(engine.attempts(CREATE_FUNCTION)).toBe(3);
    expect(engine.attempts('CreateStateMachine')).toBeGreaterThanOrEqual(2);
    expect(await engine.machines()).toContain('slow-states');
  });
});

describe('a new role that never propagates', { timeout: 20_000 }, () => {
  const engine = useFaultedEngine('role-propagation=forever');
  const BOUND = { TASKCTL_ROLE_PROPAGATION_SECONDS: '1' };

  it("deploy stops at its bound with exit 1, naming the functions' role and the fix", async () => {
    const result = await engine.deploy(['--state-machine', 'never-lambda'], BOUND);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toContain(
      `creating function never-lambda-CreateTask: role ${ROLE('never-lambda-us-east-1-lambda')} still cannot be assumed after 1 s`,
    );
    expect(lines.at(-1)).toMatch(/trust policy.*IAM changes take time to propagate/);
    expect(lines).toHaveLength(3); // the target line, the error, the fix: no stack trace
    expect(result.seconds).toBeGreaterThanOrEqual(1);
    expect(result.seconds).toBeLessThan(8);
    expect(engine.attempts(CREATE_FUNCTION)).toBeGreaterThanOrEqual(2);
    expect(engine.attempts('CreateStateMachine')).toBe(0);
    expect(await engine.machines()).not.toContain('never-lambda');
  });

  it("deploy stops at its bound with exit 1, naming the state machine's role, and creates no state machine", async () => {
    const result = await engine.deploy(
      ['--state-machine', 'never-states', '--function-role-arn', PLACEHOLDER_FUNCTION_ROLE],
      BOUND,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `deploying state machine never-states: role ${ROLE('never-states-us-east-1-states')} still cannot be assumed after 1 s`,
    );
    expect(result.seconds).toBeLessThan(8);
    expect(engine.attempts('CreateStateMachine')).toBeGreaterThanOrEqual(2);
    expect(await engine.machines()).not.toContain('never-states');
  });
});
