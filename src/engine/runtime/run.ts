import { stateMachineNameOf } from '../../aws/arn.js';
import { MAX_HISTORY_EVENTS } from '../../aws/limits.js';
import type { ContextObject, Json, StateMachineDefinition } from '../asl/types.js';
import type { InvocationRequest } from '../states/env.js';
import type { ExecutionRecord, StoredEvent } from '../store/executions.js';

/** A task invocation to start once the transaction that scheduled it has committed. */
export interface Invocation extends InvocationRequest {
  executionArn: string;
  /** Frame indexes from the root cursor down to the Task's frame ([] outside Parallel/Map). */
  path: number[];
}

/**
 * An execution being advanced inside one transaction: the record it will save, the
 * events it appends and the invocations it starts after commit.
 */
export class ExecutionRun {
  readonly events: StoredEvent[] = [];
  readonly invocations: Invocation[] = [];
  /** Task tokens issued in this step, and those whose attempt timed out; stored with the step. */
  readonly tokensIssued: { token: string; path: number[]; invocation: number }[] = [];
  readonly tokensTimedOut: string[] = [];
  /** States entered in this step (see MAX_TRANSITIONS_PER_STEP). */
  transitions = 0;
  /**
   * The step tried to write a state event at or past AWS's history limit: nothing more is
   * recorded, and the scheduler fails the execution with the limit's error (historyLimitReached).
   */
  historyFull = false;
  private startTime: string | undefined;
  private machineName: string | undefined;

  constructor(
    readonly record: ExecutionRecord,
    readonly definition: StateMachineDefinition,
    readonly now: number,
  ) {}

  /**
   * Appends an event linked to the execution's last one, or to `previousEventId` (a frame's
   * last event, or where AWS links it elsewhere).
   */
  emit(
    type: string,
    details?: Record<string, unknown>,
    previousEventId = this.record.lastEventId,
  ): StoredEvent {
    const event: StoredEvent = {
      id: this.record.lastEventId + 1,
      previousEventId,
      timestamp: this.now,
      type,
      ...(details ? { details } : {}),
    };
    // Only an Execution* event may be the 25,000th; a state event there fails the execution.
    if (this.historyFull || (event.id >= MAX_HISTORY_EVENTS && !type.startsWith('Execution'))) {
      this.historyFull = true;
      return event; // not recorded
    }
    this.record.lastEventId = event.id;
    this.events.push(event);
    return event;
  }

  /** `$$` for a state; `mapItem` inside a Map iteration. */
  contextObject(
    stateName: string,
    enteredTime: number,
    retryCount: number | undefined,
    mapItem?: { Index: number; Value: Json },
  ): ContextObject {
    // Formatted once per run: every state's `$$` repeats them.
    this.startTime ??= new Date(this.record.startDate).toISOString();
    this.machineName ??= stateMachineNameOf(this.record.stateMachineArn) ?? '';
    const machineName = this.machineName;
    return {
      Execution: {
        Id: this.record.arn,
        Input: JSON.parse(this.record.input) as Json,
        Name: this.record.name,
        RoleArn: this.record.roleArn,
        StartTime: this.startTime,
        RedriveCount: this.record.redriveCount,
        ...(this.record.redriveDate ? { RedriveTime: new Date(this.record.redriveDate).toISOString() } : {}),
      },
      State: {
        EnteredTime: new Date(enteredTime).toISOString(),
        Name: stateName,
        ...(retryCount === undefined ? {} : { RetryCount: retryCount }),
      },
      StateMachine: { Id: this.record.stateMachineArn, Name: machineName },
      ...(mapItem ? { Map: { Item: mapItem } } : {}),
    };
  }
}
