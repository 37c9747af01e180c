import { randomUUID } from 'node:crypto';
import { parseStatesArn } from '../../aws/arn.js';
import { InterruptedError, isAbortError, serviceErrorOf } from '../errors.js';
import { ExitCode, exitCodeForStatus, worstExitCode } from '../exit-codes.js';
import { canHaveRedrive, classifyExecution, type DescribedExecution, type RedriveCheck } from './classify.js';
import type { Pacer } from '../pace.js';
import { pacedCall } from '../paced-call.js';
import { mapInOrder } from '../pool.js';
import type { CompletionWaiter } from './waiter.js';

// `taskctl redrive` without the printing: check every execution, then redrive the redrivable
// ones at a bounded rate and concurrency, streaming one outcome per execution in input order.

export interface RedriveTarget {
  executionArn: string;
  name: string;
  stateMachine: string;
}

type Context = { stateMachine?: string; execution?: string };

/** What this needs from the service (the SDK wrapper, StepFunctions, has exactly these). */
export interface RedriveService {
  describeExecution(executionArn: string, context?: Context): Promise<DescribedExecution>;
  historyLength(executionArn: string, context?: Context): Promise<number>;
  redriveExecution(
    executionArn: string,
    context?: Context,
    clientToken?: string,
  ): Promise<{ redriveDate?: Date }>;
}

/** One NDJSON line of `redrive --json`. */
export interface RedriveOutcome {
  executionArn: string;
  name: string;
  result: 'redriven' | 'skipped' | 'failed';
  /** Why it was skipped, or the error that made it fail. */
  reason?: string;
  redriveDate?: string;
  /** With --wait: how the redriven execution ended. */
  status?: string;
  stopDate?: string;
  error?: string;
  cause?: string;
  /** With --wait: the execution could not be watched to its end. */
  waitError?: string;
}

export type Checked =
  { target: RedriveTarget; check: RedriveCheck } | { target: RedriveTarget; error: Error };

export function targetFromArn(executionArn: string): RedriveTarget {
  const arn = parseStatesArn(executionArn);
  return arn?.kind === 'execution'
    ? { executionArn, stateMachine: arn.stateMachine, name: arn.execution }
    : { executionArn, stateMachine: '', name: executionArn };
}

const contextOf = (target: RedriveTarget): Context => ({
  stateMachine: target.stateMachine,
  execution: target.name,
});

