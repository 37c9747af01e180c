import type { JsonObject } from '../asl/types.js';
import type { Cursor, ExecutionStatus } from '../states/cursor.js';
import type { Db } from './db.js';

export interface ExecutionRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  startDate: number; // epoch ms
  stopDate: number | null;
  definition: string; // the definition the execution started with
  roleArn: string;
  revisionId: string;
  redriveCount: number;
  redriveDate: number | null;
  redriveClientToken: string | null; // makes a repeated RedriveExecution request idempotent
  lastEventId: number;
  cursor: Cursor | null;
  readyAt: number | null; // when the scheduler should next step it; null while waiting on a task
  deadline: number | null; // execution timeout
  /** The workflow variables of the top-level scope (Assign), kept with the cursor so a restart resumes with them. */
  variables?: JsonObject;
}

/** One history event; `details` holds the single `<type>EventDetails` member, already keyed. */
export interface StoredEvent {
  id: number;
  previousEventId: number;
  timestamp: number; // epoch ms
  type: string;
  details?: Record<string, unknown>;
}

interface ExecutionRow {
  arn: string;
  state_machine_arn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  start_date: number;
  stop_date: number | null;
  definition: string;
  role_arn: string;
  revision_id: string;
  redrive_count: number;
  redrive_date: number | null;
  redrive_client_token: string | null;
  last_event_id: number;
  cursor: string | null;
  ready_at: number | null;
  deadline: number | null;
  variables: string | null;
}

interface EventRow {
  id: number;
  previous_event_id: number;
  timestamp: number;
  type: string;
  details: string | null;
}

