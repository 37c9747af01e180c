import { detailsOf, errorOf } from '../../aws/events.js';
import type { AnnotatedEvent } from '../history/types.js';
import { chalk } from './style.js';
import { errorText, formatTable, oneLine } from './table.js';

// The event table of `taskctl history`: one row per event with its derived state and attempt.

const FAILURE = /(Failed|TimedOut|Aborted)$/;
/** AWS gives these no details: the error is the failing branch's, shown on its own events. */
const CONTAINER_FAILED: Record<string, string> = {
  ParallelStateFailed: 'a branch failed',
  MapStateFailed: 'an iteration failed',
};

/** The detail column: the error and cause of a failure, else a short input or output. */
export function eventDetail(event: AnnotatedEvent): string {
  const type = event.type ?? '';
  if (CONTAINER_FAILED[type] && !detailsOf(event)) return chalk.red(CONTAINER_FAILED[type]);
  if (FAILURE.test(type) && type !== 'ExecutionAborted') {
    const { error, cause } = errorOf(event);
    return chalk.red(errorText(error, cause, 80));
  }
  const details = detailsOf(event);
  if (!details) return '';
  if (type === 'ExecutionAborted' || type === 'ExecutionRedriven') {
    return oneLine(
      Object.entries(details)
        .map(([key, value]) => `${key} ${String(value)}`)
        .join(', '),
      80,
    );
  }
  const data = details.input ?? details.output ?? details.parameters;
  return typeof data === 'string' ? oneLine(data, 60) : '';
}

export function formatEventsTable(events: readonly AnnotatedEvent[]): string {
  return formatTable(
    ['ID', 'TIME', 'TYPE', 'STATE', 'ATTEMPT', 'DETAIL'],
    events.map((event) => [
      String(event.id ?? ''),
      event.timestamp instanceof Date ? event.timestamp.toISOString() : String(event.timestamp ?? ''),
      event.type ?? '',
      event.state ?? '',
      event.attempt === undefined ? '' : String(event.attempt),
      eventDetail(event),
    ]),
  );
}
