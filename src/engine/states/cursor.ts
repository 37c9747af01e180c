import type { Json, JsonObject } from '../asl/types.js';

/**
 * Where a running execution is, committed with every transition so a restarted engine
 * resumes from exactly here.
 *  - `state`: about to enter `state` with `input` (no events written for it yet).
 *  - `task`: inside a Task state; `inFlight` means an invocation was scheduled and its
 *    result has not been committed (after a crash it runs again: at-least-once).
 *  - `wait`: inside a Wait state until the execution's readyAt.
 *  - `parallel` / `map`: inside a Parallel or Map state; each branch or iteration is a
 *    frame with a cursor of its own (so the cursors form a tree, addressed by frame index
 *    paths from the root).
 */
export type Cursor = (
  | { at: 'state'; state: string; input: Json }
  | {
      at: 'task';
      state: string;
      input: Json; // the state's raw input, which ResultPath and Catch merge into
      enteredTime: number;
      retryCount: number; // $$.State.RetryCount for the next/current attempt
      retrierAttempts: number[]; // retries used so far, per Retry entry
      inFlight: boolean;
      invocation: number; // unique per attempt (its scheduled event's id) so a stale result is recognised
      callback?: CallbackWait; // a `.waitForTaskToken` attempt: what it waits for
    }
  | { at: 'wait'; state: string; input: Json; enteredTime: number }
  | ContainerCursor
) & {
  /** The state's Entered event, which a later failure's cause names ("entered at the event id #N"). */
  entered?: EnteredEvent;
};

export interface EnteredEvent {
  id: number;
  /** Where the Entered event links; an EvaluationFailed event of the state links there too. */
  previousEventId: number;
}

/**
 * A callback attempt (`.waitForTaskToken`): its token, and its deadlines (epoch ms, already
 * divided by --speed; null when the state sets none). It stays in flight until SendTaskSuccess,
 * SendTaskFailure or a deadline ends it; `submitted` says the invocation returned (TaskSubmitted
 * is written), so a restart must not invoke again.
 */
export interface CallbackWait {
  token: string;
  submitted: boolean;
  timeoutAt: number | null;
  heartbeatAt: number | null;
  /** HeartbeatSeconds as resolved for this attempt (from HeartbeatSecondsPath too). */
  heartbeatSeconds: number | null;
}

export type TaskCursor = Extract<Cursor, { at: 'task' }>;
export type WaitCursor = Extract<Cursor, { at: 'wait' }>;

/** Inside a Parallel or Map state. */
export interface ContainerCursor {
  at: 'parallel' | 'map';
  state: string;
  input: Json; // the state's raw input, which ResultPath and Catch merge into
  enteredTime: number;
  retryCount: number;
  retrierAttempts: number[];
  /** The branches / the iterations started so far; null between attempts (a retry interval). */
  frames: Frame[] | null;
  /** Map: the items, in order (iteration i processes items[i]). */
  items?: Json[];
  /** The id of this attempt's ParallelStateStarted / MapStateStarted event. */
  startedId: number;
  /** A Map retry: the event its MapStateStarted links to (the last event of the failed iteration). */
  retryLink?: number;
  /** A Distributed Map's current Map Run: its ARN and its MapRunStarted event. */
  mapRun?: { arn: string; startedId: number };
}

/** One branch of a Parallel or one iteration of a Map. */
export interface Frame {
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  /** Where the frame is (kept when it fails, so a redrive can resume it there). */
  cursor: Cursor | null;
  /** When the frame next needs a step; null while it waits on a task result or is done. */
  readyAt: number | null;
  /** The id of the frame's last event: its next event links to it. */
  prev: number;
  output?: Json;
  error?: string;
  cause?: string;
  /**
   * A Distributed Map's child execution: its events are not the parent's (on AWS each is an
   * execution of its own), so they are not written; `prev` then only numbers them, per frame.
   */
  hidden?: boolean;
  /** The variables this branch/iteration assigned: its own scope (the enclosing scopes stay readable). */
  variables?: JsonObject;
}

export type { ExecutionStatus } from '../../aws/statuses.js';
