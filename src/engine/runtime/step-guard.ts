import { StatesErrors } from '../../aws/errors.js';
import type { Db } from '../store/db.js';
import { transientDbError } from '../store/db-errors.js';
import type { ExecutionStore, StoredEvent } from '../store/executions.js';
import type { Clock } from './clock.js';
import type { HistoryWriter } from './history-writer.js';

/** First and longest wait before an execution whose step could not be written is tried again. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

export type GuardedStep<T> = { ok: true; value: T } | { ok: false; parked: boolean };

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `Error: ${String(error)}`;
  const code = (error as { code?: unknown }).code;
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}

/**
 * Keeps what goes wrong while stepping one execution to that execution. Each step runs in a
 * savepoint; an exception other than a States error (which the interpreter turns into a
 * failure itself) rolls the step back and fails the execution with States.Runtime, as AWS
 * writes an ExecutionFailed. When the database refuses the step (a full disk, a lock) or even
 * that failure, the execution is parked and tried again later, with a growing delay.
 */
export class StepGuard {
  private readonly parked = new Map<string, { retryAt: number; delayMs: number }>();

  constructor(
    private readonly db: Db,
    private readonly executions: ExecutionStore,
    private readonly history: HistoryWriter,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = (message) =>
      console.error(`taskctl engine: ${message}`),
  ) {}

  /** Runs `step` for the execution `arn` inside a savepoint (a transaction of its own at top level). */
  run<T>(arn: string, step: () => T): GuardedStep<T> {
    // SQLite rolls back the caller's whole transaction on some errors (SQLITE_FULL, for one).
    const nested = this.db.inTransaction;
    const batchLost = () => nested && !this.db.inTransaction;
    let error: unknown;
    try {
      const value = this.db.transaction(step)();
      this.parked.delete(arn);
      return { ok: true, value };
    } catch (e) {
      error = e;
    }
    if (transientDbError(error) === undefined && !batchLost()) {
      try {
        this.db.transaction(() => this.fail(arn, error))();
        this.parked.delete(arn);
        this.log(`execution ${arn} failed with States.Runtime: ${describe(error)}`);
        return { ok: false, parked: false };
      } catch (e) {
        error = e;
      }
    }
    this.park(arn, error);
    // Nothing of the caller's batch stands: it must retry the batch (without this execution for a while).
    if (batchLost()) throw error;
    return { ok: false, parked: true };
  }

  /** Executions still waiting out their retry delay: the scheduler leaves them out until then. */
  waiting(now: number): string[] {
    return [...this.parked].filter(([, p]) => p.retryAt > now).map(([arn]) => arn);
  }

  /** When the next parked execution may be tried again (past times are already due, not waited for). */
  nextRetry(now: number): number | null {
    const times = [...this.parked.values()].map((p) => p.retryAt).filter((t) => t > now);
    return times.length === 0 ? null : Math.min(...times);
  }

  private park(arn: string, error: unknown): void {
    const delayMs = Math.min((this.parked.get(arn)?.delayMs ?? FIRST_RETRY_MS / 2) * 2, MAX_RETRY_MS);
    this.parked.set(arn, { retryAt: this.clock.now() + delayMs, delayMs });
    this.log(
      `execution ${arn} could not be stepped (${describe(error)}); trying again in ${delayMs / 1000} s`,
    );
  }

  /** Ends the execution as AWS does on an internal error: ExecutionFailed with States.Runtime. */
  private fail(arn: string, error: unknown): void {
    const record = this.executions.get(arn);
    if (!record) throw new Error(`the execution ${arn} cannot be read back from the database`);
    if (record.status !== 'RUNNING') return;
    const state = record.cursor?.state;
    const reason = error instanceof Error ? error.message : String(error);
    const cause =
      state === undefined
        ? `An error occurred while running the execution: ${reason}`
        : `An error occurred while executing the state '${state}': ${reason}`;
    const now = this.clock.now();
    const event: StoredEvent = {
      id: record.lastEventId + 1,
      previousEventId: record.lastEventId,
      timestamp: now,
      type: 'ExecutionFailed',
      details: { executionFailedEventDetails: { error: StatesErrors.Runtime, cause } },
    };
    Object.assign(record, {
      status: 'FAILED',
      output: null,
      error: StatesErrors.Runtime,
      cause,
      stopDate: now,
      readyAt: null,
      deadline: null,
      lastEventId: event.id,
    });
    this.history.append(record, [event]);
    this.executions.save(record);
  }
}
