import { describe, expect, it } from 'vitest';
import { annotateEvents, orderEvents, summarizeVisits } from '../../../src/lib/history/index.js';
import { loadHistory } from './fixtures.js';

describe('pages merged in any order', () => {
  it('sorts reverseOrder pages by id and drops duplicates', () => {
    const { events } = loadHistory('engine-polling-loop');
    const newestFirst = [...events].reverse();
    // two overlapping reverseOrder pages, as a poller re-reading the tail would get them
    const pages = [...newestFirst.slice(0, 30), ...newestFirst.slice(20)];
    expect(pages).toHaveLength(events.length + 10);
    const merged = orderEvents(pages);
    expect(merged.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(summarizeVisits(pages)).toEqual(summarizeVisits(events));
    expect(annotateEvents(pages)).toEqual(annotateEvents(events));
  });

  it('returns ordered input as it is', () => {
    const { events } = loadHistory('engine-caught');
    expect(orderEvents(events)).toBe(events);
  });
});
