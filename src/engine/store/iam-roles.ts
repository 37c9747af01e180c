import type { Db } from './db.js';

export interface RoleRecord {
  name: string;
  path: string;
  roleId: string;
  createDate: number; // epoch ms
  assumeRolePolicyDocument: string;
  description: string | null;
  maxSessionDuration: number;
  tags: { Key: string; Value: string }[];
}

interface RoleRow {
  name: string;
  path: string;
  role_id: string;
  create_date: number;
  assume_role_policy: string;
  description: string | null;
  max_session_duration: number;
  tags: string;
}

// Its own tables, created here, so this module merges beside the other stores without touching them.
// Role names are unique regardless of case in IAM, hence NOCASE.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS iam_roles (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  path TEXT NOT NULL,
  role_id TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  assume_role_policy TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS iam_role_policies (
  role_name TEXT NOT NULL COLLATE NOCASE,
  policy_name TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (role_name, policy_name),
  FOREIGN KEY (role_name) REFERENCES iam_roles(name) ON DELETE CASCADE
);
`;

const fromRow = (r: RoleRow): RoleRecord => ({
  name: r.name,
  path: r.path,
  roleId: r.role_id,
  createDate: r.create_date,
  assumeRolePolicyDocument: r.assume_role_policy,
  description: r.description,
  maxSessionDuration: r.max_session_duration,
  tags: JSON.parse(r.tags) as RoleRecord['tags'],
});

/** IAM roles and their inline policies. The engine stores them; it does not enforce them. */
export class IamRoleStore {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  get(name: string): RoleRecord | undefined {
    const row = this.db.prepare('SELECT * FROM iam_roles WHERE name = ?').get(name) as RoleRow | undefined;
    return row && fromRow(row);
  }

  /** Inserts the role; false when one of that name (in any case) exists. */
  create(role: RoleRecord): boolean {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO iam_roles (name, path, role_id, create_date, assume_role_policy, description,
           max_session_duration, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        role.name,
        role.path,
        role.roleId,
        role.createDate,
        role.assumeRolePolicyDocument,
        role.description,
        role.maxSessionDuration,
        JSON.stringify(role.tags),
      );
    return info.changes > 0;
  }

  update(role: RoleRecord): void {
    this.db
      .prepare(
        `UPDATE iam_roles SET assume_role_policy = ?, description = ?, max_session_duration = ?, tags = ?
         WHERE name = ?`,
      )
      .run(
        role.assumeRolePolicyDocument,
        role.description,
        role.maxSessionDuration,
        JSON.stringify(role.tags),
        role.name,
      );
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM iam_roles WHERE name = ?').run(name).changes > 0;
  }

  /** Roles whose path starts with `pathPrefix`, by name, after `afterName` when paging. */
  list(pathPrefix: string, afterName: string | undefined, limit: number): RoleRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM iam_roles WHERE substr(path, 1, length(?)) = ? AND name > ? COLLATE NOCASE
         ORDER BY name COLLATE NOCASE LIMIT ?`,
      )
      .all(pathPrefix, pathPrefix, afterName ?? '', limit) as RoleRow[];
    return rows.map(fromRow);
  }

  putPolicy(roleName: string, policyName: string, document: string): void {
    this.db
      .prepare(
        `INSERT INTO iam_role_policies (role_name, policy_name, document) VALUES (?, ?, ?)
         ON CONFLICT (role_name, policy_name) DO UPDATE SET document = excluded.document`,
      )
      .run(roleName, policyName, document);
  }

  getPolicy(roleName: string, policyName: string): string | undefined {
    const row = this.db
      .prepare('SELECT document FROM iam_role_policies WHERE role_name = ? AND policy_name = ?')
      .get(roleName, policyName) as { document: string } | undefined;
    return row?.document;
  }

  deletePolicy(roleName: string, policyName: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM iam_role_policies WHERE role_name = ? AND policy_name = ?')
        .run(roleName, policyName).changes > 0
    );
  }

  policyNames(roleName: string): string[] {
    const rows = this.db
      .prepare('SELECT policy_name FROM iam_role_policies WHERE role_name = ? ORDER BY policy_name')
      .all(roleName) as { policy_name: string }[];
    return rows.map((r) => r.policy_name);
  }
}
