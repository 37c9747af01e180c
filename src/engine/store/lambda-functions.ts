import type { Db } from './db.js';

/** What the engine keeps of a function version: the fields Lambda reports, plus where its code is. */
export interface FunctionVersionRecord {
  name: string;
  version: string; // '$LATEST' or '1', '2', …
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number; // seconds
  memorySize: number; // MB
  environment: Record<string, string> | null;
  architectures: string[];
  codeSha256: string; // base64 SHA-256 of the zip, as Lambda reports it
  codeSize: number;
  lastModified: number; // epoch ms
  revisionId: string;
}

export interface FunctionRecord {
  latest: FunctionVersionRecord;
  tags: Record<string, string>;
}

// Its own tables, created here, so this module merges beside the other stores without touching them.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS lambda_functions (
  name TEXT PRIMARY KEY,
  configuration TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS lambda_function_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  configuration TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
`;

const parse = (json: string) => JSON.parse(json) as FunctionVersionRecord;

/** Lambda functions: $LATEST (mutable) with its tags, and the numbered versions published from it. */
export class LambdaFunctionStore {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  get(name: string): FunctionRecord | undefined {
    const row = this.db
      .prepare('SELECT configuration, tags FROM lambda_functions WHERE name = ?')
      .get(name) as { configuration: string; tags: string } | undefined;
    return row && { latest: parse(row.configuration), tags: JSON.parse(row.tags) as Record<string, string> };
  }

  /** $LATEST or a published version; undefined when either the function or the version is missing. */
  getVersion(name: string, version: string): FunctionVersionRecord | undefined {
    if (version === '$LATEST') return this.get(name)?.latest;
    if (!/^\d+$/.test(version)) return undefined;
    const row = this.db
      .prepare('SELECT configuration FROM lambda_function_versions WHERE name = ? AND version = ?')
      .get(name, Number(version)) as { configuration: string } | undefined;
    return row && parse(row.configuration);
  }

  versions(name: string): FunctionVersionRecord[] {
    const rows = this.db
      .prepare('SELECT configuration FROM lambda_function_versions WHERE name = ? ORDER BY version')
      .all(name) as { configuration: string }[];
    return rows.map((r) => parse(r.configuration));
  }

  /** $LATEST of each function, by name, after `afterName` when paging. */
  list(afterName: string | undefined, limit: number): FunctionVersionRecord[] {
    const rows = this.db
      .prepare('SELECT configuration FROM lambda_functions WHERE name > ? ORDER BY name LIMIT ?')
      .all(afterName ?? '', limit) as { configuration: string }[];
    return rows.map((r) => parse(r.configuration));
  }

  /** Inserts the function; false when one of that name exists. */
  create(latest: FunctionVersionRecord, tags: Record<string, string>): boolean {
    const info = this.db
      .prepare('INSERT OR IGNORE INTO lambda_functions (name, configuration, tags) VALUES (?, ?, ?)')
      .run(latest.name, JSON.stringify(latest), JSON.stringify(tags));
    return info.changes > 0;
  }

  updateLatest(latest: FunctionVersionRecord): void {
    this.db
      .prepare('UPDATE lambda_functions SET configuration = ? WHERE name = ?')
      .run(JSON.stringify(latest), latest.name);
  }

  setTags(name: string, tags: Record<string, string>): void {
    this.db.prepare('UPDATE lambda_functions SET tags = ? WHERE name = ?').run(JSON.stringify(tags), name);
  }

  /** Stores $LATEST as the next numbered version and returns it. */
  publish(latest: FunctionVersionRecord): FunctionVersionRecord {
    return this.db.transaction(() => {
      const { last } = this.db
        .prepare('SELECT COALESCE(MAX(version), 0) AS last FROM lambda_function_versions WHERE name = ?')
        .get(latest.name) as { last: number };
      const version = { ...latest, version: String(last + 1) };
      this.db
        .prepare('INSERT INTO lambda_function_versions (name, version, configuration) VALUES (?, ?, ?)')
        .run(latest.name, last + 1, JSON.stringify(version));
      return version;
    })();
  }

  delete(name: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM lambda_function_versions WHERE name = ?').run(name);
      return this.db.prepare('DELETE FROM lambda_functions WHERE name = ?').run(name).changes > 0;
    })();
  }

  deleteVersion(name: string, version: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM lambda_function_versions WHERE name = ? AND version = ?')
        .run(name, Number(version)).changes > 0
    );
  }
}
