import type { Db } from './db.js';

export interface RoutingEntry {
  stateMachineVersionArn: string;
  weight: number;
}

export interface AliasRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  description: string | null;
  routingConfiguration: RoutingEntry[];
  creationDate: number; // epoch ms
  updateDate: number;
}

/** The alias and version an execution was started through (DescribeExecution reports both). */
export interface ExecutionTarget {
  aliasArn: string | null;
  versionArn: string;
}

interface AliasRow {
  arn: string;
  state_machine_arn: string;
  name: string;
  description: string | null;
  routing: string;
  creation_date: number;
  update_date: number;
}

// Its own tables, created here, so this module merges beside the other stores without touching
// them; an execution's target goes when the execution is purged or deleted.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS state_machine_aliases (
  arn TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  routing TEXT NOT NULL,
  creation_date INTEGER NOT NULL,
  update_date INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS state_machine_aliases_by_machine ON state_machine_aliases (state_machine_arn, name);
CREATE TABLE IF NOT EXISTS execution_targets (
  execution_arn TEXT PRIMARY KEY REFERENCES executions(arn) ON DELETE CASCADE,
  alias_arn TEXT,
  version_arn TEXT NOT NULL
);
`;

const fromRow = (r: AliasRow): AliasRecord => ({
  arn: r.arn,
  stateMachineArn: r.state_machine_arn,
  name: r.name,
  description: r.description,
  routingConfiguration: JSON.parse(r.routing) as RoutingEntry[],
  creationDate: r.creation_date,
  updateDate: r.update_date,
});

/** State machine aliases, and which alias and version each execution started through. */
export class StateMachineAliasStore {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  get(arn: string): AliasRecord | undefined {
    const row = this.db.prepare('SELECT * FROM state_machine_aliases WHERE arn = ?').get(arn) as
      AliasRow | undefined;
    return row && fromRow(row);
  }

  /** Aliases of a state machine by name, after `afterName` when paging. */
  list(stateMachineArn: string, afterName: string | undefined, limit: number): AliasRecord[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM state_machine_aliases WHERE state_machine_arn = ? AND name > ? ORDER BY name LIMIT ?',
      )
      .all(stateMachineArn, afterName ?? '', limit) as AliasRow[];
    return rows.map(fromRow);
  }

  /** The names of the state machine's aliases that route to `versionArn`, by name. */
  namesRoutingTo(stateMachineArn: string, versionArn: string): string[] {
    const rows = this.db
      .prepare('SELECT * FROM state_machine_aliases WHERE state_machine_arn = ? ORDER BY name')
      .all(stateMachineArn) as AliasRow[];
    return rows
      .map(fromRow)
      .filter((alias) => alias.routingConfiguration.some((r) => r.stateMachineVersionArn === versionArn))
      .map((alias) => alias.name);
  }

  count(stateMachineArn: string): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM state_machine_aliases WHERE state_machine_arn = ?')
      .get(stateMachineArn) as { n: number };
    return row.n;
  }

  /** Inserts or replaces the alias. */
  put(alias: AliasRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO state_machine_aliases
           (arn, state_machine_arn, name, description, routing, creation_date, update_date)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        alias.arn,
        alias.stateMachineArn,
        alias.name,
        alias.description,
        JSON.stringify(alias.routingConfiguration),
        alias.creationDate,
        alias.updateDate,
      );
  }

  delete(arn: string): boolean {
    return this.db.prepare('DELETE FROM state_machine_aliases WHERE arn = ?').run(arn).changes > 0;
  }

  deleteAllOf(stateMachineArn: string): void {
    this.db.prepare('DELETE FROM state_machine_aliases WHERE state_machine_arn = ?').run(stateMachineArn);
  }

  /** Records what an execution started through; a repeated (idempotent) start keeps the first record. */
  recordExecution(executionArn: string, target: ExecutionTarget): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO execution_targets (execution_arn, alias_arn, version_arn) VALUES (?, ?, ?)',
      )
      .run(executionArn, target.aliasArn, target.versionArn);
  }

  executionTarget(executionArn: string): ExecutionTarget | undefined {
    const row = this.db
      .prepare('SELECT alias_arn, version_arn FROM execution_targets WHERE execution_arn = ?')
      .get(executionArn) as { alias_arn: string | null; version_arn: string } | undefined;
    return row && { aliasArn: row.alias_arn, versionArn: row.version_arn };
  }
}
