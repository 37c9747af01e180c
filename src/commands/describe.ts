import * as Args from '@oclif/core/args';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { parseExecutionRef } from '../lib/arn.js';
import { parseDefinition, summarizeStates, summarizeVisits, waitingCallbacks } from '../lib/history/index.js';
import type { StateSummary, WaitingCallback } from '../lib/history/types.js';
import { formatExecutionWithStates } from '../lib/render/execution.js';
import type { ExecutionDescription } from '../lib/sdk/index.js';

// DescribeExecution's own fields, AWS's names kept: its `error` and `cause` are the execution's
// (the strings Step Functions recorded), not a taskctl error, so they keep AWS's shape.
// `waitingForCallback` (only while some state waits): the callback tasks' tokens, for `taskctl task`.
export type DescribeResult = Omit<ExecutionDescription, '$metadata'> & {
  states: StateSummary[];
  waitingForCallback?: WaitingCallback[];
};

export default class Describe extends TaskctlCommand<DescribeResult> {
  static override summary =
    'show one execution: status, input, output, error, redrives and per-state summary';
  static override description = `EXECUTION is a full execution ARN, or an execution name within the selected state machine (--state-machine).`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> task-0001',
    '<%= config.bin %> <%= command.id %> arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:task-0001 --json',
    '<%= config.bin %> <%= command.id %> task-0001 --state-machine orders --profile prod',
  ];
  static override flags = { ...stateMachineFlag, ...targetFlags };
  static override args = {
    execution: Args.string({ description: 'execution name or ARN', required: true }),
  };

  async run(): Promise<DescribeResult> {
    const { args, flags } = await this.parse(Describe);
    const ref = parseExecutionRef(args.execution);
    const sfn = await this.connect(flags);
    const { executionArn, stateMachine, name } = await sfn.resolveExecution(ref, flags['state-machine']);
    const context = { stateMachine, execution: name };
    const [{ $metadata: _metadata, ...execution }, events, definition] = await Promise.all([
      sfn.describeExecution(executionArn, context),
      sfn.getFullHistory(executionArn, context),
      // For when a retry is due, and where a callback's token is; the summary stands without it.
      sfn.describeStateMachineForExecution(executionArn, context).then(
        (machine) => parseDefinition(machine.definition),
        () => undefined,
      ),
    ]);
    const running = execution.status === 'RUNNING' ? { now: new Date() } : {};
    const visits = summarizeVisits(events, definition, running);
    const states = summarizeStates(visits);
    const waiting = waitingCallbacks(visits);
    this.printer.text(formatExecutionWithStates(execution, states, waiting));
    return { ...execution, states, ...(waiting.length ? { waitingForCallback: waiting } : {}) };
  }
}
