import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExpectedEvent } from './compare.js';

// The conformance corpus: executions recorded on AWS, transcribed with their source. Each file
// in cases/ (the corpus the tests hold the engine to) or holdout/ (kept out of it, measured by
// bench/conformance.js) is {source, cases: [...]}; see README.md beside this file.

export interface CaseSource {
  repository: string;
  /** The recording (a snapshot file) the expectations were transcribed from. */
  snapshot: string;
  note?: string;
}

export interface RecordedCase {
  /** The recording's test id and the key of the recorded history, e.g. `…::test_x#exec_hist_resp_0`. */
  name: string;
  recordedDate?: string;
  /** Where the definition comes from, when it is not in the snapshot itself. */
  definitionSource?: string;
  definition: object;
  input: unknown;
  /** The input's text as the recording sent it, when its spacing shows in the history (else `input` serialised). */
  inputText?: string;
  /** The recording's test parsed every event's `output` (JSON text) into its value: compare parsed. */
  outputsParsed?: boolean;
  /** DescribeExecution as recorded; when absent, status and output follow from the last event. */
  describe?: { status: string; output?: unknown; error?: string; cause?: string };
  events: ExpectedEvent[];
}

export interface CorpusCase extends RecordedCase {
  file: string;
  source: CaseSource;
  expected: { status: string; output?: unknown; error?: string; cause?: string };
}

export const CONFORMANCE_DIR = fileURLToPath(new URL('.', import.meta.url));
export const HANDLERS_DIR = join(CONFORMANCE_DIR, 'handlers');

const TERMINAL_STATUS: Record<string, string> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/** What DescribeExecution must answer, from the recorded DescribeExecution or the last recorded event. */
export function expectedOutcome(recorded: RecordedCase): CorpusCase['expected'] {
  if (recorded.describe) return recorded.describe;
  const last = recorded.events[recorded.events.length - 1];
  const status = last && TERMINAL_STATUS[last.type];
  if (!status) throw new Error(`${recorded.name}: the recorded history does not end in a terminal event`);
  if (status !== 'SUCCEEDED') {
    // DescribeExecution answers the error and cause of the event that ended the execution.
    const failure = (last.executionFailedEventDetails ??
      last.executionTimedOutEventDetails ??
      last.executionAbortedEventDetails) as { error?: string; cause?: string } | undefined;
    return {
      status,
      ...(failure?.error !== undefined ? { error: failure.error } : {}),
      ...(failure?.cause !== undefined ? { cause: failure.cause } : {}),
    };
  }
  const details = last.executionSucceededEventDetails as { output?: unknown } | undefined;
  if (details && 'output' in details) return { status, output: details.output };
  // DescribeExecution of a failed execution gives the error and cause of its ExecutionFailed event.
  const failed = last.executionFailedEventDetails as { error?: string; cause?: string } | undefined;
  return failed ? { status, ...failed } : { status };
}

export function loadCases(folder: 'cases' | 'holdout', conformanceDir = CONFORMANCE_DIR): CorpusCase[] {
  const dir = join(conformanceDir, folder);
  const loaded: CorpusCase[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      source: CaseSource;
      cases: RecordedCase[];
    };
    for (const recorded of doc.cases) {
      if (seen.has(recorded.name)) throw new Error(`${file}: case ${recorded.name} appears twice`);
      seen.add(recorded.name);
      loaded.push({
        ...recorded,
        file: `${folder}/${file}`,
        source: doc.source,
        expected: expectedOutcome(recorded),
      });
    }
  }
  return loaded;
}
