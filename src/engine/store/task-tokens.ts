import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';

/**
 * The engine's task tokens: `AQ` and 64 base64url characters (48 random bytes). Opaque,
 * unguessable and URL-safe, like AWS's; the fixed shape lets a malformed token be told
 * apart (InvalidToken) from one that is well formed but unknown (TaskDoesNotExist).
 */
const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{64}$/;

export const newTaskToken = (): string => `AQ${randomBytes(48).toString('base64url')}`;

export const isWellFormedTaskToken = (token: string): boolean => TOKEN_PATTERN.test(token);

/** Which attempt of which Task a token belongs to. */
export interface TaskTokenRecord {
  token: string;
  executionArn: string;
  /** Frame indexes from the root cursor down to the Task's frame ([] outside Parallel/Map). */
  path: number[];
  /** The attempt (its TaskScheduled event's id). */
  invocation: number;
  /** The attempt ended by its timeout (TimeoutSeconds or HeartbeatSeconds), not by a callback. */
  timedOut: boolean;
}

interface TokenRow {
  token: string;
  execution_arn: string;
  path: string;
  invocation: number;
  timed_out: number;
}

/**
 * Task tokens, written in the transaction that schedules their attempt, so a token survives an
 * engine restart. Whether a token is still awaited is the execution's cursor's to say (it holds
 * the token of the attempt it waits on); the row only finds that cursor, and remembers a timeout,
 * which SendTask* answers with TaskTimedOut rather than TaskDoesNotExist.
 */
export class TaskTokenStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS task_tokens (
        token TEXT PRIMARY KEY,
        execution_arn TEXT NOT NULL,
        path TEXT NOT NULL,
        invocation INTEGER NOT NULL,
        timed_out INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS task_tokens_by_execution ON task_tokens (execution_arn);`);
    this.statements = {
      insert: db.prepare(
        'INSERT INTO task_tokens (token, execution_arn, path, invocation) VALUES (?, ?, ?, ?)',
      ),
      get: db.prepare('SELECT * FROM task_tokens WHERE token = ?'),
      timedOut: db.prepare('UPDATE task_tokens SET timed_out = 1 WHERE token = ?'),
      purge: db.prepare('DELETE FROM task_tokens WHERE execution_arn NOT IN (SELECT arn FROM executions)'),
    };
  }

  insert(token: string, executionArn: string, path: number[], invocation: number): void {
    this.statements.insert.run(token, executionArn, JSON.stringify(path), invocation);
  }

  get(token: string): TaskTokenRecord | undefined {
    const row = this.statements.get.get(token) as TokenRow | undefined;
    return (
      row && {
        token: row.token,
        executionArn: row.execution_arn,
        path: JSON.parse(row.path) as number[],
        invocation: row.invocation,
        timedOut: row.timed_out === 1,
      }
    );
  }

  markTimedOut(token: string): void {
    this.statements.timedOut.run(token);
  }

  /** Drops the tokens of executions that no longer exist (purged after the retention period). */
  purgeOrphans(): number {
    return this.statements.purge.run().changes;
  }
}
