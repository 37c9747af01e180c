// The per-state view of an execution that watch, describe and history show. Pure data: built
// from history events by src/lib/history, rendered by src/lib/render.

/**
 * One history event as the SDK returns it (GetExecutionHistory). Declared here, not imported
 * from @aws-sdk, so this folder stays free of the SDK; the SDK's HistoryEvent is assignable to it.
 */
export interface HistoryEventLike {
  id?: number;
  previousEventId?: number;
  timestamp?: Date;
  type?: string;
  [details: string]: unknown;
}

/** One failed attempt of a task state. */
export interface AttemptFailure {
  attempt: number; // 1-based within its visit
  error: string;
  cause: string;
  at: Date;
}

export type VisitStatus =
  | 'RUNNING' // an attempt is in flight, or a non-task state is in progress (e.g. Wait)
  | 'RETRYING' // an attempt failed and a retry is due at nextRetryAt
  | 'SUCCEEDED' // left the state normally
  | 'CAUGHT' // left the state through a Catch
  | 'FAILED' // the execution failed in this state
  | 'TIMED_OUT' // the execution timed out in this state
  | 'ABORTED'; // the execution was stopped (or aborted) in this state

/** One entry into a state (a polling loop visits CheckTaskStatus many times: one visit each). */
export interface StateVisit {
  state: string;
  stateType: string; // Task, Wait, Choice, Pass, Succeed, Fail, …
  visit: number; // 1-based count of entries into this state so far
  status: VisitStatus;
  enteredAt: Date;
  exitedAt?: Date;
  durationMs?: number; // exitedAt − enteredAt, or up to the last event for a running visit
  attempts: number; // task invocations scheduled inside this visit (0 for non-task states)
  retries: number; // attempts − 1, never below 0
  failures: AttemptFailure[];
  nextRetryAt?: Date; // when status is RETRYING and the Retry policy is known
  redrive: number; // how many ExecutionRedriven events precede this visit
  /** A callback task (`.waitForTaskToken`) waiting for SendTaskSuccess/Failure: its token, if found. */
  callback?: { token?: string; since: Date };
}

/** All visits of one state, summed. */
export interface StateSummary {
  state: string;
  stateType: string;
  status: VisitStatus; // of the latest visit
  visits: number;
  attempts: number;
  retries: number;
  failures: AttemptFailure[];
  lastError?: { error: string; cause: string };
  durationMs: number; // summed over visits
  nextRetryAt?: Date;
}

/** A history event with the derived fields watch --json emits (`taskToken` on a callback's TaskScheduled). */
export type AnnotatedEvent = HistoryEventLike & { state?: string; attempt?: number; taskToken?: string };

/** A callback task waiting for SendTaskSuccess/Failure, as describe and watch list it. */
export interface WaitingCallback {
  state: string;
  visit: number;
  /** Undefined when the history does not show it (the state put it somewhere other than its parameters). */
  token?: string;
  since: Date;
}
