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
