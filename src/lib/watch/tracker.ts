import { isTerminalStatus } from '../../aws/statuses.js';
import { exitCodeForStatus } from '../exit-codes.js';
import {
  analyzeHistory,
  currentStates,
  waitingCallbacks,
  summarizeStates,
  type AnnotatedEvent,
  type AslDefinitionLike,
  type HistoryEventLike,
  type StateSummary,
  type StateVisit,
  type WaitingCallback,
} from '../history/index.js';
import { compactEvent } from './compact.js';
import { executionNameOf as nameInArn, lambdaFunctionNameOf, parseLambdaFunctionArn } from '../../aws/arn.js';
import { TERMINAL_EVENT_STATUS } from '../../aws/events.js';

// The view model of one watched execution: its (compacted) events, status, and the per-state
// summary the live table shows. Fed by the poller; read by the renderers.

/** One watched execution as the views show it at a moment. */
export interface ExecutionSnapshot {
  executionArn: string;
  name: string;
  status: string; // RUNNING, or the terminal status from the history
  startedAt?: Date;
  stoppedAt?: Date;
  error?: string;
  cause?: string;
  eventCount: number;
  states: StateSummary[];
  /** Visits still open (running or waiting to retry), newest last. */
  current: StateVisit[];
  /** States waiting for a callback, with their tokens. */
  callbacks: WaitingCallback[];
}

/** A new event as `watch --json` emits it. */
export type WatchEvent = AnnotatedEvent & { executionArn: string };

export const executionNameOf = (executionArn: string): string => nameInArn(executionArn) ?? executionArn;

export class ExecutionTracker {
  readonly name: string;
  private readonly events: HistoryEventLike[] = [];
  private readonly functions = new Set<string>();
  private currentStatus = 'RUNNING';
  private error?: string;
  private cause?: string;
  private started?: Date;
  private stoppedAt?: Date;
  private visits?: StateVisit[]; // undefined when events arrived since the last analysis
  private cached?: StateVisit[]; // the last analysis, shown for up to 250 ms while events stream in
  private visitsAt?: number;
  private windowStart = 0; // index of the oldest open visit's entry event

  constructor(
    readonly executionArn: string,
    public definition?: AslDefinitionLike,
  ) {
    this.name = executionNameOf(executionArn);
  }

  get status(): string {
    return this.currentStatus;
  }

  get terminal(): boolean {
    return isTerminalStatus(this.currentStatus);
  }

  get exitCode(): number {
    return exitCodeForStatus(this.currentStatus);
  }

  /** When the execution started (from its ExecutionStarted event). */
  get startedAt(): Date | undefined {
    return this.started;
  }

  get eventCount(): number {
    return this.events.length;
  }

  /** Lambda functions the history has invoked so far (their log groups hold the handler logs). */
  get lambdaFunctions(): ReadonlySet<string> {
    return this.functions;
  }

  /**
   * Takes the events a poll found (full, as the service returned them), keeps compact copies,
   * and returns them annotated with their state and attempt, payloads intact.
   */
  add(fresh: readonly HistoryEventLike[]): WatchEvent[] {
    if (fresh.length === 0) return [];
    for (const event of fresh) {
      this.note(event);
      this.events.push(compactEvent(event));
    }
    this.visits = undefined;
    const annotated = this.annotateTail();
    const offset = annotated.length - fresh.length;
    return fresh.map((event, i) => {
      const { state, attempt, taskToken } = annotated[offset + i] ?? {};
      return {
        executionArn: this.executionArn,
        ...event,
        ...(state !== undefined ? { state } : {}),
        ...(attempt !== undefined ? { attempt } : {}),
        ...(taskToken !== undefined ? { taskToken } : {}),
      };
    });
  }

  /**
   * Annotates the events from the entry of the oldest visit still open: a new event can only
   * belong to an open visit (or start one), so older events cannot change its state or attempt.
   * This keeps each poll's work proportional to what is in flight, not to the whole history.
   */
  private annotateTail(): AnnotatedEvent[] {
    const window = this.events.slice(this.windowStart);
    const { events, visits } = analyzeHistory(window, this.definition);
    const firstOpen = visits.findIndex((visit) => visit.status === 'RUNNING' || visit.status === 'RETRYING');
    let entered = -1;
    let next = window.length;
    if (firstOpen >= 0) {
      for (let i = 0; i < window.length; i++) {
        if ((window[i].type ?? '').endsWith('StateEntered') && ++entered === firstOpen) {
          next = i;
          break;
        }
      }
    }
    this.windowStart += next;
    return events;
  }

  private note(event: HistoryEventLike): void {
    const type = event.type ?? '';
    const at = event.timestamp instanceof Date ? event.timestamp : undefined;
    const terminal = TERMINAL_EVENT_STATUS.get(type);
    if (type === 'ExecutionStarted') this.started ??= at;
    if (terminal) {
      this.currentStatus = terminal;
      this.stoppedAt = at;
      const details = event[`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`] as
        { error?: string; cause?: string } | undefined;
      this.error = details?.error;
      this.cause = details?.cause;
    } else if (type === 'ExecutionRedriven') {
      this.currentStatus = 'RUNNING';
      this.stoppedAt = this.error = this.cause = undefined;
    }
    for (const fn of lambdaFunctionsOf(event)) this.functions.add(fn);
  }

  /** The per-state view now (durations of running visits run up to `now`). */
  snapshot(now = new Date()): ExecutionSnapshot {
    // Re-analysed at most every 250 ms while events stream in, and once a second while nothing
    // arrives (the running durations grow).
    const age = now.getTime() - (this.visitsAt ?? 0);
    const stale = this.visits ? age >= 1_000 && !this.terminal : !this.cached || age >= 250 || this.terminal;
    if (stale) {
      this.visits = analyzeHistory(this.events, this.definition, this.terminal ? {} : { now }).visits;
      this.visitsAt = now.getTime();
      this.cached = this.visits;
    }
    const visits = this.visits ?? this.cached ?? [];
    return {
      executionArn: this.executionArn,
      name: this.name,
      status: this.currentStatus,
      startedAt: this.started,
      stoppedAt: this.stoppedAt,
      error: this.error,
      cause: this.cause,
      eventCount: this.events.length,
      states: summarizeStates(visits),
      current: currentStates(visits),
      callbacks: waitingCallbacks(visits),
    };
  }
}

/** Function names a Lambda task event invokes (direct ARN, or lambda:invoke with FunctionName). */
export function lambdaFunctionsOf(event: HistoryEventLike): string[] {
  const type = event.type ?? '';
  if (type === 'LambdaFunctionScheduled') {
    const resource = (event.lambdaFunctionScheduledEventDetails as { resource?: string } | undefined)
      ?.resource;
    const name = resource ? parseLambdaFunctionArn(resource)?.functionName : undefined;
    return name ? [name] : [];
  }
  if (type === 'TaskScheduled') {
    const details = event.taskScheduledEventDetails as
      { resourceType?: string; resource?: string; parameters?: string } | undefined;
    if (details?.resourceType !== 'lambda') return [];
    try {
      const parameters = JSON.parse(details.parameters ?? '{}') as { FunctionName?: unknown };
      const name = typeof parameters.FunctionName === 'string' ? parameters.FunctionName : '';
      const functionName = lambdaFunctionNameOf(name);
      return functionName ? [functionName] : [];
    } catch {
      return [];
    }
  }
  return [];
}
