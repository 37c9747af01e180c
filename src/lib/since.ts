import { UsageError } from './errors.js';

// `--since DURATION|DATE`: how far back to look, as a point in time.

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `15m`, `2h`, `7d` (also `s`, `w`) before `now`, or an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z. */
export function parseSince(value: string, now = new Date()): Date {
  const text = value.trim();
  const duration = /^(\d+)([smhdw])$/i.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()]);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(`--since: "${value}" is neither a duration nor a date`, {
    hint: 'pass a duration such as 15m, 2h or 7d, or an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z',
  });
}
