import { isRedrivableStatus } from '../../aws/statuses.js';
import type { StateSummary, WaitingCallback } from '../history/types.js';
import { formatWaitingCallbacks } from './callbacks.js';
import type { ExecutionDescription } from '../sdk/index.js';
import { formatDuration } from './duration.js';
import { formatStatesTable } from './states.js';
import { chalk } from './style.js';

// The human view of `taskctl describe`: aligned fields, pretty JSON, coloured status.

export const statusColour = (status: string | undefined): string => {
  const text = status ?? 'UNKNOWN';
  switch (status) {
    case 'SUCCEEDED':
      return chalk.green(text);
    case 'RUNNING':
    case 'PENDING_REDRIVE':
      return chalk.cyan(text);
    case 'ABORTED':
    case 'TIMED_OUT':
      return chalk.yellow(text);
    default:
      return chalk.red(text);
  }
};

function prettyJson(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function formatExecution(
  execution: Omit<ExecutionDescription, '$metadata'>,
  now = new Date(),
): string {
  const start = execution.startDate;
  const stop = execution.stopDate;
  const duration = start ? formatDuration((stop ?? now).getTime() - start.getTime()) : undefined;
  // Whether a redrive is possible only matters once the execution stopped unsuccessfully.
  const stoppedUnsuccessfully = isRedrivableStatus(execution.status);
  const redriveNote =
    stoppedUnsuccessfully && execution.redriveStatus
      ? execution.redriveStatus === 'REDRIVABLE'
        ? ' (redrivable)'
        : ` (not redrivable${execution.redriveStatusReason ? `: ${execution.redriveStatusReason}` : ''})`
      : '';
  const redrive = `${execution.redriveCount ?? 0}${redriveNote}`;
  const fields: Array<[string, string | undefined]> = [
    ['name', execution.name],
    ['status', statusColour(execution.status)],
    ['execution', execution.executionArn],
    ['state machine', execution.stateMachineArn],
    ['started', start?.toISOString()],
    ['stopped', stop?.toISOString()],
    ['duration', duration && (stop ? duration : `${duration} so far`)],
    ['redrives', redrive],
    ['last redrive', execution.redriveDate?.toISOString()],
    ['error', execution.error && chalk.red(execution.error)],
    ['cause', execution.cause],
    ['input', prettyJson(execution.input)],
    ['output', prettyJson(execution.output)],
  ];
  const width = Math.max(...fields.map(([label]) => label.length)) + 2;
  return fields
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([label, value]) => {
      const [first, ...rest] = value!.split('\n');
      return [chalk.bold(label.padEnd(width)) + first, ...rest.map((line) => ' '.repeat(width) + line)].join(
        '\n',
      );
    })
    .join('\n');
}

/**
 * `taskctl describe`: the execution's fields, then the per-state summary table, then the states
 * waiting for a callback with their tokens.
 */
export function formatExecutionWithStates(
  execution: Omit<ExecutionDescription, '$metadata'>,
  states: readonly StateSummary[],
  waiting: readonly WaitingCallback[] = [],
  now = new Date(),
): string {
  const blocks = [formatExecution(execution, now)];
  if (states.length) blocks.push(formatStatesTable(states, now));
  if (waiting.length) blocks.push(formatWaitingCallbacks(waiting, now));
  return blocks.join('\n\n');
}
