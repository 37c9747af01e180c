import { randomUUID } from 'node:crypto';
import { isAbortError, serviceErrorOf } from '../errors.js';
import { stateMachineNameOf } from '../arn.js';
import { findSameTask } from '../same-task.js';
import type { Pacer } from '../pace.js';
import { pacedCall } from '../paced-call.js';
import { mapInOrder } from '../pool.js';
import { parseBatchLine, type BatchItem, type LineError, type Naming, type SourceLine } from './lines.js';

/** Lines read ahead of the oldest unanswered one (see mapInOrder's window). */
const REORDER_WINDOW = 1_024;

// `taskctl submit --batch` without the printing: every line checked, started at a bounded rate
// and concurrency, and reported once, in input order.

/** One NDJSON result line: the line's execution, or why it has none. */
export type BatchResult =
  { line: number; executionArn: string; existing?: true } | { line: number; error: LineError };

type Context = { stateMachine?: string; execution?: string };

/** What this needs from the service (the SDK wrapper, StepFunctions, has exactly these). */
export interface BatchService {
  startExecution(
    input: { stateMachineArn: string; name?: string; input: string },
    stateMachine: string,
    options?: { interruptible?: boolean },
  ): Promise<{ executionArn?: string; startDate?: Date }>;
  describeExecution(executionArn: string, context?: Context): Promise<{ input?: string }>;
}

export interface BatchOptions {
  stateMachineArn: string;
  naming: Naming;
  concurrency: number;
  /** Pays for every StartExecution (see pacingFor: the target's quota, or --rate). */
  pacer: Pacer;
  /**
   * Pays for the DescribeExecution that tells a finished execution of a re-run from a clash of
   * names: not a start, and its own quota on AWS (a twentieth of StartExecution's).
   */
  lookupPacer: Pacer;
  /** How long one line's start keeps being retried through throttling or a lost connection. */
  retryForMs: number;
  /** Ctrl-C: no further line is started; the starts in flight finish and are reported. */
  signal?: AbortSignal;
  /** Called once per non-blank line, in input order; awaited, so a slow stdout holds the batch back. */
  emit: (result: BatchResult, tally: Readonly<BatchTally>) => void | Promise<void>;
  /** Called as each non-blank line is read, with its number. */
  onRead?: (line: number) => void;
  /**
   * How far the service's clock may be behind ours (default 1 s); 0 for a service on this
   * machine (see sharesOurClock), whose re-runs then tell every line apart however soon they come.
   */
  clockSkewMs?: number;
}

export interface BatchTally {
  /** Lines whose execution was started, or had been already (`existing`). */
  submitted: number;
  /** Of those, the ones that existed before this run (started by an earlier one): nothing was started. */
  existing: number;
  failed: number;
}

export async function runBatch(
  service: BatchService,
  lines: AsyncIterable<SourceLine>,
  options: BatchOptions,
): Promise<BatchTally> {
  const stateMachine = stateMachineNameOf(options.stateMachineArn);
  const tally: BatchTally = { submitted: 0, existing: 0, failed: 0 };
  const items = (async function* () {
    for await (const source of lines) {
      options.onRead?.(source.line);
      yield parseBatchLine(source, options.naming);
    }
  })();
  const clockSkewMs = options.clockSkewMs ?? CLOCK_SKEW_TOLERANCE_MS;
  const retry = { retryForMs: options.retryForMs, signal: options.signal, idempotent: true };
  const calls: Calls = {
    start: (call) => pacedCall(call, { ...retry, pacer: options.pacer }),
    lookup: (call) => pacedCall(call, { ...retry, pacer: options.lookupPacer }),
  };
  const submit = async (item: BatchItem): Promise<BatchResult> => {
    if ('error' in item) return item;
    // An AbortError (Ctrl-C while waiting for the first attempt's token) means: not started.
    return startOne(service, item, options.stateMachineArn, stateMachine, { calls, clockSkewMs });
  };
  // Results go out in input order, so a line whose start waits out a retry holds back the lines
  // after it; a reorder buffer of a thousand lines (small records) keeps the workers busy
  // meanwhile, where twice the concurrency let throttled retries set the pace.
  const window = Math.max(2 * options.concurrency, REORDER_WINDOW);
  for await (const outcome of mapInOrder(items, submit, { ...options, window })) {
    if (!outcome.started) continue;
    const result = outcome.value;
    if ('error' in result) tally.failed++;
    else tally.submitted++;
    if ('existing' in result) tally.existing++;
    await options.emit(result, tally);
  }
  return tally;
}

