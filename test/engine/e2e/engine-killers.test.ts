import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestEngine, useRestartableEngine } from '../../support/engine.js';
import {
  createMachine,
  deployBundledWorkflow,
  fullHistory,
  historyProblems,
  ROLE_ARN,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// Requests that each once ended the engine process (issue 8), some on every restart after.

const LONE_SURROGATE = '\udfff';
const nested = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth);

async function alive(sfn: SFNClient): Promise<string[]> {
  const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
  return stateMachines!.map((m) => m.name!);
}

describe('requests that used to end the engine', () => {
  // Only the first test restarts it; the others use the engine running (each checks it is alive).
  const engines = useRestartableEngine({ speed: 100 });

  it('refuses lone surrogates in execution and state machine names, and survives a restart', async () => {
    let sfn = sfnClient((await engines.start()).url);
    const machine = await createMachine(sfn, 'names', {
      StartAt: 'Done',
      States: { Done: { Type: 'Succeed' } },
    });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: LONE_SURROGATE })),
    ).rejects.toMatchObject({ name: 'InvalidName', $metadata: { httpStatusCode: 400 } });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: `ok${LONE_SURROGATE}ok` })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: `m${LONE_SURROGATE}`,
          definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
          roleArn: ROLE_ARN,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    // The scheduler stepped whatever it had (it crashed a moment after the 200 before).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await alive(sfn)).toEqual(['names']);

    sfn = sfnClient((await engines.start()).url);
    expect(await alive(sfn)).toEqual(['names']);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    expect((await waitForTerminal(sfn, executionArn!)).status).toBe('SUCCEEDED');
  });

  it('refuses an input nested 2,500 deep with InvalidExecutionInput', async () => {
    const sfn = sfnClient((await engines.running()).url);
    const machine = await deployBundledWorkflow(sfn, 'deep-input');
    const input = JSON.stringify({ deep: JSON.parse(nested(2_500)) as unknown });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput', $metadata: { httpStatusCode: 400 } });
    // Within the bound, a deep input runs as any other.
    const fine = JSON.stringify({ deep: JSON.parse(nested(100)) as unknown });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: fine }),
    );
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).input).toBe(fine);
    expect(await alive(sfn)).toContain('deep-input');
  });

  it('refuses a definition nested 3,000 deep, and one over 1 MB, with InvalidDefinition', async () => {
    const sfn = sfnClient((await engines.running()).url);
    const create = (name: string, definition: string) =>
      sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE_ARN }));
    const deep = `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${nested(3_000)},"End":true}}}`;
    await expect(create('deep-definition', deep)).rejects.toMatchObject({
      name: 'InvalidDefinition',
      $metadata: { httpStatusCode: 400 },
    });
    const padding = 'x'.repeat(1_048_576);
    const huge = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: padding, End: true } },
    });
    await expect(create('huge-definition', huge)).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining('1048576') as unknown,
    });
    expect(await alive(sfn)).not.toContain('deep-definition');
  });

  it('fails an execution that hits an internal error with States.Runtime, and keeps running the others', async () => {
    const sfn = sfnClient((await engines.running()).url);
    // A JSON string in the input, well within the size limit, parsed into a value nested deeper than
    // the interpreter's stack can serialise.
    const wrapping = await createMachine(sfn, 'wrapping', {
      StartAt: 'Parse',
      States: {
        Parse: { Type: 'Pass', Parameters: { 'd.$': 'States.StringToJson($.text)' }, End: true },
      },
    });
    const waiting = await createMachine(sfn, 'waiting', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 100, End: true } },
    });
    const { executionArn: other } = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiting }));
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: wrapping,
        input: JSON.stringify({ text: nested(20_000) }),
      }),
    );
    const failed = await waitForTerminal(sfn, executionArn!);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(failed.cause).toMatch(/Maximum call stack size exceeded/);
    const events = await fullHistory(sfn, executionArn!);
    expect(events[events.length - 1]).toMatchObject({
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'States.Runtime', cause: failed.cause },
    });
    expect(historyProblems(events)).toEqual([]);
    expect((await waitForTerminal(sfn, other!)).status).toBe('SUCCEEDED');
    expect(await alive(sfn)).toEqual(expect.arrayContaining(['waiting', 'wrapping']));
  });
});

describe('data an older engine stored from a lone surrogate', () => {
  const engines = useRestartableEngine({ speed: 100 });

  it('is repaired at start: the state machine can be deleted, the running execution is ended', async () => {
    let engine = await engines.start();
    let sfn = sfnClient(engine.url);
    const machine = await createMachine(sfn, 'legacy', {
      StartAt: 'A',
      States: { A: { Type: 'Pass', End: true } },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'normal' }),
    );
    await waitForTerminal(sfn, executionArn!);
    await engine.stop();

    // What the engine used to write for a name holding a lone surrogate (bytes ED BF BF).
    const db = new Database(join(engine.dataDir, 'engine.db'));
    const bad = `${machine.replace(/legacy$/, 'm')}${LONE_SURROGATE}`;
    db.prepare(
      `INSERT INTO state_machines SELECT ?, ?, definition, role_arn, type, description, logging_configuration,
         revision_id, creation_date, update_date FROM state_machines WHERE name = 'legacy'`,
    ).run(bad, `m${LONE_SURROGATE}`);
    const badExecution = executionArn!.replace(/normal$/, LONE_SURROGATE);
    db.prepare(
      `INSERT INTO executions (arn, state_machine_arn, name, status, input, output, error, cause, start_date,
         stop_date, definition, role_arn, revision_id, redrive_count, redrive_date, redrive_client_token,
         last_event_id, cursor, ready_at, deadline)
       SELECT ?, state_machine_arn, ?, 'RUNNING', input, NULL, NULL, NULL, start_date, NULL,
         definition, role_arn, revision_id, 0, NULL, NULL, 1, '{"at":"state","state":"A","input":{}}', 0, NULL
       FROM executions WHERE name = 'normal'`,
    ).run(badExecution, LONE_SURROGATE);
    db.prepare(
      `INSERT INTO events SELECT ?, id, previous_event_id, timestamp, type, details FROM events
       WHERE execution_arn = ? AND id = 1`,
    ).run(badExecution, executionArn);
    db.close();

    engine = await engines.start();
    sfn = sfnClient(engine.url);
    const readable = '\ufffd'.repeat(3);
    expect(await alive(sfn)).toEqual(['legacy', `m${readable}`]);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: bad.replace(LONE_SURROGATE, readable) }));
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
    const repaired = executions!.find((e) => e.name === readable);
    expect(repaired).toMatchObject({ status: 'FAILED' });
    const events = await fullHistory(sfn, repaired!.executionArn!);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'ExecutionFailed']);
    expect(events[1].executionFailedEventDetails).toMatchObject({ error: 'States.Runtime' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await alive(sfn)).toEqual(['legacy']);
  });
});

describe('an engine that cannot use its own data', () => {
  it('says which file and why, and exits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-garbage-'));
    try {
      writeFileSync(join(dataDir, 'engine.db'), Buffer.alloc(8192, 0x5a));
      await expect(startTestEngine({ dataDir })).rejects.toThrow(
        /exited with 1 before listening:\n.*cannot open the engine database .*engine\.db: file is not a database \(SQLITE_NOTADB\)/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
