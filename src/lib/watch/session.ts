import { setTimeout as sleep } from 'node:timers/promises';
import { lambdaLogGroupName } from '../../aws/arn.js';
import { worstExitCode } from '../exit-codes.js';
import { parseDefinition } from '../history/index.js';
import { Pacer } from '../pace.js';
import { Backoff, type BackoffOptions } from '../wait.js';
import { isThrottling, isTransient } from './errors.js';
import { ExecutionLogTail, logGroupNameOfArn, type LogLine, type LogSource } from './log-tail.js';
import { HistoryPoller, type HistoryPage, type HistoryPageRequest, type HistorySource } from './poller.js';
import { ExecutionTracker, type WatchEvent } from './tracker.js';
import { eitherSignal } from '../signals.js';

// Follows a set of executions until each is terminal: one poll loop per execution, every call
// paid for from one shared Pacer, quiet executions polled less often, throttling slowing
// everything down rather than ending the watch. `--all` adds newly started executions found by
// a slower ListExecutions loop. Output happens in the callbacks; this module prints nothing.

/** What DescribeStateMachineForExecution tells a watch. */
export interface MachineInfo {
  definition?: string;
  loggingConfiguration?: { destinations?: Array<{ cloudWatchLogsLogGroup?: { logGroupArn?: string } }> };
}

/** The service calls a watch makes (StepFunctions implements them). */
export interface WatchService extends HistorySource {
  describeStateMachineForExecution(executionArn: string): Promise<MachineInfo>;
  listExecutionsPage(input: {
    stateMachineArn: string;
    statusFilter?: 'RUNNING';
    nextToken?: string;
    maxResults?: number;
  }): Promise<{ executions: Array<{ executionArn?: string }>; nextToken?: string }>;
}

export interface WatchCallbacks {
  /** New history events of one execution, annotated, oldest first. */
  onEvents?(tracker: ExecutionTracker, events: WatchEvent[]): void;
  /** New handler / state machine log lines of one execution (with `logs`). */
  onLogs?(tracker: ExecutionTracker, lines: LogLine[]): void;
  /** An execution was added (initially or by `--all`). */
  onAdded?(tracker: ExecutionTracker): void;
  /** An execution reached a terminal status (after its last events and log lines). */
  onTerminal?(tracker: ExecutionTracker): void;
  /** A transient problem the watch rides out (throttling, a dropped connection). */
  onWarning?(message: string): void;
}

export interface WatchSessionOptions extends WatchCallbacks {
  service: WatchService;
  signal?: AbortSignal;
  budget?: Pacer;
  backoff?: BackoffOptions;
  /** Fetch input/output payloads with the events (for `--json`). */
  includeExecutionData?: boolean;
  /** Also read the executions' log lines (needs `logSource`). */
  logs?: boolean;
  logSource?: LogSource;
  /** Skip handler logs' START/END/REPORT lines. */
  logLifecycle?: boolean;
  /** Minimum ms between two log reads of one execution. */
  logIntervalMs?: number;
  /** `--all`: keep adding the RUNNING executions of this state machine. */
  all?: { stateMachineArn: string; intervalMs?: number };
  /** Fetch each execution's definition first, for the next-retry countdown. */
  definitions?: boolean;
  /** Read each execution once (history and logs) instead of following it. */
  once?: boolean;
}

export class WatchSession {
  readonly trackers = new Map<string, ExecutionTracker>();
  readonly budget: Pacer;
  private readonly loops: Promise<void>[] = [];
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;
  private readonly service: WatchService;

  constructor(private readonly options: WatchSessionOptions) {
    this.budget = options.budget ?? new Pacer({ ratePerSecond: 10 });
    this.signal = eitherSignal(this.stop.signal, options.signal);
    this.service = budgeted(options.service, this.budget, this.signal);
  }

  /** The worst exit code over the watched executions' statuses (0 when none). */
  get exitCode(): number {
    return worstExitCode([...this.trackers.values()].map((tracker) => tracker.exitCode));
  }

  /** Starts following an execution (no-op if it is already followed). */
  add(executionArn: string): ExecutionTracker {
    const known = this.trackers.get(executionArn);
    if (known) return known;
    const tracker = new ExecutionTracker(executionArn);
    this.trackers.set(executionArn, tracker);
    this.options.onAdded?.(tracker);
    this.loops.push(this.follow(tracker));
    return tracker;
  }

  /** Resolves when every execution is terminal (or read once); rejects on a fatal error. */
  async run(): Promise<void> {
    const all = this.options.all;
    try {
      if (all) await this.listRunning(all.stateMachineArn);
      const lister =
        all && !this.options.once ? this.listLoop(all.stateMachineArn, all.intervalMs ?? 10_000) : undefined;
      lister?.catch(() => undefined);
      for (;;) {
        const count = this.loops.length;
        await Promise.all(this.loops);
        if (this.loops.length !== count) continue;
        // Before finishing, one more look for executions started meanwhile.
        if (all && !this.options.once && (await this.listRunning(all.stateMachineArn)) > 0) continue;
        if (this.loops.length === count) break;
      }
    } finally {
      this.stop.abort();
    }
  }

