// The data directory holds every execution's input and output: only its owner may read it.
// Modes are set with chmod after creating, so they hold whatever the process's umask is, and
// what an older engine left readable (0755 / 0644) is closed on the next start.
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` if needed and makes it and what it holds directly (the database and its WAL/SHM
 * files, engine.json, engine.log, lock files, the code directory) private to the owner.
 * Symbolic links are left alone: chmod would change what they point at.
 */
export function makeDataDirPrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) chmodSync(join(dir, entry.name), PRIVATE_DIR_MODE);
    else if (entry.isFile()) chmodSync(join(dir, entry.name), PRIVATE_FILE_MODE);
  }
}

/**
 * Creates `file` empty and private if it does not exist. SQLite gives the WAL and SHM files the
 * database file's mode, so creating the database this way keeps all three private.
 */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}
