import type { Json } from '../asl/types.js';

/**
 * Where a running execution is, committed with every transition so a restarted engine
 * resumes from exactly here.
 *  - `state`: about to enter `state` with `input` (no events written for it yet).
 *  - `task`: inside a Task state; `inFlight` means an invocation was scheduled and its
 *    result has not been committed (after a crash it runs again: at-least-once).
 *  - `wait`: inside a Wait state until the execution's readyAt.
 */
export type Cursor =
  | { at: 'state'; state: string; input: Json }
  | {
      at: 'task';
      state: string;
      input: Json; // the state's raw input, which ResultPath and Catch merge into
      enteredTime: number;
      retryCount: number; // $$.State.RetryCount for the next/current attempt
      retrierAttempts: number[]; // retries used so far, per Retry entry
      inFlight: boolean;
      invocation: number; // increases per attempt so a stale result is recognised
    }
  | { at: 'wait'; state: string; input: Json; enteredTime: number };

export type ExecutionStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
