import { StatesErrors } from '../../aws/errors.js';
import { MAX_ASSIGN_BYTES, MAX_TOTAL_VARIABLES_BYTES, MAX_VARIABLE_BYTES } from '../../aws/limits.js';
import { parseStatesArn } from '../../aws/arn.js';
import { stateErrorPrefix } from '../asl/paths.js';
import {
  StatesError,
  VARIABLES,
  type ContextObject,
  type Json,
  type JsonObject,
  type QueryLanguage,
  type SubMachine,
} from '../asl/types.js';
import type { EnteredEvent, Frame } from '../states/cursor.js';
import type { FrameItem, InvocationRequest, StateEnv } from '../states/env.js';
import { newTaskToken } from '../store/task-tokens.js';
import type { ExecutionRun } from './run.js';

/** Synchronous states chained in one step before yielding, so a Pass/Choice loop cannot starve others. */
export const MAX_TRANSITIONS_PER_STEP = 250;

export interface EnvOptions {
  speed: number;
  defaultTaskTimeoutMs: number;
}

/** Runs a branch or iteration (in its own environment) until it suspends or ends: the interpreter's part. */
export type FrameRunner = (
  env: FrameEnv,
  frame: Frame,
  machine: SubMachine,
  item: FrameItem | undefined,
) => void;

/**
 * The StateEnv of one frame of an ExecutionRun: the execution itself (the root), or a
 * Parallel branch / Map iteration. A child is opened per frame and dropped after it, so the
 * links and `$$.Map.Item` of one frame never leak into another.
 */
export class FrameEnv implements StateEnv {
  readonly now: number;
  /** Set by the interpreter on entering or resuming a state of this frame. */
  stateEntered: EnteredEvent | undefined;

  constructor(
    readonly run: ExecutionRun,
    private readonly options: EnvOptions,
    private readonly runner: FrameRunner,
    /** Frame indexes from the root cursor down to this frame ([] for the root). */
    readonly path: number[] = [],
    /** This frame in its parent's cursor (undefined for the root): its `prev` is this frame's last event. */
    private readonly current?: Frame,
    private readonly mapItem?: { Index: number; Value: Json },
    /** The enclosing frame's environment: its variables are readable here, not writable. */
    private readonly parent?: FrameEnv,
  ) {
    this.now = run.now;
  }

  get queryLanguage(): QueryLanguage {
    return this.run.definition.QueryLanguage ?? 'JSONPath';
  }

  /** The variables this frame assigned itself (the execution's, for the root). */
  private ownVariables(): JsonObject {
    return (this.current ? this.current.variables : this.run.record.variables) ?? {};
  }

  /** Every variable readable here: the enclosing scopes', then this frame's own. */
  variables(): JsonObject {
    const own = this.ownVariables();
    return this.parent ? { ...this.parent.variables(), ...own } : own;
  }

  /**
   * Sets the variables a state's Assign produced, once the state is done (so every expression of
   * the state saw the values from before it). A branch or iteration may read but not assign a
   * variable of an enclosing scope, and the sizes are AWS's: 256 KiB per variable, 256 KiB per
   * Assign, 10 MiB in all (Developer Guide, "Passing data between states with variables").
   */
  assign(stateName: string, values: JsonObject): void {
    const outer = this.parent?.variables() ?? {};
    let assignBytes = 0;
    for (const [name, value] of Object.entries(values)) {
      if (Object.prototype.hasOwnProperty.call(outer, name)) {
        throw new StatesError(
          StatesErrors.Runtime,
          `${stateErrorPrefix(stateName)} Cannot assign variable '$${name}': it belongs to an outer scope, which a Parallel branch or Map iteration can read but not write`,
        );
      }
      const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
      assignBytes += bytes;
      if (bytes > MAX_VARIABLE_BYTES || assignBytes > MAX_ASSIGN_BYTES) throw variablesTooLarge(stateName);
    }
    const next = { ...this.ownVariables(), ...values };
    const total = Buffer.byteLength(JSON.stringify({ ...outer, ...next }), 'utf8');
    if (total > MAX_TOTAL_VARIABLES_BYTES) throw variablesTooLarge(stateName);
    if (this.current) this.current.variables = next;
    else this.run.record.variables = next;
  }

  get region(): string {
    return parseStatesArn(this.run.record.stateMachineArn)?.region ?? '';
  }

  get speed(): number {
    return this.options.speed;
  }

  get defaultTaskTimeoutMs(): number {
    return this.options.defaultTaskTimeoutMs;
  }

  context(
    stateName: string,
    enteredTime: number,
    retryCount: number | undefined,
    item?: { Index: number; Value: Json },
  ): ContextObject {
    const context = this.run.contextObject(stateName, enteredTime, retryCount, item ?? this.mapItem);
    context[VARIABLES] = this.variables();
    return context;
  }

  lastEventId(): number {
    if (this.current && this.hidden) return this.current.prev;
    return this.run.record.lastEventId;
  }

  /** Inside a Distributed Map's child execution, whose events the parent's history does not hold. */
  get hidden(): boolean {
    return this.current?.hidden === true || this.parent?.hidden === true;
  }

  emit(type: string, details?: Record<string, unknown>, previousEventId?: number): number {
    // A hidden event still gets an id unique in its frame: a Task's attempt is named by it.
    if (this.current && this.hidden) return ++this.current.prev;
    const event = this.run.emit(
      type,
      details,
      previousEventId ?? this.current?.prev ?? this.run.record.lastEventId,
    );
    if (this.current && !this.run.historyFull) this.current.prev = event.id;
    return event.id;
  }

  /**
   * What a state's Entered event links to: in a frame, the frame's last event; at the top level,
   * event 0 for the first state of a first run (as AWS does), else the event before it.
   */
  enteredLink(): number {
    if (this.current) return this.current.prev;
    const { lastEventId, redriveCount } = this.run.record;
    return lastEventId === 1 && redriveCount === 0 ? 0 : lastEventId;
  }

  invoke(request: InvocationRequest): void {
    this.run.invocations.push({ executionArn: this.run.record.arn, path: this.path, ...request });
  }

  issueTaskToken(invocation: number): string {
    const token = newTaskToken();
    this.run.tokensIssued.push({ token, path: this.path, invocation });
    return token;
  }

  taskTokenTimedOut(token: string): void {
    this.run.tokensTimedOut.push(token);
  }

  outOfTransitions(): boolean {
    return this.run.transitions >= MAX_TRANSITIONS_PER_STEP;
  }

  frame(frame: Frame, index: number, item?: FrameItem): FrameEnv {
    const mapItem = item ? { Index: item.index, Value: item.value } : this.mapItem;
    return new FrameEnv(this.run, this.options, this.runner, [...this.path, index], frame, mapItem, this);
  }

  runFrame(frame: Frame, index: number, machine: SubMachine, item?: FrameItem): void {
    this.runner(this.frame(frame, index, item), frame, machine, item);
  }
}

function variablesTooLarge(stateName: string): StatesError {
  return new StatesError(
    StatesErrors.DataLimitExceeded,
    `The state/task '${stateName}' assigned variables with a size exceeding the maximum number of bytes service limit.`,
  );
}
