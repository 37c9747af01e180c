import type { Json } from '../asl/types.js';
import type { TaskResult } from '../states/task.js';
import type { Db } from '../store/db.js';
import type { ExecutionRecord, ExecutionStore } from '../store/executions.js';
import type { TaskTokenStore } from '../store/task-tokens.js';
import type { HistoryWriter } from './history-writer.js';
import type { Clock } from './clock.js';
import { Interpreter, parseDefinition } from './interpreter.js';
import { ExecutionRun, type Invocation } from './run.js';
import { StepGuard } from './step-guard.js';

export interface TaskInvoker {
  invoke(
    functionName: string,
    payload: Json,
    options: { timeoutMs: number; captureLog?: boolean },
  ): Promise<TaskResult>;
}

/** Executions stepped per transaction: enough to amortise the commit, small enough to stay responsive. */
const BATCH_SIZE = 500;
/** Node's timers overflow above about 24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** After a batch the database refused (e.g. a full disk) nothing was written; try again this much later. */
const REFUSED_RETRY_MS = 1_000;

/** A write waiting for the next tick's transaction (a start), and who waits for its commit. */
interface PendingWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Answers the writes of a committed transaction, each with its own outcome. */
function settle(writes: PendingWrite[], outcomes: Outcome[]): void {
  writes.forEach((pending, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  });
}

/**
 * Drives running executions: steps the due ones in batched transactions, starts task
 * invocations only after the transaction that scheduled them commits, and commits their
 * results the same way.
 */
export class Scheduler {
  private tickQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private results: { executionArn: string; path: number[]; invocation: number; result: TaskResult }[] = [];
  private inFlight = 0;
  private resultsRetry: NodeJS.Timeout | undefined;
  private readonly guard: StepGuard;
  private writes: PendingWrite[] = [];

  constructor(
    private readonly db: Db,
    private readonly executions: ExecutionStore,
    private readonly history: HistoryWriter,
    private readonly interpreter: Interpreter,
    private readonly invoker: TaskInvoker,
    private readonly clock: Clock,
    private readonly tokens: TaskTokenStore,
  ) {
    this.guard = new StepGuard(db, executions, history, clock);
  }

  /** Resumes after a restart: invocations that were in flight run again (at-least-once, as on AWS). */
  start(): void {
    const now = this.clock.now();
    for (const record of this.executions.running()) {
      const step = this.guard.run(record.arn, () => {
        const run = this.runFor(record, now);
        this.interpreter.repeatInFlight(run);
        return run;
      });
      if (step.ok) for (const invocation of step.value.invocations) this.dispatch(invocation);
    }
    this.wake();
  }

  /** Something became due now (a new execution, a stop); step soon. */
  wake(): void {
    if (this.tickQueued || this.closed) return;
    this.tickQueued = true;
    setImmediate(() => this.tick());
  }

  /**
   * Runs `write` (a start: the new execution and its first events) in the next tick's transaction,
   * before the steps that it makes due: the concurrent starts of one turn of the event loop and
   * their first steps share one commit. Resolves with its result once committed; rejects with
   * what it threw (its own writes undone, the others' kept), or with what made the commit fail.
   */
  commitWithNextTick<T>(write: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the engine is stopping'));
    return new Promise<T>((resolve, reject) => {
      this.writes.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.wake();
    });
  }

  /** Runs `change` against the execution inside one transaction, then dispatches what it scheduled. */
  mutate(record: ExecutionRecord, change: (run: ExecutionRun) => void): ExecutionRun {
    const run = this.runFor(record, this.clock.now());
    this.db.transaction(() => {
      change(run);
      this.persist(run);
    })();
    for (const invocation of run.invocations) this.dispatch(invocation);
    this.armTimer(); // the change may have moved the execution's next due time (a heartbeat, a callback)
    return run;
  }

