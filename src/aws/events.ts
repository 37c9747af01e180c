import type { TerminalStatus } from './statuses.js';

// History event types and what they mean (Step Functions API reference: HistoryEvent; Developer
// Guide: "Log levels" for which events each CloudWatch Logs level sends).

/** Execution-level terminal events and the status each ends the execution in. */
export const TERMINAL_EVENT_STATUS: ReadonlyMap<string, TerminalStatus> = new Map([
  ['ExecutionSucceeded', 'SUCCEEDED'],
  ['ExecutionFailed', 'FAILED'],
  ['ExecutionTimedOut', 'TIMED_OUT'],
  ['ExecutionAborted', 'ABORTED'],
] as const);

export const isTerminalEvent = (type: string | undefined): boolean => TERMINAL_EVENT_STATUS.has(type ?? '');

/** The terminal events of an execution that did not succeed: what the FATAL log level sends. */
export const FATAL_EVENTS: ReadonlySet<string> = new Set([
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/** A task invocation was scheduled: one attempt. */
export const SCHEDULED_EVENTS: ReadonlySet<string> = new Set([
  'LambdaFunctionScheduled',
  'TaskScheduled',
  'ActivityScheduled',
]);

/** An attempt ended in an error that the state's Retry/Catch sees. */
export const FAILED_EVENTS: ReadonlySet<string> = new Set([
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'ActivityFailed',
  'ActivityTimedOut',
  'ActivityScheduleFailed',
]);

/** An attempt ended with a result. */
export const SUCCEEDED_EVENTS: ReadonlySet<string> = new Set([
  'LambdaFunctionSucceeded',
  'TaskSucceeded',
  'ActivitySucceeded',
]);

/** Events of one attempt. */
export const ATTEMPT_EVENTS: ReadonlySet<string> = new Set([
  ...SCHEDULED_EVENTS,
  ...FAILED_EVENTS,
  ...SUCCEEDED_EVENTS,
  'LambdaFunctionStarted',
  'TaskStarted',
  'TaskSubmitted',
  'ActivityStarted',
]);

/** An event as the API returns it: its type, and one `…EventDetails` member named after the type. */
export interface EventWithDetails {
  type?: string;
  [member: string]: unknown;
}

/**
 * The `…EventDetails` member of an event (`taskFailedEventDetails` for TaskFailed); every
 * `…StateEntered` and `…StateExited` event uses `stateEnteredEventDetails`/`stateExitedEventDetails`.
 */
export function detailsOf(event: EventWithDetails): Record<string, unknown> | undefined {
  const type = event.type ?? '';
  const key = type.endsWith('StateEntered')
    ? 'stateEnteredEventDetails'
    : type.endsWith('StateExited')
      ? 'stateExitedEventDetails'
      : `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
  const details = event[key];
  return details && typeof details === 'object' ? (details as Record<string, unknown>) : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Error and cause of a failure event; timeouts without an error name are States.Timeout. */
export function errorOf(event: EventWithDetails): { error: string; cause: string } {
  const details = detailsOf(event);
  const timedOut = (event.type ?? '').endsWith('TimedOut');
  return {
    error: text(details?.error) ?? (timedOut ? 'States.Timeout' : 'States.TaskFailed'),
    cause: text(details?.cause) ?? '',
  };
}
