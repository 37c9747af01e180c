import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { OffsetClock } from '../../../src/engine/runtime/clock.js';
import { HistoryWriter } from '../../../src/engine/runtime/history-writer.js';
import { StepGuard } from '../../../src/engine/runtime/step-guard.js';
import { ExecutionStore } from '../../../src/engine/store/executions.js';
import { LogStore } from '../../../src/engine/store/logs.js';
import { StateMachineStore } from '../../../src/engine/store/state-machines.js';
import { EXECUTION_ARN, startedExecution } from '../support/execution-record.js';

// The guard against the real stores on an in-memory database: what one failing step leaves behind.

const ARN = EXECUTION_ARN;

function setUp() {
  const db = new Database(':memory:');
  const clock = new OffsetClock();
  const executions = new ExecutionStore(db);
  const history = new HistoryWriter(executions, new StateMachineStore(db), new LogStore(db, clock));
  const logged: string[] = [];
  const guard = new StepGuard(db, executions, history, clock, (message) => logged.push(message));
  const record = startedExecution(
    { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
    {},
    clock.now(),
  );
  executions.insert(record);
  executions.appendEvents(ARN, [
    { id: 1, previousEventId: 0, timestamp: clock.now(), type: 'ExecutionStarted' },
  ]);
  return { db, clock, executions, guard, logged };
}

const fullDisk = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('StepGuard', () => {
  it('rolls back a step that throws and fails the execution with States.Runtime', () => {
    const { executions, guard, logged } = setUp();
    const step = guard.run(ARN, () => {
      executions.appendEvents(ARN, [{ id: 2, previousEventId: 1, timestamp: 0, type: 'PassStateEntered' }]);
      throw new RangeError('Maximum call stack size exceeded');
    });
    expect(step).toEqual({ ok: false, parked: false });
    expect(executions.get(ARN)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'A': Maximum call stack size exceeded",
      lastEventId: 2,
      readyAt: null,
    });
    expect(executions.events(ARN, { limit: 10 }).map((e) => [e.id, e.type])).toEqual([
      [1, 'ExecutionStarted'],
      [2, 'ExecutionFailed'],
    ]);
    expect(logged).toEqual([expect.stringMatching(/failed with States.Runtime: RangeError/)]);
  });

  it('parks an execution the database refuses, with a growing delay, and never fails it for that', () => {
    const { clock, executions, guard } = setUp();
    const now = clock.now();
    expect(
      guard.run(ARN, () => {
        throw fullDisk();
      }),
    ).toEqual({ ok: false, parked: true });
    expect(executions.get(ARN)?.status).toBe('RUNNING');
    expect(guard.waiting(now)).toEqual([ARN]);
    const first = guard.nextRetry(now)!;
    expect(first - now).toBeGreaterThanOrEqual(1_000);
    expect(
      guard.run(ARN, () => {
        throw fullDisk();
      }),
    ).toEqual({ ok: false, parked: true });
    expect(guard.nextRetry(now)! - now).toBeGreaterThanOrEqual(2_000);
    // Once its time has come it is no longer held back, and a step that works clears it.
    expect(guard.waiting(now + 60_001)).toEqual([]);
    expect(guard.run(ARN, () => 'stepped')).toEqual({ ok: true, value: 'stepped' });
    expect(guard.waiting(now)).toEqual([]);
    expect(guard.nextRetry(now)).toBeNull();
  });

  it('rethrows when SQLite has rolled back the whole batch, so the caller does not go on outside it', () => {
    const { db, executions, guard } = setUp();
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 1}`);
    const batch = db.transaction(() =>
      guard.run(ARN, () =>
        executions.appendEvents(ARN, [
          {
            id: 2,
            previousEventId: 1,
            timestamp: 0,
            type: 'PassStateEntered',
            details: { big: 'x'.repeat(100_000) },
          },
        ]),
      ),
    );
    expect(batch).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }) as Error);
    expect(db.inTransaction).toBe(false);
    expect(guard.waiting(0)).toEqual([ARN]);
    expect(executions.get(ARN)?.status).toBe('RUNNING');
  });
});