/** A cursor that does not parse names its execution: the engine cannot resume without it. */
function readCursor(arn: string, text: string): Cursor {
  try {
    return JSON.parse(text) as Cursor;
  } catch (e) {
    throw new Error(`the stored position of execution ${arn} is unreadable: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

const fromRow = (r: ExecutionRow): ExecutionRecord => ({
  arn: r.arn,
  stateMachineArn: r.state_machine_arn,
  name: r.name,
  status: r.status,
  input: r.input,
  output: r.output,
  error: r.error,
  cause: r.cause,
  startDate: r.start_date,
  stopDate: r.stop_date,
  definition: r.definition,
  roleArn: r.role_arn,
  revisionId: r.revision_id,
  redriveCount: r.redrive_count,
  redriveDate: r.redrive_date,
  redriveClientToken: r.redrive_client_token,
  lastEventId: r.last_event_id,
  cursor: r.cursor === null ? null : readCursor(r.arn, r.cursor),
  readyAt: r.ready_at,
  deadline: r.deadline,
  ...(r.variables === null ? {} : { variables: JSON.parse(r.variables) as JsonObject }),
});

const toParams = (e: ExecutionRecord) => ({
  ...e,
  cursor: e.cursor === null ? null : JSON.stringify(e.cursor),
  variables: e.variables && Object.keys(e.variables).length > 0 ? JSON.stringify(e.variables) : null,
});

const eventFromRow = (r: EventRow): StoredEvent => ({
  id: r.id,
  previousEventId: r.previous_event_id,
  timestamp: r.timestamp,
  type: r.type,
  ...(r.details === null ? {} : { details: JSON.parse(r.details) as Record<string, unknown> }),
});

export interface ExecutionQuery {
  stateMachineArn: string;
  status?: ExecutionStatus;
  /** Only executions redriven at least once (true) or never (false). */
  redriven?: boolean;
  /** Continue after this (startDate, arn) position, newest first. */
  after?: { startDate: number; arn: string };
  limit: number;
}

/** Executions and their history events. Callers group writes into transactions. */
export class ExecutionStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS executions (
        arn TEXT PRIMARY KEY,
        state_machine_arn TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        input TEXT NOT NULL,
        output TEXT,
        error TEXT,
        cause TEXT,
        start_date REAL NOT NULL,
        stop_date REAL,
        definition TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        revision_id TEXT NOT NULL,
        redrive_count INTEGER NOT NULL DEFAULT 0,
        redrive_date REAL,
        redrive_client_token TEXT,
        last_event_id INTEGER NOT NULL,
        cursor TEXT,
        ready_at REAL,
        deadline REAL
      );
      CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (state_machine_arn, start_date DESC, arn);
      CREATE INDEX IF NOT EXISTS executions_ready ON executions (ready_at) WHERE status = 'RUNNING';
      CREATE INDEX IF NOT EXISTS executions_deadline ON executions (deadline) WHERE status = 'RUNNING';
      CREATE TABLE IF NOT EXISTS events (
        execution_arn TEXT NOT NULL,
        id INTEGER NOT NULL,
        previous_event_id INTEGER NOT NULL,
        timestamp REAL NOT NULL,
        type TEXT NOT NULL,
        details TEXT,
        PRIMARY KEY (execution_arn, id)
      ) WITHOUT ROWID;`);
    // Added with workflow variables: a database an older engine created gets the column here.
    const columns = db.prepare('PRAGMA table_info(executions)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'variables'))
      db.exec('ALTER TABLE executions ADD COLUMN variables TEXT');
    this.statements = {
      get: db.prepare('SELECT * FROM executions WHERE arn = ?'),
      insert: db.prepare(
        `INSERT INTO executions (arn, state_machine_arn, name, status, input, output, error, cause, start_date,
           stop_date, definition, role_arn, revision_id, redrive_count, redrive_date, redrive_client_token, last_event_id, cursor,
           ready_at, deadline, variables)
         VALUES (@arn, @stateMachineArn, @name, @status, @input, @output, @error, @cause, @startDate, @stopDate,
           @definition, @roleArn, @revisionId, @redriveCount, @redriveDate, @redriveClientToken, @lastEventId, @cursor, @readyAt,
           @deadline, @variables)`,
      ),
      save: db.prepare(
        `UPDATE executions SET status = @status, output = @output, error = @error, cause = @cause,
           stop_date = @stopDate, redrive_count = @redriveCount, redrive_date = @redriveDate,
           redrive_client_token = @redriveClientToken,
           last_event_id = @lastEventId, cursor = @cursor, ready_at = @readyAt, deadline = @deadline,
           variables = @variables
         WHERE arn = @arn`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (execution_arn, id, previous_event_id, timestamp, type, details)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      // Each an index range scan read lazily in index order (iterate, stopped early): the one
      // query with a UNION, json_each for the skipped ARNs and a bound LIMIT cost some 0.13 ms
      // even on an empty table, and the scheduler asks on every tick and after every start.
      readyDue: db.prepare(
        `SELECT * FROM executions WHERE status = 'RUNNING' AND ready_at <= ? ORDER BY ready_at`,
      ),
      deadlineDue: db.prepare(
        `SELECT * FROM executions WHERE status = 'RUNNING' AND deadline <= ? ORDER BY deadline`,
      ),
      readyTimes: db.prepare(
        `SELECT arn, ready_at AS t FROM executions
           WHERE status = 'RUNNING' AND ready_at IS NOT NULL ORDER BY ready_at`,
      ),
      deadlineTimes: db.prepare(
        `SELECT arn, deadline AS t FROM executions
           WHERE status = 'RUNNING' AND deadline IS NOT NULL ORDER BY deadline`,
      ),
      running: db.prepare(`SELECT * FROM executions WHERE status = 'RUNNING'`),
      eventsForward: db.prepare(
        'SELECT * FROM events WHERE execution_arn = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      eventsBackward: db.prepare(
        'SELECT * FROM events WHERE execution_arn = ? AND id < ? ORDER BY id DESC LIMIT ?',
      ),
    };
  }

  get(arn: string): ExecutionRecord | undefined {
    const row = this.statements.get.get(arn) as ExecutionRow | undefined;
    return row && fromRow(row);
  }

  insert(execution: ExecutionRecord): void {
    this.statements.insert.run(toParams(execution));
  }

  save(execution: ExecutionRecord): void {
    this.statements.save.run(toParams(execution));
  }

  appendEvents(executionArn: string, events: StoredEvent[]): void {
    for (const e of events) {
      const details = e.details === undefined ? null : JSON.stringify(e.details);
      this.statements.insertEvent.run(executionArn, e.id, e.previousEventId, e.timestamp, e.type, details);
    }
  }

  /** Events after `afterId` ascending, or before `beforeId` descending. */
  events(
    executionArn: string,
    options: { afterId?: number; beforeId?: number; limit: number },
  ): StoredEvent[] {
    const rows =
      options.beforeId !== undefined
        ? this.statements.eventsBackward.all(executionArn, options.beforeId, options.limit)
        : this.statements.eventsForward.all(executionArn, options.afterId ?? 0, options.limit);
    return (rows as EventRow[]).map(eventFromRow);
  }

  list(query: ExecutionQuery): ExecutionRecord[] {
    const where = ['state_machine_arn = @stateMachineArn'];
    if (query.status) where.push('status = @status');
    if (query.redriven !== undefined) where.push(query.redriven ? 'redrive_count > 0' : 'redrive_count = 0');
    if (query.after) where.push('(start_date < @afterDate OR (start_date = @afterDate AND arn > @afterArn))');
    const sql = `SELECT * FROM executions WHERE ${where.join(' AND ')} ORDER BY start_date DESC, arn LIMIT @limit`;
    const rows = this.db.prepare(sql).all({
      stateMachineArn: query.stateMachineArn,
      status: query.status,
      afterDate: query.after?.startDate,
      afterArn: query.after?.arn,
      limit: query.limit,
    }) as ExecutionRow[];
    return rows.map(fromRow);
  }

  /**
   * Running executions whose next step or timeout is due, but for those in `skip`: at most
   * `limit`, earliest ready_at first (those without one, waiting on a task, before all).
   */
  due(now: number, limit: number, skip: string[] = []): ExecutionRecord[] {
    const skipped = new Set(skip);
    const rows = new Map<string, ExecutionRow>();
    for (const statement of [this.statements.readyDue, this.statements.deadlineDue]) {
      let taken = 0;
      for (const row of statement.iterate(now) as IterableIterator<ExecutionRow>) {
        if (skipped.has(row.arn)) continue;
        rows.set(row.arn, row);
        if (++taken === limit) break; // iterate's return() ends the statement
      }
    }
    return [...rows.values()]
      .sort((a, b) => (a.ready_at ?? Number.MIN_SAFE_INTEGER) - (b.ready_at ?? Number.MIN_SAFE_INTEGER))
      .slice(0, limit)
      .map(fromRow);
  }

  /** The earliest time any running execution (but for those in `skip`) becomes due, if any. */
  nextDueTime(skip: string[] = []): number | null {
    const skipped = new Set(skip);
    let next: number | null = null;
    for (const statement of [this.statements.readyTimes, this.statements.deadlineTimes]) {
      for (const row of statement.iterate() as IterableIterator<{ arn: string; t: number }>) {
        if (skipped.has(row.arn)) continue;
        if (next === null || row.t < next) next = row.t;
        break;
      }
    }
    return next;
  }

  running(): ExecutionRecord[] {
    return (this.statements.running.all() as ExecutionRow[]).map(fromRow);
  }

  /** Deletes executions (and their events) that stopped before `stoppedBefore`; returns how many. */
  purgeStopped(stoppedBefore: number): number {
    return this.db.transaction(() => {
      const old = `SELECT arn FROM executions WHERE status != 'RUNNING' AND stop_date < ?`;
      this.db.prepare(`DELETE FROM events WHERE execution_arn IN (${old})`).run(stoppedBefore);
      return this.db.prepare(`DELETE FROM executions WHERE arn IN (${old})`).run(stoppedBefore).changes;
    })();
  }
}
