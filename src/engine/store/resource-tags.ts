import type { Db } from './db.js';

export interface Tag {
  key: string;
  value: string;
}

// Its own table, created here, so this module merges beside the other stores without touching them.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS resource_tags (
  resource_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)
);
`;

/** Tags on resources that have no tag column of their own (state machines, log groups), by ARN. */
export class ResourceTagStore {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  list(resourceArn: string): Tag[] {
    return this.db
      .prepare('SELECT key, value FROM resource_tags WHERE resource_arn = ? ORDER BY key')
      .all(resourceArn) as Tag[];
  }

  /** Adds the tags, replacing the values of keys already there. */
  put(resourceArn: string, tags: readonly Tag[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO resource_tags (resource_arn, key, value) VALUES (?, ?, ?)
       ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
    );
    this.db.transaction(() => tags.forEach((t) => upsert.run(resourceArn, t.key, t.value)))();
  }

  remove(resourceArn: string, keys: readonly string[]): void {
    const remove = this.db.prepare('DELETE FROM resource_tags WHERE resource_arn = ? AND key = ?');
    this.db.transaction(() => keys.forEach((k) => remove.run(resourceArn, k)))();
  }

  removeAll(resourceArn: string): void {
    this.db.prepare('DELETE FROM resource_tags WHERE resource_arn = ?').run(resourceArn);
  }
}
