import * as Flags from '@oclif/core/flags';
import { EXECUTION_STATUSES, isExecutionStatus, type ExecutionStatus } from '../aws/statuses.js';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { UsageError } from '../lib/errors.js';
import { formatExecutionsTable } from '../lib/render/list.js';
import { parseSince } from '../lib/since.js';

/** One ListExecutions item; dates become ISO strings in --json. */
export interface ListedExecution {
  executionArn?: string;
  stateMachineArn?: string;
  name?: string;
  status?: string;
  startDate?: Date;
  stopDate?: Date;
  redriveCount?: number;
  redriveDate?: Date;
}

export default class List extends TaskctlCommand<ListedExecution[]> {
  static override summary = 'list executions of the state machine, newest first';
  static override description = `--since takes a duration back from now (15m, 2h, 7d) or an ISO date (2024-05-01, 2024-05-01T12:00:00Z).

--redrivable keeps the executions RedriveExecution would accept (FAILED, TIMED_OUT or ABORTED in the last 14 days); each candidate is checked with DescribeExecution.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --status failed --since 2h',
    '<%= config.bin %> <%= command.id %> --redrivable --since 2024-05-01 --json',
    '<%= config.bin %> <%= command.id %> --state-machine orders --limit 200',
  ];
  static override flags = {
    status: Flags.string({ summary: `only executions with this status: ${EXECUTION_STATUSES.join('|')}` }),
    since: Flags.string({
      summary: 'only executions started since: a duration (15m, 2h, 7d) or an ISO date',
    }),
    limit: Flags.integer({ summary: 'show at most this many executions', default: 50, min: 1 }),
    redrivable: Flags.boolean({ summary: 'only executions that can be redriven' }),
    ...stateMachineFlag,
    ...targetFlags,
  };

  async run(): Promise<ListedExecution[]> {
    const { flags } = await this.parse(List);
    const status = flags.status === undefined ? undefined : parseStatus(flags.status);
    const since = flags.since === undefined ? undefined : parseSince(flags.since);
    const machine = flags['state-machine'];

    const sfn = await this.connect(flags);
    const stateMachineArn = await sfn.resolveStateMachineArn(machine);
    const executions = await sfn.listExecutions({
      stateMachineArn,
      statusFilter: status,
      since,
      limit: flags.limit,
      redrivable: flags.redrivable,
    });
    if (executions.length === 0) {
      const filtered = status || since || flags.redrivable;
      this.notice(
        `no executions of ${machine} ${filtered ? 'match' : 'yet; start one with: taskctl submit'}`,
      );
    } else {
      this.printer.text(formatExecutionsTable(executions));
    }
    return executions;
  }
}

function parseStatus(value: string): ExecutionStatus {
  const status = value.trim().toUpperCase().replace(/-/g, '_');
  if (isExecutionStatus(status)) return status;
  throw new UsageError(`--status: "${value}" is not an execution status`, {
    hint: `pass one of ${EXECUTION_STATUSES.join(', ')}`,
  });
}