  /** Work the engine still has in hand: used to let an in-process caller drain before closing. */
  get busy(): boolean {
    return this.inFlight > 0 || this.results.length > 0;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.resultsRetry);
    const writes = this.writes;
    this.writes = [];
    for (const pending of writes) pending.reject(new Error('the engine is stopping'));
  }

  private runFor(record: ExecutionRecord, now: number): ExecutionRun {
    return new ExecutionRun(record, parseDefinition(record.definition), now);
  }

  private persist(run: ExecutionRun): void {
    if (run.historyFull) this.interpreter.historyLimitReached(run);
    this.history.append(run.record, run.events);
    this.executions.save(run.record);
    for (const { token, path, invocation } of run.tokensIssued) {
      this.tokens.insert(token, run.record.arn, path, invocation);
    }
    for (const token of run.tokensTimedOut) this.tokens.markTimedOut(token);
  }

  private tick(): void {
    this.tickQueued = false;
    if (this.closed) return;
    const writes = this.writes;
    this.writes = [];
    try {
      const outcomes: Outcome[] = [];
      const runs: ExecutionRun[] = [];
      let stepped = 0;
      this.db.transaction(() => {
        for (const { write } of writes) outcomes.push(this.savepoint(write));
        const now = this.clock.now(); // after the writes: the executions they started are due
        const due = this.executions.due(now, BATCH_SIZE, this.guard.waiting(now));
        stepped = due.length;
        for (const record of due) {
          // One execution's failure is its own: the guard fails or parks it, the others go on.
          const step = this.guard.run(record.arn, () => {
            const run = this.runFor(record, now);
            this.interpreter.advance(run);
            this.persist(run);
            return run;
          });
          if (step.ok) runs.push(step.value);
        }
      })();
      settle(writes, outcomes);
      for (const run of runs) for (const invocation of run.invocations) this.dispatch(invocation);
      if (stepped === BATCH_SIZE) this.wake();
      else this.armTimer();
    } catch (error) {
      // Nothing of the transaction stands. A step the database refused (a full disk) is not the
      // starts' failure: they are committed on their own, as if each had its own transaction.
      if (writes.length > 0) this.commitAlone(writes);
      this.refused('stepping executions', error, () => this.wake());
    }
  }

  private commitAlone(writes: PendingWrite[]): void {
    const outcomes: Outcome[] = [];
    try {
      this.db.transaction(() => {
        for (const { write } of writes) outcomes.push(this.savepoint(write));
      })();
    } catch (error) {
      for (const pending of writes) pending.reject(error);
      return;
    }
    settle(writes, outcomes);
  }

  /** Runs one write in a savepoint: its failure undoes only its own changes, unless SQLite lost the whole transaction. */
  private savepoint(write: () => unknown): Outcome {
    try {
      return { ok: true, value: this.db.transaction(write)() };
    } catch (error) {
      if (!this.db.inTransaction) throw error; // e.g. SQLITE_FULL rolls the whole batch back
      return { ok: false, error };
    }
  }

  /** The database refused a whole batch (nothing of it was written): say so, and try again later. */
  private refused(what: string, error: unknown, retry: () => void): void {
    console.error(`taskctl engine: ${what} failed, retrying in ${REFUSED_RETRY_MS / 1000} s:`, error);
    clearTimeout(this.timer);
    if (!this.closed) this.timer = setTimeout(retry, REFUSED_RETRY_MS);
  }

  private armTimer(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    try {
      const now = this.clock.now();
      const due = this.executions.nextDueTime(this.guard.waiting(now));
      const retry = this.guard.nextRetry(now);
      const next = due === null || retry === null ? (due ?? retry) : Math.min(due, retry);
      if (next === null) return;
      const delay = Math.min(Math.max(0, next - now), MAX_TIMER_MS);
      this.timer = setTimeout(() => this.wake(), delay);
    } catch (error) {
      this.refused('reading the next due time', error, () => this.wake());
    }
  }

  private dispatch(invocation: Invocation): void {
    this.inFlight += 1;
    this.invoker
      .invoke(invocation.functionName, invocation.payload, {
        timeoutMs: invocation.timeoutMs,
        ...(invocation.logTail ? { captureLog: true } : {}),
      })
      .catch((e: unknown): TaskResult => ({
        kind: 'failed',
        error: 'Lambda.ServiceException',
        cause: e instanceof Error ? e.message : String(e),
      }))
      .then((result) => {
        this.inFlight -= 1;
        if (this.closed) return;
        this.results.push({
          executionArn: invocation.executionArn,
          path: invocation.path,
          invocation: invocation.invocation,
          result,
        });
        if (this.results.length === 1) setImmediate(() => this.commitResults());
      });
  }

  private commitResults(): void {
    if (this.closed) return;
    clearTimeout(this.resultsRetry);
    const batch = this.results;
    this.results = [];
    const now = this.clock.now();
    const runs: ExecutionRun[] = [];
    const kept: typeof batch = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          const { executionArn, path, invocation, result } = item;
          const step = this.guard.run(executionArn, () => {
            const record = this.executions.get(executionArn);
            if (!record) return undefined;
            const run = this.runFor(record, now);
            this.interpreter.complete(run, path, invocation, result);
            if (run.events.length === 0 && !run.historyFull) return undefined;
            this.persist(run);
            return run;
          });
          if (step.ok && step.value) runs.push(step.value);
          else if (!step.ok && step.parked) kept.push(item); // not written: keep the result for the retry
        }
      })();
    } catch (error) {
      kept.splice(0, kept.length, ...batch);
      runs.length = 0;
      console.error('taskctl engine: committing task results failed, retrying:', error);
    }
    for (const run of runs) for (const next of run.invocations) this.dispatch(next);
    if (kept.length > 0) {
      this.results.unshift(...kept);
      this.resultsRetry = setTimeout(() => this.commitResults(), REFUSED_RETRY_MS);
    }
    this.armTimer();
  }
}
