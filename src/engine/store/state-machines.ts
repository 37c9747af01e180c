import { stateMachineVersionArn } from '../../aws/arn.js';
import type { Db } from './db.js';

export interface LoggingConfiguration {
  level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  includeExecutionData: boolean;
  destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[];
}

export interface StateMachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: 'STANDARD';
  description: string | null;
  loggingConfiguration: LoggingConfiguration;
  revisionId: string;
  creationDate: number; // epoch ms
  updateDate: number; // epoch ms
}

export interface StateMachineVersionRecord {
  arn: string;
  stateMachineArn: string;
  version: number;
  definition: string;
  roleArn: string;
  revisionId: string;
  description: string | null;
  creationDate: number;
}

interface VersionRow {
  arn: string;
  state_machine_arn: string;
  version: number;
  definition: string;
  role_arn: string;
  revision_id: string;
  description: string | null;
  creation_date: number;
}

const versionFromRow = (row: VersionRow): StateMachineVersionRecord => ({
  arn: row.arn,
  stateMachineArn: row.state_machine_arn,
  version: row.version,
  definition: row.definition,
  roleArn: row.role_arn,
  revisionId: row.revision_id,
  description: row.description,
  creationDate: row.creation_date,
});

interface StateMachineRow {
  arn: string;
  name: string;
  definition: string;
  role_arn: string;
  type: 'STANDARD';
  description: string | null;
  logging_configuration: string;
  revision_id: string;
  creation_date: number;
  update_date: number;
}

const fromRow = (row: StateMachineRow): StateMachineRecord => ({
  arn: row.arn,
  name: row.name,
  definition: row.definition,
  roleArn: row.role_arn,
  type: row.type,
  description: row.description,
  loggingConfiguration: JSON.parse(row.logging_configuration) as LoggingConfiguration,
  revisionId: row.revision_id,
  creationDate: row.creation_date,
  updateDate: row.update_date,
});

/** State machines and their published versions. */
export class StateMachineStore {
  // Prepared once: every StartExecution looks its state machine up.
  private readonly byArn: ReturnType<Db['prepare']>;
  private readonly versionByArn: ReturnType<Db['prepare']>;
  /**
   * Rows read by get(), kept: a start reads its state machine up to three times (the request,
   * the history of its first events, its first step), some 20 µs each from SQLite.
   */
  private readonly rows = new Map<string, StateMachineRow>();
  /** A write of the open transaction may yet roll back: read through until it has ended. */
  private unsettled = false;