type Calls = Record<'start' | 'lookup', <T>(call: () => Promise<T>) => Promise<T>>;

const CLOCK_SKEW_TOLERANCE_MS = 1_000;
/** A start date is rounded to the millisecond on its way (epoch seconds with a fraction). */
const DATE_ROUNDING_MS = 2;

async function startOne(
  service: BatchService,
  item: { line: number; input: string; name?: string },
  stateMachineArn: string,
  stateMachine: string,
  run: { calls: Calls; clockSkewMs: number },
): Promise<BatchResult> {
  const { line, input } = item;
  // Every start carries a name, a UUID as AWS would give it when the line has none, so a repeat
  // (the SDK's retry, or ours after a dropped connection) returns the execution the first
  // attempt started instead of starting a second one.
  const name = item.name ?? randomUUID();
  try {
    let sentAt: number | undefined;
    // Not interruptible: a start that was sent is seen through, so its result line is known.
    const started = await run.calls.start(() => {
      sentAt ??= Date.now(); // the first attempt; a retry may return what that one started
      return service.startExecution({ stateMachineArn, name, input }, stateMachine, { interruptible: false });
    });
    // StartExecution with the name and input of a RUNNING execution succeeds and returns that
    // execution as it was started (its startDate): dated before this line's first attempt went
    // out (allowing for the service's clock), it was started by an earlier run, not this one.
    const startedBefore = sentAt! - run.clockSkewMs - DATE_ROUNDING_MS;
    const existing = (started.startDate?.getTime() ?? Infinity) < startedBefore;
    return { line, executionArn: started.executionArn!, ...(existing ? { existing: true as const } : {}) };
  } catch (error) {
    if (isAbortError(error)) throw error; // Ctrl-C before it was sent: not started
    if (errorName(error) !== 'ExecutionAlreadyExists') return { line, error: lineError(error) };
    return existingExecution(service, { line, input, name }, stateMachineArn, error, run.calls);
  }
}

/**
 * The name is taken. With the same input it is this line's task, submitted by an earlier run
 * that has finished by now: reported as `existing`. Otherwise the name clashes: an error.
 */
async function existingExecution(
  service: BatchService,
  item: { line: number; input: string; name: string },
  stateMachineArn: string,
  startError: unknown,
  calls: Calls,
): Promise<BatchResult> {
  const { line, name } = item;
  let executionArn: string | undefined;
  try {
    executionArn = await calls.lookup(() => findSameTask(service, stateMachineArn, name, item.input));
  } catch {
    return { line, error: lineError(startError) };
  }
  if (executionArn) return { line, executionArn, existing: true };
  return {
    line,
    error: {
      name: 'ExecutionAlreadyExists',
      message: `an execution named "${name}" already exists in ${stateMachineNameOf(stateMachineArn)} with different input`,
    },
  };
}

type ErrorShape = { name?: string; message?: string };

/** The service's own error name (InvalidName, ThrottlingException…) where there is one, else taskctl's. */
const errorName = (error: unknown): string =>
  serviceErrorOf(error) ?? (error as ErrorShape | undefined)?.name ?? 'Error';

export function lineError(error: unknown): LineError {
  return { name: errorName(error), message: (error as ErrorShape | undefined)?.message ?? String(error) };
}
