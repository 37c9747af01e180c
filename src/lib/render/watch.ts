import type { AttemptFailure } from '../history/types.js';
import { formatCallbackLines } from './callbacks.js';
import type { LogLine } from '../watch/log-tail.js';
import type { ExecutionSnapshot, WatchEvent } from '../watch/tracker.js';
import { formatDuration } from './duration.js';
import { statusColour } from './execution.js';
import { formatStatesTable } from './states.js';
import { chalk } from './style.js';
import { oneLine } from './table.js';

// The views of `taskctl watch` (and `submit --watch`): one line per event when stdout is not a
// terminal, NDJSON under --json, and the per-execution frame the live (TTY) view redraws.

const time = (at: Date | number | undefined): string =>
  at === undefined ? '--:--:--.---' : new Date(at).toISOString().slice(11, 23);

/** The readable part of an error cause (Lambda's causes are JSON with an errorMessage). */
export function causeText(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (parsed && typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: the cause as is
  }
  return cause;
}

function eventError(event: WatchEvent): string | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || !value || typeof value !== 'object') continue;
    const { error, cause } = value as { error?: unknown; cause?: unknown };
    if (typeof error === 'string')
      return `${error}${typeof cause === 'string' && cause ? `: ${causeText(cause)}` : ''}`;
  }
  return undefined;
}

/** `12:00:01.123  task-1  LambdaFunctionFailed  CheckTaskStatus  attempt 1  TransientError: …` */
export function formatEventLine(event: WatchEvent, name: string): string {
  const error = eventError(event);
  return [
    time(event.timestamp),
    name,
    (event.type ?? '?').padEnd(26),
    (event.state ?? '-').padEnd(22),
    event.attempt !== undefined ? `attempt ${event.attempt}` : '',
    error ? chalk.red(oneLine(error, 100)) : '',
    // A callback task's token, so a person (or a pipeline) can complete it.
    event.taskToken !== undefined ? `waiting for callback, token ${event.taskToken}` : '',
  ]
    .join('  ')
    .trimEnd();
}

/** NDJSON: the annotated event with `executionArn`, `state` and `attempt`. */
export const formatEventJson = (event: WatchEvent): string => JSON.stringify(event);

/** `12:00:01.123  /aws/lambda/CheckTaskStatus  {"executionArn":…}` (with the execution name when given). */
export function formatLogLine(line: LogLine, name?: string): string {
  const stamp = new Date(line.timestamp).toISOString();
  return [
    name === undefined ? stamp : time(line.timestamp),
    ...(name === undefined ? [] : [name]),
    chalk.dim(line.logGroupName),
    line.message,
  ].join('  ');
}

/** NDJSON log line, as `taskctl logs --json` prints it. */
export const formatLogJson = (line: LogLine): string =>
  JSON.stringify({
    timestamp: new Date(line.timestamp).toISOString(),
    logGroupName: line.logGroupName,
    logStreamName: line.logStreamName,
    message: line.message,
  });

function took(snapshot: ExecutionSnapshot, now: Date): string {
  if (!snapshot.startedAt) return '';
  return formatDuration((snapshot.stoppedAt ?? now).getTime() - snapshot.startedAt.getTime());
}

/** `✔ task-1 SUCCEEDED in 3.2s` / `✖ task-1 FAILED in 2.0s: TaskFailed (cause)` */
export function formatFinalLine(snapshot: ExecutionSnapshot, now = new Date()): string {
  const duration = took(snapshot, now);
  const ok = snapshot.status === 'SUCCEEDED';
  const mark = ok ? chalk.green('✔') : chalk.red('✖');
  const error = snapshot.error
    ? `: ${snapshot.error}${snapshot.cause ? ` (${oneLine(causeText(snapshot.cause), 100)})` : ''}`
    : '';
  return `${mark} ${snapshot.name} ${statusColour(snapshot.status)}${duration ? ` in ${duration}` : ''}${error}`;
}

function formatFailure(state: string, failure: AttemptFailure): string {
  const cause = causeText(failure.cause);
  return `  ${time(failure.at)}  ${state} attempt ${failure.attempt}: ${chalk.red(failure.error)}${cause ? ` ${oneLine(cause, 80)}` : ''}`;
}

/**
 * One execution's block of the live view: a header, the per-state table (status, attempts,
 * retries, duration, last error, next-retry countdown) and its most recent failed attempts.
 */
export function formatExecutionFrame(snapshot: ExecutionSnapshot, now = new Date(), maxFailures = 4): string {
  const where = snapshot.current.map((visit) => visit.state).join(', ');
  const header = [
    chalk.bold(snapshot.name),
    statusColour(snapshot.status),
    took(snapshot, now),
    where ? `at ${where}` : '',
    chalk.dim(`${snapshot.eventCount} events`),
  ]
    .filter(Boolean)
    .join('  ');
  const failures = snapshot.states
    .flatMap((state) => state.failures.map((failure) => ({ state: state.state, failure })))
    .sort((a, b) => a.failure.at.getTime() - b.failure.at.getTime())
    .slice(-maxFailures)
    .map(({ state, failure }) => formatFailure(state, failure));
  const table = snapshot.states.length
    ? formatStatesTable(snapshot.states, now)
    : chalk.dim('(no states entered yet)');
  return [
    header,
    table,
    ...formatCallbackLines(snapshot.callbacks),
    ...(failures.length ? [chalk.dim('failed attempts:'), ...failures] : []),
  ].join('\n');
}

/** The spinner line's text: how many executions, how many still running. */
export function formatWatchStatus(snapshots: readonly ExecutionSnapshot[]): string {
  const running = snapshots.filter((snapshot) => snapshot.status === 'RUNNING').length;
  if (snapshots.length === 0) return 'starting…';
  if (snapshots.length === 1) return `watching ${snapshots[0].name} (${snapshots[0].status})`;
  return `watching ${snapshots.length} executions, ${running} running`;
}
