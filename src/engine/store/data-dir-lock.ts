import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * The engine's exclusive hold on its data directory: SQLite's own lock on a dedicated file
 * (`engine.lock`), taken in EXCLUSIVE locking mode and never released while the engine runs.
 * Chosen because the kernel drops the underlying fcntl lock when the process dies (a SIGKILL'd
 * engine leaves nothing to clean up, unlike a lock file or directory), two engines started at
 * the same moment cannot both get it, and better-sqlite3 is already the engine's store.
 */
export interface DataDirLock {
  release(): void;
}

/** Thrown when another engine (any process, or this one) holds the data directory. */
export class DataDirLockedError extends Error {
  readonly code = 'EDATADIRLOCKED';
  constructor(readonly dataDir: string) {
    super(`another engine is using the data directory ${dataDir}`);
    this.name = 'DataDirLockedError';
  }
}

export const DATA_DIR_LOCK_FILE = 'engine.lock';

export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, DATA_DIR_LOCK_FILE);
  let db: Database.Database;
  try {
    // timeout 0: a held lock is answered at once, not waited for.
    db = new Database(file, { timeout: 0 });
  } catch (error) {
    throw new Error(`cannot open ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // In EXCLUSIVE mode the write lock this takes is kept after COMMIT, until the connection closes.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirLockedError(dataDir);
    throw error;
  }
  return {
    release() {
      // The file may be gone with the directory; closing still drops the lock.
      if (db.open) db.close();
    },
  };
}
