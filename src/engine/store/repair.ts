import { StatesErrors } from '../../aws/errors.js';
import type { Db } from './db.js';

/** Keys an engine before the lone-surrogate check could store as bytes that are not UTF-8. */
const KEY_COLUMNS: [table: string, columns: string[]][] = [
  ['state_machines', ['arn', 'name']],
  ['state_machine_versions', ['arn', 'state_machine_arn']],
  ['executions', ['arn', 'name', 'state_machine_arn']],
];

const REPAIRED_CAUSE =
  "The execution's name held a lone surrogate, which the database could not store; it was ended when the engine repaired its data.";

/** Whether SQLite holds exactly the UTF-8 of the string it handed back (not so when U+FFFD stood in). */
const readsBackExactly = (text: string, hex: string) =>
  Buffer.from(text, 'utf8').toString('hex') === hex.toLowerCase();

/**
 * Rewrites keys stored by an older engine from a name holding a lone surrogate (stored as bytes
 * ED xx xx, read back as U+FFFD) to the text they read back as, so those state machines and
 * executions can be found, described and deleted again; a running execution among them is ended
 * as FAILED, since its history and cursor no longer agree. Returns what it repaired.
 */
export function repairUnreadableKeys(db: Db, now: number): string[] {
  const repaired: string[] = [];
  db.transaction(() => {
    const executionArns = new Map<string, string>(); // raw hex → readable ARN
    for (const [table, columns] of KEY_COLUMNS) {
      for (const column of columns) {
        // ED starts every encoded surrogate; the prefilter keeps the scan in SQLite.
        const rows = db
          .prepare(
            `SELECT DISTINCT ${column} AS text, hex(${column}) AS hex FROM ${table}
             WHERE instr(CAST(${column} AS BLOB), X'ED') > 0`,
          )
          .all() as { text: string; hex: string }[];
        for (const { text, hex } of rows) {
          if (readsBackExactly(text, hex)) continue;
          const raw = Buffer.from(hex, 'hex');
          db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${column} = CAST(? AS TEXT)`).run(text, raw);
          if (table === 'executions' && column === 'arn') executionArns.set(hex, text);
          repaired.push(`${table}.${column} ${text}`);
        }
      }
    }
    for (const [hex, arn] of executionArns) {
      db.prepare('UPDATE OR IGNORE events SET execution_arn = ? WHERE execution_arn = CAST(? AS TEXT)').run(
        arn,
        Buffer.from(hex, 'hex'),
      );
      const { last } = db.prepare('SELECT MAX(id) AS last FROM events WHERE execution_arn = ?').get(arn) as {
        last: number | null;
      };
      const id = (last ?? 0) + 1;
      const running = db
        .prepare(
          `UPDATE executions SET status = 'FAILED', error = ?, cause = ?, stop_date = ?,
             ready_at = NULL, deadline = NULL, last_event_id = ? WHERE arn = ? AND status = 'RUNNING'`,
        )
        .run(StatesErrors.Runtime, REPAIRED_CAUSE, now, id, arn);
      if (running.changes === 0) continue;
      const details = { executionFailedEventDetails: { error: StatesErrors.Runtime, cause: REPAIRED_CAUSE } };
      db.prepare(
        `INSERT INTO events (execution_arn, id, previous_event_id, timestamp, type, details)
         VALUES (?, ?, ?, ?, 'ExecutionFailed', ?)`,
      ).run(arn, id, id - 1, now, JSON.stringify(details));
    }
  })();
  return repaired;
}
