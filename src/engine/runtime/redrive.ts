import { MAX_EXECUTION_DURATION_MS, MAX_HISTORY_EVENTS, REDRIVE_PERIOD_MS } from '../../aws/limits.js';
import { REDRIVE_REFUSAL } from '../../aws/statuses.js';
import type { StateMachineDefinition } from '../asl/types.js';
import type { Cursor, Frame } from '../states/cursor.js';
import type { ExecutionRecord } from '../store/executions.js';

/** Why AWS would refuse to redrive this execution (its redriveStatusReason), or undefined if it would not. */
export function redriveRefusal(
  record: ExecutionRecord,
  stateMachineExists: boolean,
  now: number,
): string | undefined {
  if (!stateMachineExists) return REDRIVE_REFUSAL.stateMachineDeleting;
  if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') {
    return REDRIVE_REFUSAL.notStopped(record.status);
  }
  if (record.lastEventId >= MAX_HISTORY_EVENTS - 1) return REDRIVE_REFUSAL.historyFull;
  if (now - record.startDate > MAX_EXECUTION_DURATION_MS) return REDRIVE_REFUSAL.tooOld;
  if (record.stopDate !== null && now - record.stopDate > REDRIVE_PERIOD_MS)
    return REDRIVE_REFUSAL.periodExceeded;
  return undefined;
}

/**
 * Where a redrive resumes: the state the execution (or frame) stopped in, entered afresh
 * with the same input. Inside a Parallel or Map that had started its branches/iterations,
 * only those that did not succeed run again, each from the state it stopped in; the
 * succeeded ones keep their output. The state's retry counts start over, as on AWS.
 * `prev` is the event the restarted frames' next events link to (ExecutionRedriven).
 */
export function restartPoint(cursor: Cursor | null, now: number, prev: number): Cursor | null {
  if (!cursor) return null;
  if ((cursor.at === 'parallel' || cursor.at === 'map') && cursor.frames) {
    const frames = cursor.frames.map((frame): Frame => {
      if (frame.status === 'SUCCEEDED') return frame;
      return { status: 'RUNNING', cursor: restartPoint(frame.cursor, now, prev), readyAt: now, prev };
    });
    return { ...cursor, retryCount: 0, retrierAttempts: [], frames };
  }
  return { at: 'state', state: cursor.state, input: cursor.input };
}

/** What a redrive changes: the execution record, and its history (an ExecutionRun). */
export interface RedrivenRun {
  readonly record: ExecutionRecord;
  readonly definition: StateMachineDefinition;
  readonly now: number;
  emit(type: string, details?: Record<string, unknown>): unknown;
}

/**
 * Continues a stopped execution from the state it stopped in: records ExecutionRedriven,
 * runs again with the execution timeout reset. States that succeeded are not run again.
 */
export function redriveExecution(run: RedrivenRun, speed: number, clientToken: string | null): void {
  const record = run.record;
  record.redriveCount += 1;
  record.redriveDate = run.now;
  record.redriveClientToken = clientToken;
  run.emit('ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: record.redriveCount } });
  record.status = 'RUNNING';
  record.stopDate = null;
  record.output = null;
  record.error = null;
  record.cause = null;
  record.cursor = restartPoint(record.cursor, run.now, record.lastEventId);
  record.readyAt = run.now;
  const timeoutSeconds = run.definition.TimeoutSeconds;
  record.deadline = timeoutSeconds ? run.now + (timeoutSeconds * 1000) / speed : null;
}
