// Amazon States Language definition types, in both query languages (JSONPath and JSONata). One
// type per state, joined into a union so the compiler checks that every state type is handled.

import type { Retrier } from '../../aws/retry.js';

export type { Retrier };
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type QueryLanguage = 'JSONPath' | 'JSONata';

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null; // JSONPath
  Output?: Json; // JSONata
  Assign?: JsonObject;
}

interface StateBase {
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  InputPath?: string | null; // JSONPath
  OutputPath?: string | null; // JSONPath
  Output?: Json; // JSONata
  /** Workflow variables to set (Pass, Task, Map, Parallel, Choice, Wait). */
  Assign?: JsonObject;
}

interface Transition {
  Next?: string;
  End?: boolean;
}

export interface TaskState extends StateBase, Transition {
  Type: 'Task';
  Resource: string;
  Parameters?: Json;
  Arguments?: Json; // JSONata
  ResultSelector?: Json;
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
  TimeoutSeconds?: number | string; // a string only as a JSONata expression
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
}

export interface PassState extends StateBase, Transition {
  Type: 'Pass';
  Parameters?: Json;
  Result?: Json;
  ResultPath?: string | null;
}

export interface WaitState extends StateBase, Transition {
  Type: 'Wait';
  Seconds?: number | string; // a string only as a JSONata expression
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

export interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Next?: string; // only on top-level rules
  Condition?: Json; // JSONata
  Output?: Json; // JSONata, when this rule matches
  Assign?: JsonObject; // when this rule matches
  [comparison: string]: Json | ChoiceRule | ChoiceRule[] | undefined;
}

export interface ChoiceState extends StateBase {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

export interface SucceedState extends StateBase {
  Type: 'Succeed';
}

export interface FailState {
  Type: 'Fail';
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
}

/** The states of a Parallel branch or a Map iteration: a state machine of its own. */
export interface SubMachine {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  ProcessorConfig?: { Mode?: 'INLINE' | 'DISTRIBUTED'; ExecutionType?: string };
}

export interface ParallelState extends StateBase, Transition {
  Type: 'Parallel';
  Branches: SubMachine[];
  Parameters?: Json;
  Arguments?: Json; // JSONata
  ResultSelector?: Json;
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface MapState extends StateBase, Transition {
  Type: 'Map';
  ItemProcessor?: SubMachine;
  Iterator?: SubMachine; // the legacy name of ItemProcessor
  ItemsPath?: string;
  Items?: Json; // JSONata: an array, or an expression giving one
  ItemSelector?: Json;
  Parameters?: Json; // the legacy name of ItemSelector
  MaxConcurrency?: number | string; // a string only as a JSONata expression
  MaxConcurrencyPath?: string;
  // Distributed mode (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED); a string only as JSONata.
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  Label?: string;
  ResultSelector?: Json;
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export type State =
  TaskState | PassState | WaitState | ChoiceState | SucceedState | FailState | ParallelState | MapState;

export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  Version?: string;
  QueryLanguage?: QueryLanguage;
}

/**
 * The workflow variables a state can read, carried on its context object so that every path,
 * template, intrinsic and Choice rule (which all receive `$$` already) can resolve `$name`.
 * A symbol key keeps them out of `$$` itself: `"ctx.$": "$$"` never shows them.
 */
export const VARIABLES: unique symbol = Symbol('variables');

/** The context object (`$$`) as AWS exposes it to a JSONPath state machine. */
export interface ContextObject {
  Execution: {
    Id: string;
    Input: Json;
    Name: string;
    RoleArn: string;
    StartTime: string;
    RedriveCount: number;
    RedriveTime?: string;
  };
  /** RetryCount: in Task states only, as AWS gives it. */
  State: { EnteredTime: string; Name: string; RetryCount?: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token: string };
  /** Inside a Map iteration (and its ItemSelector): the item being processed. */
  Map?: { Item: { Index: number; Value: Json } };
  [VARIABLES]?: JsonObject;
}

/** An error raised while running a state; `error` is the ASL error name matched by ErrorEquals. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
  }
}
