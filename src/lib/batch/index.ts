// `taskctl submit --batch`: the NDJSON input, execution names, and the run.
export { countLines, namingFor, openBatchInput, readLines, parseBatchLine } from './lines.js';
export type { BatchItem, LineError, Naming, SourceLine } from './lines.js';
export { idempotentName, nameFromField } from './names.js';
export { runBatch } from './run.js';
export type { BatchOptions, BatchResult, BatchService, BatchTally } from './run.js';

import { ExitCode } from '../exit-codes.js';
import type { Target } from '../target.js';
import { isLoopbackAddress } from '../../contract/loopback.js';
import type { BatchTally } from './run.js';

/**
 * StartExecution calls in flight: --concurrency, else 8 on AWS (where the Region's quota sets
 * the pace) and 32 against the local engine or another endpoint, which shares the machine with
 * the CLI: at 8 each side kept waiting on the other (bench/batch.js, 10,000 lines: about 1,040
 * starts/s at 8, 1,160 at 32).
 */
export function batchConcurrency(target: Pick<Target, 'kind'>, flag?: number): number {
  return flag ?? (target.kind === 'aws' ? 8 : 32);
}

/**
 * How far the service's clock may be behind ours, for telling a re-run's existing executions
 * from its own starts: none on this machine (the local engine, or an endpoint on loopback), else
 * runBatch's default.
 */
export function clockSkewFor(target: Pick<Target, 'kind'> & { url?: string }): number | undefined {
  if (target.kind === 'local') return 0;
  if (target.kind === 'endpoint' && target.url && isLoopbackAddress(new URL(target.url).hostname)) return 0;
  return undefined;
}

/**
 * The summary on stderr: `200 started, 0 failed`, `0 started, 3 already existed, 0 failed` for a
 * re-run (the lines marked "existing"), plus what an interruption left undone.
 */
export function formatBatchSummary(tally: BatchTally, interrupted?: { lastLine: number }): string {
  const existing = tally.existing > 0 ? `, ${tally.existing} already existed` : '';
  const stop = !interrupted
    ? ''
    : interrupted.lastLine > 0
      ? `; interrupted: no line after line ${interrupted.lastLine} was submitted`
      : '; interrupted before any line was submitted';
  return `${tally.submitted - tally.existing} started${existing}, ${tally.failed} failed${stop}`;
}

/** 130 after Ctrl-C, else 1 if any line failed, else 0. */
export function batchExitCode(tally: BatchTally, interrupted: boolean): number {
  if (interrupted) return ExitCode.interrupted;
  return tally.failed > 0 ? ExitCode.serviceError : ExitCode.ok;
}
