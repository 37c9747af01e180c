import { readFileSync } from 'node:fs';
import type { AslDefinitionLike, HistoryEventLike } from '../../../src/lib/history/index.js';

// Recorded histories (test/fixtures/histories): engine-*.json from the real local engine
// (record.mjs there re-records them), aws-*.json written by hand in the shape AWS returns.

export interface RecordedHistory {
  description: string;
  status: string;
  definition?: AslDefinitionLike;
  events: HistoryEventLike[];
}

export function loadHistory(name: string): RecordedHistory {
  const file = new URL(`../../fixtures/histories/${name}.json`, import.meta.url);
  const record = JSON.parse(readFileSync(file, 'utf8')) as RecordedHistory;
  // As the SDK returns them: timestamps are Dates.
  record.events = record.events.map((event) => ({ ...event, timestamp: new Date(event.timestamp as never) }));
  return record;
}
