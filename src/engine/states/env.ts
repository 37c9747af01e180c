// What a state module sees of the execution running it, and what it hands back. Pure types:
// the runtime implements StateEnv and the state modules use it, so neither imports the other.

import type { ContextObject, Json, JsonObject, QueryLanguage, SubMachine } from '../asl/types.js';
import type { Cursor, EnteredEvent, Frame } from './cursor.js';

/** What running (part of) a state decided. The interpreter writes the matching events. */
export type Outcome =
  | { kind: 'next'; next: string; output: Json; assigned?: JsonObject; exitLink?: number } // leave the state for `next`
  | { kind: 'end'; output: Json; assigned?: JsonObject; exitLink?: number } // leave the state and end its frame (or the execution) successfully
  | { kind: 'fail'; error: string; cause: string } // fail its frame (or the execution)
  | { kind: 'suspend'; cursor: Cursor; readyAt: number | null }; // stay; resume at readyAt or on a task result

/** A task invocation a state asks for; the runtime starts it once the step's transaction commits. */
export interface InvocationRequest {
  /** Unique per attempt (its scheduled event's id), so a stale result is recognised. */
  invocation: number;
  functionName: string;
  payload: Json;
  timeoutMs: number;
  /** The lambda:invoke parameters asked for `LogType: Tail`: the result carries the log's tail. */
  logTail?: boolean;
}

/** A Map iteration's identity: its Map state's name, its index and its item. */
export interface FrameItem {
  name: string;
  index: number;
  value: Json;
}

/**
 * The environment of one frame: the execution itself, or one Parallel branch / Map iteration
 * inside it. Events a state emits here link to the frame's last event; its context object
 * carries the frame's `$$.Map.Item`. A Parallel or Map opens a child frame for each branch or
 * iteration, so nothing is saved and restored on a shared object.
 */
export interface StateEnv {
  /** The step's time (ms since the epoch): every event and timer of the step uses it. */
  readonly now: number;
  /** `taskctl dev --speed`: waits, retry intervals and timeouts are divided by it. */
  readonly speed: number;
  /** The task timeout when a state sets none (Lambda's own maximum, 900 s). */
  readonly defaultTaskTimeoutMs: number;
  /** The execution's region (TaskScheduled records it). */
  readonly region: string;
  /** The Entered event of the state being run, when known. */
  readonly stateEntered?: EnteredEvent;
  /** The definition's top-level QueryLanguage (a state may override it). */
  readonly queryLanguage: QueryLanguage;
  /**
   * `$$` for a state of this frame, carrying the variables the frame can read (see VARIABLES);
   * `item` overrides `$$.Map.Item` (a Map's ItemSelector, per item). `retryCount` only for a Task
   * state: AWS gives `$$.State.RetryCount` to no other state.
   */
  context(
    stateName: string,
    enteredTime: number,
    retryCount: number | undefined,
    item?: { Index: number; Value: Json },
  ): ContextObject;
  /** The id of the execution's latest event (in any frame). */
  lastEventId(): number;
  /** Appends an event linked to this frame's last one (or to `previousEventId`); returns its id. */
  emit(type: string, details?: Record<string, unknown>, previousEventId?: number): number;
  /** Queues an invocation for this frame's Task. */
  invoke(request: InvocationRequest): void;
  /** A new task token for attempt `invocation` of this frame's Task, stored with the step. */
  issueTaskToken(invocation: number): string;
  /** The attempt holding `token` timed out: later callbacks with it are answered TaskTimedOut. */
  taskTokenTimedOut(token: string): void;
  /** True when this step has made as many transitions as it may (the rest waits for the next step). */
  outOfTransitions(): boolean;
  /** The environment of branch/iteration `index` of the state being run. */
  frame(frame: Frame, index: number, item?: FrameItem): StateEnv;
  /** Runs branch/iteration `index` of the state being run until it suspends or ends. */
  runFrame(frame: Frame, index: number, machine: SubMachine, item?: FrameItem): void;
}