  private async listLoop(stateMachineArn: string, intervalMs: number): Promise<void> {
    for (;;) {
      await sleep(intervalMs, undefined, { signal: this.signal });
      try {
        await this.listRunning(stateMachineArn);
      } catch (error) {
        if (this.signal.aborted || !isTransient(error)) throw error;
        if (isThrottling(error)) this.budget.slowDown();
        this.options.onWarning?.(`listing executions: ${(error as Error).message}`);
      }
    }
  }

  /** Adds the RUNNING executions not followed yet; returns how many were added. */
  private async listRunning(stateMachineArn: string): Promise<number> {
    let added = 0;
    let nextToken: string | undefined;
    do {
      const page = await this.service.listExecutionsPage({
        stateMachineArn,
        statusFilter: 'RUNNING',
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const { executionArn } of page.executions) {
        if (executionArn && !this.trackers.has(executionArn)) {
          this.add(executionArn);
          added++;
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return added;
  }

  private async follow(tracker: ExecutionTracker): Promise<void> {
    const { options } = this;
    const poller = new HistoryPoller(this.service, tracker.executionArn, {
      includeExecutionData: options.includeExecutionData,
    });
    const backoff = new Backoff(options.backoff);
    const machine = options.logs || options.definitions ? await this.describeMachine(tracker) : undefined;
    let logs: ExecutionLogTail | undefined;
    let logsReadAt = 0;

    for (;;) {
      let changed = false;
      try {
        for await (const batch of poller.pollBatches()) {
          const events = tracker.add(batch);
          changed = true;
          options.onEvents?.(tracker, events);
        }
        this.budget.succeeded();
      } catch (error) {
        if (this.signal.aborted || !isTransient(error)) throw error;
        if (isThrottling(error)) this.budget.slowDown();
        options.onWarning?.(`${tracker.name}: ${(error as Error).message}; polling more slowly`);
        await sleep(backoff.penalize(), undefined, { signal: this.signal });
        continue;
      }

      const done = tracker.terminal || options.once;
      if (options.logs && options.logSource && !logs) logs = this.logTail(tracker, machine);
      if (logs && (done || changed || Date.now() - logsReadAt >= (options.logIntervalMs ?? 2_000))) {
        for (const fn of tracker.lambdaFunctions) logs.addGroup(lambdaLogGroupName(fn), { lambda: true });
        logsReadAt = Date.now();
        try {
          const lines = await logs.poll();
          if (lines.length) options.onLogs?.(tracker, lines);
        } catch (error) {
          if (this.signal.aborted || !isTransient(error)) throw error;
          options.onWarning?.(`${tracker.name} logs: ${(error as Error).message}`);
        }
      }
      if (done) {
        if (tracker.terminal) options.onTerminal?.(tracker);
        return;
      }
      await sleep(backoff.next(changed), undefined, { signal: this.signal });
    }
  }

  /** The execution's log tail: its state machine's log group, if it logs, and (later) its handlers'. */
  private logTail(tracker: ExecutionTracker, machine: MachineInfo | undefined): ExecutionLogTail {
    const tail = new ExecutionLogTail(this.options.logSource!, tracker.executionArn, {
      lifecycle: this.options.logLifecycle ?? true,
      startTime: tracker.startedAt ? tracker.startedAt.getTime() - 1_000 : undefined,
    });
    for (const destination of machine?.loggingConfiguration?.destinations ?? []) {
      const group = logGroupNameOfArn(destination.cloudWatchLogsLogGroup?.logGroupArn ?? '');
      if (group) tail.addGroup(group, { lambda: false });
    }
    return tail;
  }

  /** The execution's definition (for retry countdowns) and logging configuration. */
  private describeMachine(tracker: ExecutionTracker): Promise<MachineInfo | undefined> {
    return this.service.describeStateMachineForExecution(tracker.executionArn).then(
      (machine) => {
        tracker.definition = parseDefinition(machine.definition);
        return machine;
      },
      (error: unknown) => {
        // The view works without it (no retry countdown); only a missing execution matters.
        if (this.signal.aborted || (error as Error)?.name === 'NotFoundError') throw error;
        return undefined;
      },
    );
  }
}

/** The service with every call paid for from the budget first. */
function budgeted(service: WatchService, budget: Pacer, signal: AbortSignal): WatchService {
  return {
    async getExecutionHistoryPage(request: HistoryPageRequest): Promise<HistoryPage> {
      await budget.take(signal);
      return service.getExecutionHistoryPage(request);
    },
    async *executionHistoryPages(request) {
      const pages = service.executionHistoryPages(request)[Symbol.asyncIterator]();
      for (;;) {
        await budget.take(signal);
        const next = await pages.next();
        if (next.done) return;
        yield next.value;
      }
    },
    async describeStateMachineForExecution(executionArn) {
      await budget.take(signal);
      return service.describeStateMachineForExecution(executionArn);
    },
    async listExecutionsPage(input) {
      await budget.take(signal);
      return service.listExecutionsPage(input);
    },
  };
}