  constructor(private readonly db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS state_machines (
        arn TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        definition TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        type TEXT NOT NULL,
        description TEXT,
        logging_configuration TEXT NOT NULL,
        revision_id TEXT NOT NULL,
        creation_date REAL NOT NULL,
        update_date REAL NOT NULL
      );
      CREATE TABLE IF NOT EXISTS state_machine_versions (
        arn TEXT PRIMARY KEY,
        state_machine_arn TEXT NOT NULL,
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        revision_id TEXT NOT NULL,
        description TEXT,
        creation_date REAL NOT NULL
      );
      -- The highest version number each state machine has published: numbers are never reused,
      -- even after the newest version is deleted (AWS's "version 10 deleted, next is 11").
      CREATE TABLE IF NOT EXISTS state_machine_version_numbers (
        state_machine_arn TEXT PRIMARY KEY,
        last_version INTEGER NOT NULL
      );`);
    this.byArn = db.prepare('SELECT * FROM state_machines WHERE arn = ?');
    this.versionByArn = db.prepare('SELECT * FROM state_machine_versions WHERE arn = ?');
  }

  get(arn: string): StateMachineRecord | undefined {
    if (this.unsettled && !this.db.inTransaction) {
      this.unsettled = false;
      this.rows.clear();
    }
    let row = this.rows.get(arn);
    if (row === undefined) {
      row = this.byArn.get(arn) as StateMachineRow | undefined;
      if (row && !this.unsettled) this.rows.set(arn, row);
    }
    return row && fromRow(row); // a new record each time: callers may change theirs
  }

  /** Before any write to state_machines: what was kept may be stale, or (rolled back) never true. */
  private changing(): void {
    this.rows.clear();
    this.unsettled = true;
  }

  getVersion(arn: string): StateMachineVersionRecord | undefined {
    const row = this.versionByArn.get(arn) as VersionRow | undefined;
    return row && versionFromRow(row);
  }

  /** The version published from this revision of the state machine, if any (publishing is idempotent). */
  versionOfRevision(stateMachineArn: string, revisionId: string): StateMachineVersionRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM state_machine_versions WHERE state_machine_arn = ? AND revision_id = ?')
      .get(stateMachineArn, revisionId) as VersionRow | undefined;
    return row && versionFromRow(row);
  }

  countVersions(stateMachineArn: string): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM state_machine_versions WHERE state_machine_arn = ?')
      .get(stateMachineArn) as { n: number };
    return row.n;
  }

  /**
   * Versions newest first, below version `before` when paging. Numbers only grow, so number order
   * is creation order (ListStateMachineVersions sorts by creation time, descending).
   */
  listVersions(
    stateMachineArn: string,
    before: number | undefined,
    limit: number,
  ): StateMachineVersionRecord[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM state_machine_versions WHERE state_machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ?',
      )
      .all(stateMachineArn, before ?? Number.MAX_SAFE_INTEGER, limit) as VersionRow[];
    return rows.map(versionFromRow);
  }

  deleteVersion(arn: string): void {
    this.db.prepare('DELETE FROM state_machine_versions WHERE arn = ?').run(arn);
  }

  /** Newest first by creation date, then name, as a stable order for pagination. */
  list(): StateMachineRecord[] {
    const rows = this.db.prepare('SELECT * FROM state_machines ORDER BY name').all() as StateMachineRow[];
    return rows.map(fromRow);
  }

  insert(record: StateMachineRecord): void {
    this.changing();
    this.db
      .prepare(
        `INSERT INTO state_machines (arn, name, definition, role_arn, type, description, logging_configuration,
           revision_id, creation_date, update_date)
         VALUES (@arn, @name, @definition, @roleArn, @type, @description, @logging, @revisionId, @creationDate, @updateDate)`,
      )
      .run({ ...record, logging: JSON.stringify(record.loggingConfiguration) });
  }

  update(record: StateMachineRecord): void {
    this.changing();
    this.db
      .prepare(
        `UPDATE state_machines SET definition = @definition, role_arn = @roleArn, description = @description,
           logging_configuration = @logging, revision_id = @revisionId, update_date = @updateDate WHERE arn = @arn`,
      )
      .run({ ...record, logging: JSON.stringify(record.loggingConfiguration) });
  }

  delete(arn: string): void {
    this.changing();
    this.db.prepare('DELETE FROM state_machines WHERE arn = ?').run(arn);
    this.db.prepare('DELETE FROM state_machine_versions WHERE state_machine_arn = ?').run(arn);
    this.db.prepare('DELETE FROM state_machine_version_numbers WHERE state_machine_arn = ?').run(arn);
  }

  publishVersion(
    machine: StateMachineRecord,
    description: string | null,
    now: number,
  ): StateMachineVersionRecord {
    // MAX(version) too: a database from before the counter table has versions but no counter.
    const { latest } = this.db
      .prepare(
        `SELECT MAX(COALESCE((SELECT last_version FROM state_machine_version_numbers WHERE state_machine_arn = @arn), 0),
                COALESCE((SELECT MAX(version) FROM state_machine_versions WHERE state_machine_arn = @arn), 0)) AS latest`,
      )
      .get({ arn: machine.arn }) as { latest: number };
    this.db
      .prepare(
        'INSERT OR REPLACE INTO state_machine_version_numbers (state_machine_arn, last_version) VALUES (?, ?)',
      )
      .run(machine.arn, latest + 1);
    const version: StateMachineVersionRecord = {
      arn: stateMachineVersionArn(machine.arn, latest + 1),
      stateMachineArn: machine.arn,
      version: latest + 1,
      definition: machine.definition,
      roleArn: machine.roleArn,
      revisionId: machine.revisionId,
      description,
      creationDate: now,
    };
    this.db
      .prepare(
        `INSERT INTO state_machine_versions (arn, state_machine_arn, version, definition, role_arn, revision_id,
           description, creation_date)
         VALUES (@arn, @stateMachineArn, @version, @definition, @roleArn, @revisionId, @description, @creationDate)`,
      )
      .run(version);
    return version;
  }
}
