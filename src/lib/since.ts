import { durationMs } from './duration.js';
import { UsageError } from './errors.js';

// `--since DURATION|DATE`: how far back to look, as a point in time.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** `15m`, `2h`, `7d` (also `s`, `w`, `1.5h`, `2 days`) before `now`, or an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z. */
export function parseSince(value: string, now = new Date()): Date {
  const text = value.trim();
  const duration = durationMs(text);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  if (ISO_DATE.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(`--since: "${value}" is neither a duration nor a date`, {
    hint: 'pass a duration such as 15m, 2h or 7d, or an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z',
  });
}
