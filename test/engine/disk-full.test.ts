import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { createMachine, sfnClient, until } from '../support/sdk.js';

// A full disk (SQLite's SQLITE_FULL, produced here with max_page_count) fails the write that
// hit it with a named error; the engine keeps serving reads and leaves its executions running.

describe('a full database', () => {
  let engine: RunningEngine | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await engine?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('answers ServiceUnavailable for the write, keeps serving reads, and parks the execution it could not step', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    dataDir = mkdtempSync(join(tmpdir(), 'taskctl-full-'));
    // About 600 KB: room for the schema (every API's tables), a state machine and one large
    // execution's start, but not for the ten this loop tries.
    engine = await startEngine({ port: 0, host: '127.0.0.1', dataDir, speed: 1, maxDatabasePages: 150 });
    const sfn = sfnClient(engine.url);
    const machine = await createMachine(sfn, 'full', {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', Seconds: 1, End: true } },
    });
    const input = JSON.stringify({ text: 'x'.repeat(100_000) });
    const started: string[] = [];
    let refusal: unknown;
    for (let i = 0; i < 10 && refusal === undefined; i++) {
      try {
        const { executionArn } = await sfn.send(
          new StartExecutionCommand({ stateMachineArn: machine, input }),
        );
        started.push(executionArn!);
      } catch (e) {
        refusal = e;
      }
    }
    expect(refusal).toMatchObject({
      name: 'ServiceUnavailable',
      message: expect.stringContaining('SQLITE_FULL') as unknown,
      $metadata: { httpStatusCode: 503 },
    });
    expect(started.length).toBeGreaterThan(0);

    // Reads go on; the refused start left nothing behind.
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines!.map((m) => m.name)).toEqual(['full']);
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
    expect(executions!.map((e) => e.executionArn).sort()).toEqual([...started].sort());
    // The scheduler could not write the next step (the full disk is not the execution's fault):
    // it says so and leaves the execution running, to be tried again.
    await until(async () =>
      logged.mock.calls.some((call) => /could not be stepped.*SQLITE_FULL/.test(String(call[0]))),
    );
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: started[0] }));
    expect(execution).toMatchObject({ status: 'RUNNING', input });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started[0] }));
    expect(events![0].type).toBe('ExecutionStarted');
    expect(events!.map((e) => e.type)).not.toContain('ExecutionFailed');
  });
});
