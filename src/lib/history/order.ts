import type { HistoryEventLike } from './types.js';

/**
 * Events in ascending id order with duplicates dropped, so pages fetched with `reverseOrder`
 * (or fetched twice while following a running execution) can simply be concatenated.
 * Already-ordered input, the common case, is returned as is after one linear check.
 */
export function orderEvents<T extends HistoryEventLike>(events: readonly T[]): T[] {
  let ordered = true;
  for (let i = 1; i < events.length && ordered; i++) {
    ordered = (events[i - 1].id ?? 0) < (events[i].id ?? Infinity);
  }
  if (ordered) return events as T[];
  const sorted = [...events].sort((a, b) => (a.id ?? Infinity) - (b.id ?? Infinity));
  return sorted.filter((event, i) => i === 0 || event.id === undefined || event.id !== sorted[i - 1].id);
}