/** DescribeExecution, plus the history length of a stopped one; an error is kept, not thrown. */
export async function checkTarget(
  service: RedriveService,
  target: RedriveTarget,
  now: Date,
): Promise<Checked> {
  try {
    const described = await service.describeExecution(target.executionArn, contextOf(target));
    const length = canHaveRedrive(described.status)
      ? await service.historyLength(target.executionArn, contextOf(target))
      : undefined;
    return {
      target,
      check: classifyExecution({ ...described, executionArn: target.executionArn }, length, now),
    };
  } catch (error) {
    if (isAbortError(error)) throw error;
    return { target, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Checks every target, `concurrency` at a time, in input order. Ctrl-C ends it with an InterruptedError. */
export async function checkAll(
  service: RedriveService,
  targets: readonly RedriveTarget[],
  options: { concurrency: number; signal?: AbortSignal; onChecked?: (done: number) => void; now?: Date },
): Promise<Checked[]> {
  const now = options.now ?? new Date();
  let done = 0;
  const results: Checked[] = [];
  const checks = mapInOrder(
    targets,
    async (target) => {
      const checked = await checkTarget(service, target, now);
      options.onChecked?.(++done);
      return checked;
    },
    { concurrency: options.concurrency, signal: options.signal, window: Infinity },
  );
  for await (const result of checks) if (result.started) results.push(result.value);
  if (options.signal?.aborted || results.length < targets.length) throw new InterruptedError();
  return results;
}

/** A dry-run row for every checked target; a lookup error is a non-redrivable row with that error. */
export function checkRow(checked: Checked): RedriveCheck {
  if ('check' in checked) return checked.check;
  const { executionArn, name } = checked.target;
  return {
    executionArn,
    name,
    status: 'UNKNOWN',
    redrivable: false,
    reason: checked.error.message,
    redriveCount: 0,
  };
}

/** The reason in an ExecutionNotRedrivable error (a race: someone else redrove it, or it changed). */
export function notRedrivableReason(error: unknown): string | undefined {
  const err = error as { name?: string; message?: string } | undefined;
  if (err?.name !== 'ExecutionNotRedrivable' && serviceErrorOf(error) !== 'ExecutionNotRedrivable')
    return undefined;
  const message = err?.message ?? '';
  return (
    /cannot be redriven: (.+)$/s.exec(message)?.[1].trim() ?? (message || 'the execution cannot be redriven')
  );
}

export interface RedriveOptions {
  /** Pays for every RedriveExecution (see pacingFor: the target's quota, or --rate). */
  pacer: Pacer;
  /** How long one redrive keeps being retried through throttling or a lost connection. */
  retryForMs: number;
  concurrency: number;
  signal?: AbortSignal;
  /** With --wait: each redriven execution's outcome is completed once it ends. */
  waiter?: CompletionWaiter<DescribedExecution & { error?: string; cause?: string }>;
  /** Called once per execution, in input order, as soon as its outcome (and those before it) are known. */
  emit: (outcome: RedriveOutcome, index: number) => void;
  /** Called as each redrive call completes (any order), e.g. for a progress bar. */
  onSettled?: (outcome: RedriveOutcome) => void;
}

export interface RedriveSummary {
  outcomes: RedriveOutcome[];
  /** Executions left alone because of Ctrl-C. */
  notStarted: number;
}

export async function redriveAll(
  service: RedriveService,
  checked: readonly Checked[],
  options: RedriveOptions,
): Promise<RedriveSummary> {
  // A client token per execution, the same on every attempt: a repeat after a dropped connection
  // is answered with the first redrive instead of refused as not redrivable (it is running).
  const redrive = (target: RedriveTarget) => {
    const clientToken = randomUUID();
    return pacedCall(() => service.redriveExecution(target.executionArn, contextOf(target), clientToken), {
      pacer: options.pacer,
      retryForMs: options.retryForMs,
      idempotent: true,
      signal: options.signal,
    });
  };
  const results = mapInOrder(
    checked,
    async (item) => {
      const outcome = await redriveOne(item, redrive);
      options.onSettled?.(outcome);
      // Start waiting now, not when this line's turn to be printed comes.
      return { final: completed(outcome, options) };
    },
    { concurrency: options.concurrency, window: Infinity, signal: options.signal },
  );
  const outcomes: RedriveOutcome[] = [];
  let index = -1; // the input position: every item pulled is yielded, in order
  for await (const result of results) {
    index++;
    if (!result.started) continue;
    const outcome = await result.value.final;
    if (!outcome) continue; // interrupted while waiting: it was redriven, but its end is not known
    outcomes.push(outcome);
    options.emit(outcome, index);
  }
  // Left alone because of Ctrl-C: never started, or redriven but not seen to the end.
  return { outcomes, notStarted: checked.length - outcomes.length };
}

async function redriveOne(
  checked: Checked,
  redrive: (target: RedriveTarget) => Promise<{ redriveDate?: Date }>,
): Promise<RedriveOutcome> {
  const { executionArn, name } = checked.target;
  if ('error' in checked) return { executionArn, name, result: 'failed', reason: checked.error.message };
  if (!checked.check.redrivable)
    return { executionArn, name, result: 'skipped', reason: checked.check.reason };
  try {
    const { redriveDate } = await redrive(checked.target);
    return {
      executionArn,
      name,
      result: 'redriven',
      ...(redriveDate ? { redriveDate: redriveDate.toISOString() } : {}),
    };
  } catch (error) {
    if (isAbortError(error)) throw error; // Ctrl-C before it was sent: not started
    const reason = notRedrivableReason(error);
    if (reason) return { executionArn, name, result: 'skipped', reason };
    return { executionArn, name, result: 'failed', reason: (error as Error)?.message ?? String(error) };
  }
}

/** With --wait, the outcome of a redriven execution once it has ended; undefined if interrupted. */
async function completed(
  outcome: RedriveOutcome,
  options: RedriveOptions,
): Promise<RedriveOutcome | undefined> {
  if (!options.waiter || outcome.result !== 'redriven') return outcome;
  try {
    const final = await options.waiter.waitFor(outcome.executionArn);
    return {
      ...outcome,
      status: final.status,
      ...(final.stopDate ? { stopDate: final.stopDate.toISOString() } : {}),
      ...(final.error !== undefined ? { error: final.error } : {}),
      ...(final.cause !== undefined ? { cause: final.cause } : {}),
    };
  } catch (error) {
    if (isAbortError(error) || options.signal?.aborted) return undefined;
    return { ...outcome, waitError: (error as Error)?.message ?? String(error) };
  }
}

/** 1 if any redrive (or wait) failed; with --wait, else the worst final status; else 0. */
export function exitCodeForOutcomes(outcomes: readonly RedriveOutcome[]): number {
  return worstExitCode(
    outcomes.map((o) =>
      o.result === 'failed' || o.waitError
        ? ExitCode.serviceError
        : o.status !== undefined
          ? exitCodeForStatus(o.status)
          : ExitCode.ok,
    ),
  );
}
