import type { Json, StateMachineDefinition } from '../../../src/engine/asl/types.js';
import { Interpreter } from '../../../src/engine/runtime/interpreter.js';
import { ExecutionRun } from '../../../src/engine/runtime/run.js';
import type { ExecutionRecord, StoredEvent } from '../../../src/engine/store/executions.js';
import { startedExecution } from '../support/execution-record.js';
import { T0 } from './harness.js';

// A whole definition run through the real interpreter, one step (one transaction) after another,
// with the clock moved to each wake-up time so a Wait costs nothing. For definitions without Tasks.

export interface Finished {
  record: ExecutionRecord;
  output: Json | undefined;
  events: StoredEvent[];
}

export function runDefinition(
  definition: StateMachineDefinition,
  input: Json = {},
  maxSteps = 500,
): Finished {
  const record = startedExecution(definition, input, T0);
  const interpreter = new Interpreter({ speed: 1, defaultTaskTimeoutMs: 900_000 });
  const events: StoredEvent[] = [];
  let now = T0;
  for (let i = 0; i < maxSteps && record.status === 'RUNNING' && record.readyAt !== null; i++) {
    now = Math.max(now, record.readyAt);
    const run = new ExecutionRun(record, definition, now);
    interpreter.advance(run);
    if (run.historyFull) interpreter.historyLimitReached(run);
    events.push(...run.events);
  }
  return { record, output: record.output === null ? undefined : (JSON.parse(record.output) as Json), events };
}

/** The details of the events of `type`, in order. */
export function detailsOf(events: StoredEvent[], type: string): Record<string, unknown>[] {
  return events.filter((e) => e.type === type).map((e) => e.details ?? {});
}
