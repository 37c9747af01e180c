import type { StateSummary, VisitStatus } from '../history/types.js';
import { formatDuration } from './duration.js';
import { chalk } from './style.js';
import { errorText, formatTable } from './table.js';

// The per-state summary table shared by `describe` and `history`.

export function visitStatusColour(status: VisitStatus): string {
  switch (status) {
    case 'SUCCEEDED':
      return chalk.green(status);
    case 'RUNNING':
      return chalk.cyan(status);
    case 'RETRYING':
    case 'CAUGHT':
    case 'ABORTED':
    case 'TIMED_OUT':
      return chalk.yellow(status);
    default:
      return chalk.red(status);
  }
}

/** When a retry is due, relative to `now`: "in 3.0s", or "due" once the time has passed. */
export function formatNextRetry(at: Date | undefined, now: Date): string {
  if (!at) return '';
  const ms = at.getTime() - now.getTime();
  return ms > 0 ? `in ${formatDuration(ms)}` : 'due';
}

export function formatStatesTable(states: readonly StateSummary[], now = new Date()): string {
  // NEXT RETRY sits before LAST ERROR: errors are long, and a live view cuts lines at the
  // terminal width, which must not cut off the countdown.
  const withRetry = states.some((state) => state.nextRetryAt);
  const head = ['STATE', 'STATUS', 'VISITS', 'ATTEMPTS', 'RETRIES', 'DURATION'];
  const rows = states.map((state) => {
    const lastError = state.lastError ? errorText(state.lastError.error, state.lastError.cause) : '';
    const row = [
      state.state,
      visitStatusColour(state.status),
      String(state.visits),
      String(state.attempts),
      String(state.retries),
      formatDuration(state.durationMs),
    ];
    if (withRetry) row.push(formatNextRetry(state.nextRetryAt, now));
    row.push(lastError && chalk.red(lastError));
    return row;
  });
  return formatTable([...head, ...(withRetry ? ['NEXT RETRY'] : []), 'LAST ERROR'], rows);
}
