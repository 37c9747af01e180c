import { parseLogGroupArn, stateMachineNameOf } from '../../aws/arn.js';
import { FATAL_EVENTS } from '../../aws/events.js';
import type { ExecutionRecord, ExecutionStore, StoredEvent } from '../store/executions.js';
import type { LogStore } from '../store/logs.js';
import type { LoggingConfiguration, StateMachineStore } from '../store/state-machines.js';

// Events each logging level sends to CloudWatch Logs, as Step Functions documents them.
const ERROR_EVENTS = /(Failed|TimedOut|Aborted)$/;
const DATA_FIELDS = new Set(['input', 'output', 'inputDetails', 'outputDetails', 'parameters']);

function logged(level: LoggingConfiguration['level'], type: string): boolean {
  if (level === 'ALL') return true;
  if (level === 'ERROR') return ERROR_EVENTS.test(type);
  if (level === 'FATAL') return FATAL_EVENTS.has(type);
  return false;
}

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*` → NAME. */
export function logGroupNameOf(arn: string): string | undefined {
  return parseLogGroupArn(arn)?.logGroupName;
}

/** Step Functions' log line for one history event (the fields it documents, as strings). */
function logMessage(record: ExecutionRecord, event: StoredEvent, includeData: boolean): string {
  const [detail] = Object.values(event.details ?? {}) as Record<string, unknown>[];
  const details = includeData
    ? (detail ?? {})
    : Object.fromEntries(Object.entries(detail ?? {}).filter(([key]) => !DATA_FIELDS.has(key)));
  return JSON.stringify({
    id: String(event.id),
    type: event.type,
    details,
    previous_event_id: String(event.previousEventId),
    event_timestamp: String(Math.trunc(event.timestamp)),
    execution_arn: record.arn,
    redrive_count: String(record.redriveCount),
  });
}

/**
 * Appends history events and, when the state machine's logging configuration asks for it,
 * writes them to its CloudWatch Logs log group in the same transaction.
 */
export class HistoryWriter {
  constructor(
    private readonly executions: ExecutionStore,
    private readonly machines: StateMachineStore,
    private readonly logs: LogStore,
  ) {}

  append(record: ExecutionRecord, events: StoredEvent[]): void {
    if (events.length === 0) return;
    this.executions.appendEvents(record.arn, events);
    const logging = this.machines.get(record.stateMachineArn)?.loggingConfiguration;
    const arn = logging?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
    const group = arn && logGroupNameOf(arn);
    if (!logging || !group) return;
    const lines = events
      .filter((e) => logged(logging.level, e.type))
      .map((e) => ({ timestamp: e.timestamp, message: logMessage(record, e, logging.includeExecutionData) }));
    if (lines.length === 0) return;
    const machineName = stateMachineNameOf(record.stateMachineArn);
    this.logs.append(group, `states/${machineName}/${record.name}`, lines);
  }
}
