import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { parseExecutionRef } from '../lib/arn.js';
import { isTerminalStatus } from '../aws/statuses.js';

export interface StopResult {
  executionArn: string;
  stopDate?: string;
}

export default class Stop extends TaskctlCommand<StopResult> {
  static override summary = 'stop a running execution (StopExecution); it ends ABORTED';
  static override description = `EXECUTION is a full execution ARN, or an execution name within the selected state machine (--state-machine). Prints the execution ARN on stdout; --json gives {executionArn, stopDate}.

An execution that has already ended is left as it is: the command notes "already STATUS", reports its original stop date and exits 0, so running it twice is safe.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> task-0001',
    `<%= config.bin %> <%= command.id %> task-0001 --error Operator --cause 'job cancelled by the customer'`,
    '<%= config.bin %> <%= command.id %> arn:aws:states:eu-west-1:123456789012:execution:orders:o-42 --json',
  ];
  static override flags = {
    error: Flags.string({ summary: 'error name recorded on the execution (up to 256 characters)' }),
    cause: Flags.string({ summary: 'a longer explanation recorded on the execution' }),
    ...stateMachineFlag,
    ...targetFlags,
  };
  static override args = {
    execution: Args.string({ description: 'execution name or ARN', required: true }),
  };

  async run(): Promise<StopResult> {
    const { args, flags } = await this.parse(Stop);
    const ref = parseExecutionRef(args.execution);
    const sfn = await this.connect(flags);
    const { executionArn, stateMachine, name } = await sfn.resolveExecution(ref, flags['state-machine']);
    const context = { stateMachine, execution: name };
    // Described first: StopExecution of a finished execution succeeds without saying so.
    const execution = await sfn.describeExecution(executionArn, context);
    if (isTerminalStatus(execution.status)) {
      this.printer.text(executionArn);
      this.notice(`${name} already ${execution.status}; nothing to stop`);
      return { executionArn, stopDate: execution.stopDate?.toISOString() };
    }
    const { stopDate } = await sfn.stopExecution(
      { executionArn, error: flags.error, cause: flags.cause },
      context,
    );
    this.printer.text(executionArn);
    this.notice(`stopped ${name}`);
    return { executionArn, stopDate: stopDate?.toISOString() };
  }
}
