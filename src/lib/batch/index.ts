// `taskctl submit --batch`: the NDJSON input, execution names, and the run.
export { countLines, namingFor, openBatchInput, readLines, parseBatchLine } from './lines.js';
export type { BatchItem, LineError, Naming, SourceLine } from './lines.js';
export { idempotentName, nameFromField } from './names.js';
export { runBatch } from './run.js';
export type { BatchOptions, BatchResult, BatchService, BatchTally } from './run.js';

import { ExitCode } from '../exit-codes.js';
import type { BatchTally } from './run.js';

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
