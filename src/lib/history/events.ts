import {
  ATTEMPT_EVENTS,
  FAILED_EVENTS,
  SCHEDULED_EVENTS,
  SUCCEEDED_EVENTS,
  TERMINAL_EVENT_STATUS,
} from '../../aws/events.js';
import type { TerminalStatus } from '../../aws/statuses.js';
import type { HistoryEventLike } from './types.js';
import { detailsOf } from '../../aws/events.js';

// What each history event type means for the per-state view. AWS records no attempt number
// and, apart from *StateEntered/*StateExited, no state name: both are derived from these sets.

const ENTERED = 'StateEntered';
const EXITED = 'StateExited';

/** `TaskStateEntered` → `Task`; undefined for other events. */
export const enteredStateType = (type: string): string | undefined =>
  type.endsWith(ENTERED) ? type.slice(0, -ENTERED.length) : undefined;

export const isStateExited = (type: string): boolean => type.endsWith(EXITED);

/** TaskStateAborted, WaitStateAborted, ParallelStateAborted…: a state stopped because a sibling branch failed. */
export const isStateAborted = (type: string): boolean => type.endsWith('StateAborted');

/** ParallelStateFailed, MapStateFailed: a container state failed (it may still be caught). */
export const isContainerFailed = (type: string): boolean =>
  type === 'ParallelStateFailed' || type === 'MapStateFailed';

/** Parallel and Map own their Started/Succeeded/Failed and iteration events. */
export const containerTypeOf = (type: string): string | undefined =>
  type.startsWith('Parallel') ? 'Parallel' : type.startsWith('Map') ? 'Map' : undefined;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The state name of a *StateEntered / *StateExited event. */
export const stateNameOf = (event: HistoryEventLike): string | undefined => text(detailsOf(event)?.name);

/** Event timestamps as Dates (the SDK gives Dates; recorded JSON gives ISO strings). */
export function timeOf(event: HistoryEventLike): Date | undefined {
  const value = event.timestamp as unknown;
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  return undefined;
}

/** What an event type means for the visit it belongs to; computed once per type. */
export type EventKind =
  | { kind: 'entered'; stateType: string }
  | { kind: 'exited' | 'aborted' | 'redriven' | 'ignored' }
  | { kind: 'terminal'; status: TerminalStatus }
  | {
      kind: 'visit';
      change: 'scheduled' | 'failed' | 'succeeded' | 'containerFailed' | 'none';
      attempt: boolean;
      container?: string;
    };

const kinds = new Map<string, EventKind>();

export function eventKind(type: string): EventKind {
  let kind = kinds.get(type);
  if (kind) return kind;
  const entered = enteredStateType(type);
  const terminal = TERMINAL_EVENT_STATUS.get(type);
  if (entered) kind = { kind: 'entered', stateType: entered };
  else if (isStateExited(type)) kind = { kind: 'exited' };
  else if (isStateAborted(type)) kind = { kind: 'aborted' };
  else if (terminal) kind = { kind: 'terminal', status: terminal };
  else if (type === 'ExecutionRedriven') kind = { kind: 'redriven' };
  else if (type === 'ExecutionStarted' || type === '') kind = { kind: 'ignored' };
  else {
    kind = {
      kind: 'visit',
      change: SCHEDULED_EVENTS.has(type)
        ? 'scheduled'
        : FAILED_EVENTS.has(type)
          ? 'failed'
          : SUCCEEDED_EVENTS.has(type)
            ? 'succeeded'
            : isContainerFailed(type)
              ? 'containerFailed'
              : 'none',
      attempt: ATTEMPT_EVENTS.has(type),
      container: containerTypeOf(type),
    };
  }
  kinds.set(type, kind);
  return kind;
}
