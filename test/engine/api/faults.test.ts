import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListExecutionsCommand, ListStateMachinesCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, type FaultPlan } from '../../../src/engine/api/faults.js';
import { startEngine, type RunningEngine } from '../../../src/engine/index.js';
import { runInProcess } from '../../support/in-process.js';
import { createMachine, sfnClient } from '../../support/sdk.js';
import { iamClient, lambdaClient } from './clients.js';

// `taskctl dev --fault`: injected throttling, 500s and latency, decided before the operation runs.

const PASS = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

describe('the --fault grammar', () => {
  it('reads global and per-operation rules, shares as fractions or percentages, latency ranges', () => {
    expect(
      parseFaultSpec([
        'throttle=0.2,error=1%,latency=20ms',
        'StartExecution:throttle=0.5,StartExecution:latency=1s-2s',
      ]),
    ).toEqual({
      all: { throttle: 0.2, error: 0.01, latencyMs: [20, 20] },
      byOperation: { StartExecution: { throttle: 0.5, latencyMs: [1000, 2000] } },
    });
  });

  it.each([
    ['throttle=2', 'from 0 to 1'],
    ['throttle=', 'from 0 to 1'],
    ['error=-0.1', 'from 0 to 1'],
    ['latency=soon', 'duration'],
    ['latency=50ms-10ms', 'backwards'],
    ['slow=1', 'is not a rule'],
    ['throttle=0.7,error=0.5', 'more than 1'],
    ['Start Execution:throttle=1', 'is not a rule'],
  ])('refuses %s', (value, problem) => {
    expect(() => parseFaultSpec([value])).toThrow(problem);
  });
});

describe('an engine with faults', () => {
  let engine: RunningEngine | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(faults: FaultPlan, faultSeed?: number): Promise<RunningEngine> {
    dataDir = mkdtempSync(join(tmpdir(), 'taskctl-faults-'));
    engine = await startEngine({ port: 0, host: '127.0.0.1', dataDir, speed: 1, faults, faultSeed });
    return engine;
  }

  it('throttles StartExecution as AWS does, and a throttled start starts nothing', async () => {
    const { url } = await start(parseFaultSpec(['StartExecution:throttle=1']));
    const sfn = sfnClient(url);
    const machine = await createMachine(sfn, 'faulted', PASS);
    const refusal = await sfn
      .send(new StartExecutionCommand({ stateMachineArn: machine }))
      .catch((e: unknown) => e);
    expect(refusal).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
    expect(executions).toEqual([]);
  });

  it("answers error=1 with each service's own 500, in its own protocol", async () => {
    const { url } = await start(parseFaultSpec(['error=1']));
    const refusals = await Promise.all([
      sfnClient(url)
        .send(new ListStateMachinesCommand({}))
        .catch((e: unknown) => e),
      lambdaClient(url)
        .send(new ListFunctionsCommand({}))
        .catch((e: unknown) => e),
      iamClient(url)
        .send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{}' }))
        .catch((e: unknown) => e),
    ]);
    expect(refusals).toMatchObject([
      { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } },
      { name: 'ServiceException', $metadata: { httpStatusCode: 500 } },
      { name: 'ServiceFailureException', $metadata: { httpStatusCode: 500 } },
    ]);
  });

  it('throttles Lambda and IAM with their own errors', async () => {
    const { url } = await start(parseFaultSpec(['throttle=1']));
    const refusals = await Promise.all([
      lambdaClient(url)
        .send(new ListFunctionsCommand({}))
        .catch((e: unknown) => e),
      iamClient(url)
        .send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{}' }))
        .catch((e: unknown) => e),
    ]);
    expect(refusals).toMatchObject([
      { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } },
      { name: 'Throttling', $metadata: { httpStatusCode: 400 } },
    ]);
  });

  it('adds at least the injected latency to every answer', async () => {
    const { url } = await start(parseFaultSpec(['latency=60ms']));
    const sfn = sfnClient(url);
    await sfn.send(new ListStateMachinesCommand({})); // connection set up outside the measure
    const began = performance.now();
    for (let i = 0; i < 3; i++) await sfn.send(new ListStateMachinesCommand({}));
    // A lower bound, not a speed target: three answers each held back 60 ms.
    expect(performance.now() - began).toBeGreaterThanOrEqual(3 * 60 - 3);
  });

  it('throttles about the given share, and a seed replays the same faults', async () => {
    const outcomes = async (seed: number) => {
      const { url } = await start(parseFaultSpec(['throttle=0.5']), seed);
      const sfn = sfnClient(url);
      const results: boolean[] = [];
      for (let i = 0; i < 30; i++) {
        results.push(
          await sfn.send(new ListStateMachinesCommand({})).then(
            () => true,
            () => false,
          ),
        );
      }
      await engine!.close();
      engine = undefined;
      return results;
    };
    const first = await outcomes(7);
    const refused = first.filter((ok) => !ok).length;
    expect(refused).toBeGreaterThan(5);
    expect(refused).toBeLessThan(25);
    expect(await outcomes(7)).toEqual(first);
  });
});

describe('taskctl dev --fault', () => {
  it.each([['throttle=1.5'], ['latency=fast'], ['NoSuchOperation:throttle=1']])(
    'refuses %s with the grammar and exit 2',
    async (value) => {
      const dir = mkdtempSync(join(tmpdir(), 'taskctl-faults-cli-'));
      try {
        const result = await runInProcess(['dev', '--port', '0', '--data-dir', dir, '--fault', value]);
        expect(result.code).toBe(2);
        const lines = result.stderr.trim().split('\n');
        expect(lines[0]).toContain('bad --fault value');
        expect(lines[1]).toContain('[OPERATION:]throttle=P');
        expect(lines.length).toBeLessThanOrEqual(2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
