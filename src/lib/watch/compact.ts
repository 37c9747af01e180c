import { isCallbackScheduled } from '../history/callback.js';
import type { HistoryEventLike } from '../history/types.js';

// Watch keeps every event of each execution it follows (the per-state view is derived from
// all of them), so it keeps them small: no input/output payloads, bounded error causes. A
// 25,000-event history then costs a few MB instead of whatever its payloads weigh. A callback
// task's parameters stay whole: its token is there, and nowhere else in the history.

const DROPPED = new Set([
  'input',
  'output',
  'inputDetails',
  'outputDetails',
  'parameters',
  'taskCredentials',
]);
const MAX_TEXT = 2_000;

export function compactEvent(event: HistoryEventLike): HistoryEventLike {
  const compact: HistoryEventLike = {};
  const keep = isCallbackScheduled(event) ? 'parameters' : undefined;
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const details: Record<string, unknown> = {};
      for (const [field, detail] of Object.entries(value as Record<string, unknown>)) {
        if (field === keep) {
          details[field] = detail;
          continue;
        }
        if (DROPPED.has(field) || detail === undefined) continue;
        details[field] =
          typeof detail === 'string' && detail.length > MAX_TEXT ? `${detail.slice(0, MAX_TEXT)}…` : detail;
      }
      compact[key] = details;
    } else {
      compact[key] = value;
    }
  }
  return compact;
}
