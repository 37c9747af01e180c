// Execution statuses and redrive statuses (Step Functions API reference: DescribeExecution,
// ListExecutions statusFilter/redriveFilter, RedriveExecution).

export const EXECUTION_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Statuses after which an execution no longer changes on its own. */
export const TERMINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** The statuses RedriveExecution accepts: an execution that stopped without succeeding. */
export const REDRIVABLE_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type RedrivableStatus = (typeof REDRIVABLE_STATUSES)[number];

/** DescribeExecution's redriveStatus. */
export const REDRIVE_STATUSES = ['REDRIVABLE', 'NOT_REDRIVABLE', 'REDRIVABLE_BY_MAP_RUN'] as const;
export type RedriveStatus = (typeof REDRIVE_STATUSES)[number];

/** ListExecutions' redriveFilter. */
export const REDRIVE_FILTERS = ['REDRIVEN', 'NOT_REDRIVEN'] as const;

const includes = (list: readonly string[], value: string | undefined): boolean => list.includes(value ?? '');

export const isExecutionStatus = (status: unknown): status is ExecutionStatus =>
  typeof status === 'string' && includes(EXECUTION_STATUSES, status);

export const isTerminalStatus = (status: string | undefined): status is TerminalStatus =>
  includes(TERMINAL_STATUSES, status);

export const isRedrivableStatus = (status: string | undefined): status is RedrivableStatus =>
  includes(REDRIVABLE_STATUSES, status);

/** The redriveStatusReason texts AWS gives for an execution RedriveExecution refuses. */
export const REDRIVE_REFUSAL = {
  stateMachineDeleting: 'State machine is in DELETING status.',
  notStopped: (status: string) => `Execution is ${status} and cannot be redriven.`,
  historyFull: 'Execution history event limit exceeded.',
  tooOld: 'Execution has exceeded the max execution time.',
  periodExceeded: 'Execution redrivable period exceeded.',
} as const;
