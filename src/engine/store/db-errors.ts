// SQLite conditions that are the database's state, not a bug: a full disk, a lock held elsewhere.
const TRANSIENT = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|NOMEM|READONLY)/;

/** The SQLite code of an error that can clear by itself (e.g. SQLITE_FULL), else undefined. */
export function transientDbError(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && TRANSIENT.test(code) ? code : undefined;
}
