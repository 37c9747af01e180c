import { serviceErrorOf } from '../errors.js';
import { stateMachineNameOf } from '../arn.js';
import { findSameTask } from '../same-task.js';
import { Pacer } from '../pace.js';
import { mapInOrder } from '../pool.js';
import { parseBatchLine, type BatchItem, type LineError, type Naming, type SourceLine } from './lines.js';

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
  /** StartExecution calls per second, at most. */
  rate: number;
  /** Ctrl-C: no further line is started; the starts in flight finish and are reported. */
  signal?: AbortSignal;
  /** Called once per non-blank line, in input order; awaited, so a slow stdout holds the batch back. */
  emit: (result: BatchResult, tally: Readonly<BatchTally>) => void | Promise<void>;
  /** Called as each non-blank line is read, with its number. */
  onRead?: (line: number) => void;
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
  // Evenly spaced starts: a burst of one.
  const pacer = new Pacer({ ratePerSecond: options.rate, burst: 1 });
  const stateMachine = stateMachineNameOf(options.stateMachineArn);
  const tally: BatchTally = { submitted: 0, existing: 0, failed: 0 };
  const items = (async function* () {
    for await (const source of lines) {
      options.onRead?.(source.line);
      yield parseBatchLine(source, options.naming);
    }
  })();
  // Anything started before this run began was not started by it (the tolerance: clock skew).
  const startedBefore = Date.now() - CLOCK_SKEW_TOLERANCE_MS;
  const submit = async (item: BatchItem): Promise<BatchResult> => {
    if ('error' in item) return item;
    await pacer.take(options.signal); // an AbortError here means: not started
    return startOne(service, item, options.stateMachineArn, stateMachine, startedBefore);
  };
  for await (const outcome of mapInOrder(items, submit, options)) {
    if (!outcome.started) continue;
    const result = outcome.value;
    if ('error' in result) tally.failed++;
    else tally.submitted++;
    if ('existing' in result) tally.existing++;
    await options.emit(result, tally);
  }
  return tally;
}

const CLOCK_SKEW_TOLERANCE_MS = 1_000;

async function startOne(
  service: BatchService,
  item: { line: number; input: string; name?: string },
  stateMachineArn: string,
  stateMachine: string,
  startedBefore: number,
): Promise<BatchResult> {
  const { line, input, name } = item;
  try {
    // Not interruptible: a start that was sent is seen through, so its result line is known.
    const started = await service.startExecution({ stateMachineArn, name, input }, stateMachine, {
      interruptible: false,
    });
    // StartExecution with the name and input of a RUNNING execution succeeds and returns that
    // execution as it was started (its startDate): this run started nothing.
    const existing = name !== undefined && (started.startDate?.getTime() ?? Infinity) < startedBefore;
    return { line, executionArn: started.executionArn!, ...(existing ? { existing: true as const } : {}) };
  } catch (error) {
    if (name === undefined || errorName(error) !== 'ExecutionAlreadyExists') {
      return { line, error: lineError(error) };
    }
    return existingExecution(service, item as typeof item & { name: string }, stateMachineArn, error);
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
): Promise<BatchResult> {
  const { line, name } = item;
  let executionArn: string | undefined;
  try {
    executionArn = await findSameTask(service, stateMachineArn, name, item.input);
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
