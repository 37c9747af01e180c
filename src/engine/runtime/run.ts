import { stateMachineNameOf } from '../../aws/arn.js';
import { MAX_HISTORY_EVENTS } from '../../aws/limits.js';
import type { ContextObject, Json, StateMachineDefinition } from '../asl/types.js';
import type { ExecutionRecord, StoredEvent } from '../store/executions.js';

/** A task invocation to start once the transaction that scheduled it has committed. */
export interface Invocation {
  executionArn: string;
  invocation: number;
  /** Frame indexes from the root cursor down to the Task's frame ([] outside Parallel/Map). */
  path: number[];
  functionName: string;
  payload: Json;
  timeoutMs: number;
}

/**
 * An execution being advanced inside one transaction: the record it will save, the
 * events it appends and the invocations it starts after commit.
 */
export class ExecutionRun {
  readonly events: StoredEvent[] = [];
  readonly invocations: Invocation[] = [];
  transitions = 0;
  /**
   * Inside a branch or iteration: the id of its last event, which the next event links to
   * (and which emit advances). Undefined at the top level, where events link to the last one.
   */
  prev: number | undefined = undefined;
  /** Inside a Map iteration: `$$.Map.Item`. */
  mapItem: { Index: number; Value: Json } | undefined = undefined;
  /**
   * The step tried to write a state event at or past AWS's history limit: nothing more is
   * recorded, and the scheduler fails the execution with the limit's error (historyLimitReached).
   */
  historyFull = false;

  constructor(
    readonly record: ExecutionRecord,
    readonly definition: StateMachineDefinition,
    readonly now: number,
  ) {}

  /** Appends an event linked to the one before it (or to `previousEventId` when AWS links it elsewhere). */
  emit(
    type: string,
    details?: Record<string, unknown>,
    previousEventId = this.prev ?? this.record.lastEventId,
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
    if (this.prev !== undefined) this.prev = event.id;
    this.events.push(event);
    return event;
  }

  contextObject(stateName: string, enteredTime: number, retryCount: number): ContextObject {
    const machineName = stateMachineNameOf(this.record.stateMachineArn) ?? '';
    return {
      Execution: {
        Id: this.record.arn,
        Input: JSON.parse(this.record.input) as Json,
        Name: this.record.name,
        RoleArn: this.record.roleArn,
        StartTime: new Date(this.record.startDate).toISOString(),
        RedriveCount: this.record.redriveCount,
        ...(this.record.redriveDate ? { RedriveTime: new Date(this.record.redriveDate).toISOString() } : {}),
      },
      State: { EnteredTime: new Date(enteredTime).toISOString(), Name: stateName, RetryCount: retryCount },
      StateMachine: { Id: this.record.stateMachineArn, Name: machineName },
      ...(this.mapItem ? { Map: { Item: this.mapItem } } : {}),
    };
  }
}
