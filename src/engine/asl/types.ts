// Amazon States Language (JSONPath flavour) definition types. One type per state,
// joined into a union so the compiler checks that every state type is handled.

import type { Retrier } from '../../aws/retry.js';

export type { Retrier };
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

interface StateBase {
  Comment?: string;
  InputPath?: string | null;
  OutputPath?: string | null;
}

interface Transition {
  Next?: string;
  End?: boolean;
}

export interface TaskState extends StateBase, Transition {
  Type: 'Task';
  Resource: string;
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
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
  Seconds?: number;
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
  ItemSelector?: Json;
  Parameters?: Json; // the legacy name of ItemSelector
  MaxConcurrency?: number;
  MaxConcurrencyPath?: string;
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
  QueryLanguage?: 'JSONPath';
}

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
  State: { EnteredTime: string; Name: string; RetryCount: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token: string };
  /** Inside a Map iteration (and its ItemSelector): the item being processed. */
  Map?: { Item: { Index: number; Value: Json } };
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
