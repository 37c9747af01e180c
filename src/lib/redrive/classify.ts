import { executionNameOf } from '../../aws/arn.js';
import { MAX_HISTORY_EVENTS, REDRIVE_PERIOD_MS } from '../../aws/limits.js';
import { REDRIVE_REFUSAL, isRedrivableStatus } from '../../aws/statuses.js';

// Whether an execution can be redriven, and how much room it has left, from DescribeExecution
// and the length of its history. Pure: the service's verdict (redriveStatus) wins; AWS's rules
// are applied here only for endpoints that do not report one.

const DAY_MS = 86_400_000;

export interface DescribedExecution {
  executionArn?: string;
  name?: string;
  status?: string;
  stopDate?: Date;
  redriveCount?: number;
  redriveStatus?: string;
  redriveStatusReason?: string;
}

/** One row of `redrive --dry-run` (and the --json array). */
export interface RedriveCheck {
  executionArn: string;
  name: string;
  status: string;
  redrivable: boolean;
  /** Why it cannot be redriven (the service's redriveStatusReason when it gives one). */
  reason?: string;
  redriveCount: number;
  stopDate?: string;
  /** Days of the 14-day redrive period left (one decimal); absent unless it stopped. */
  daysLeft?: number;
  /** Events left before the 25,000-event history limit; absent unless it stopped. */
  eventsLeft?: number;
}

/** Only stopped executions can be redriven, so only theirs is worth a history request. */
export const canHaveRedrive = (status: string | undefined): boolean => isRedrivableStatus(status);

export function classifyExecution(
  execution: DescribedExecution,
  historyLength: number | undefined,
  now: Date,
): RedriveCheck {
  const executionArn = execution.executionArn ?? '';
  const status = execution.status ?? 'UNKNOWN';
  const stopped = canHaveRedrive(status);
  const msLeft =
    stopped && execution.stopDate
      ? execution.stopDate.getTime() + REDRIVE_PERIOD_MS - now.getTime()
      : undefined;
  let daysLeft = msLeft === undefined ? undefined : Math.floor(Math.max(0, msLeft) / (DAY_MS / 10)) / 10;
  const eventsLeft =
    stopped && historyLength !== undefined ? Math.max(0, MAX_HISTORY_EVENTS - historyLength) : undefined;

  let reason: string | undefined;
  switch (execution.redriveStatus) {
    case 'REDRIVABLE':
      break;
    case 'NOT_REDRIVABLE':
      reason = execution.redriveStatusReason ?? REDRIVE_REFUSAL.notStopped(status);
      break;
    case 'REDRIVABLE_BY_MAP_RUN':
      reason = execution.redriveStatusReason ?? 'Only its parent Map Run can redrive this execution.';
      break;
    default:
      reason = localRefusal(status, msLeft, eventsLeft);
  }
  // The service's clock decides the period; show it as used up when that is the reason.
  if (reason && /redrivable period exceeded/i.test(reason)) daysLeft = 0;

  return {
    executionArn,
    name: execution.name ?? executionNameOf(executionArn) ?? executionArn,
    status,
    redrivable: reason === undefined,
    ...(reason !== undefined ? { reason } : {}),
    redriveCount: execution.redriveCount ?? 0,
    ...(execution.stopDate ? { stopDate: execution.stopDate.toISOString() } : {}),
    ...(daysLeft !== undefined ? { daysLeft } : {}),
    ...(eventsLeft !== undefined ? { eventsLeft } : {}),
  };
}

/** AWS's rules (with its wording), for endpoints whose DescribeExecution has no redriveStatus. */
function localRefusal(status: string, msLeft?: number, eventsLeft?: number): string | undefined {
  if (!canHaveRedrive(status)) return REDRIVE_REFUSAL.notStopped(status);
  if (eventsLeft !== undefined && eventsLeft <= 1) return REDRIVE_REFUSAL.historyFull;
  if (msLeft !== undefined && msLeft <= 0) return REDRIVE_REFUSAL.periodExceeded;
  return undefined;
}
