import { formatDuration } from './duration.js';
import { statusColour } from './execution.js';
import { formatTable } from './table.js';

// The table of `taskctl list`: newest first, as ListExecutions returns them.

export interface ExecutionRow {
  name?: string;
  status?: string;
  startDate?: Date;
  stopDate?: Date;
  redriveCount?: number;
}

export function formatExecutionsTable(executions: readonly ExecutionRow[], now = new Date()): string {
  return formatTable(
    ['NAME', 'STATUS', 'STARTED', 'DURATION', 'REDRIVES'],
    executions.map((execution) => [
      execution.name ?? '',
      statusColour(execution.status),
      execution.startDate?.toISOString() ?? '',
      execution.startDate
        ? formatDuration((execution.stopDate ?? now).getTime() - execution.startDate.getTime())
        : '',
      String(execution.redriveCount ?? 0),
    ]),
  );
}
