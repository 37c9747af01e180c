import * as Args from '@oclif/core/args';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { parseExecutionRef } from '../lib/arn.js';
import { analyzeHistory, parseDefinition, summarizeStates } from '../lib/history/index.js';
import type { AnnotatedEvent, StateSummary } from '../lib/history/types.js';
import { formatEventsTable } from '../lib/render/history.js';
import { formatStatesTable } from '../lib/render/states.js';

export interface HistoryResult {
  events: AnnotatedEvent[];
  states: StateSummary[];
}

export default class History extends TaskctlCommand<HistoryResult> {
  static override summary = "show an execution's events and its per-state summary";
  static override description = `EXECUTION is a full execution ARN, or an execution name within the selected state machine (--state-machine).

Each event gets the state it belongs to and, for task events, its attempt number (Step Functions records neither). The summary below counts each state's visits, attempts and retries, summed across visits and redrives.

--json gives {events, states}: the events with their derived "state" and "attempt", and the per-state summary.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> task-0001',
    '<%= config.bin %> <%= command.id %> task-0001 --json',
    '<%= config.bin %> <%= command.id %> arn:aws:states:eu-west-1:123456789012:execution:orders:o-42 --profile prod',
  ];
  static override flags = { ...stateMachineFlag, ...targetFlags };
  static override args = {
    execution: Args.string({ description: 'execution name or ARN', required: true }),
  };

  async run(): Promise<HistoryResult> {
    const { args, flags } = await this.parse(History);
    const ref = parseExecutionRef(args.execution);
    const sfn = await this.connect(flags);
    const { executionArn, stateMachine, name } = await sfn.resolveExecution(ref, flags['state-machine']);
    const context = { stateMachine, execution: name };
    const [events, definition] = await Promise.all([
      sfn.getFullHistory(executionArn, context),
      // Only for when a retry is due; the history stands without it.
      sfn.describeStateMachineForExecution(executionArn, context).then(
        (machine) => parseDefinition(machine.definition),
        () => undefined,
      ),
    ]);
    const analysis = analyzeHistory(events, definition);
    const result = { events: analysis.events, states: summarizeStates(analysis.visits) };
    this.printer.text(formatEventsTable(result.events));
    this.printer.text('');
    this.printer.text(formatStatesTable(result.states));
    return result;
  }
}
