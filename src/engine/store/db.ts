import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the engine's SQLite file. WAL with synchronous=NORMAL: a committed transaction
 * survives the engine process being killed (SIGKILL), which is the durability the engine
 * promises; only an OS crash can lose the last few commits.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
