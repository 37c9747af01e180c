import { Args } from '@oclif/core';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { parseExecutionRef } from '../lib/arn.js';
import { formatExecution } from '../lib/render/execution.js';
import type { ExecutionDescription } from '../lib/sdk/index.js';

export type DescribeResult = Omit<ExecutionDescription, '$metadata'>;

export default class Describe extends TaskctlCommand<DescribeResult> {
  static override summary = 'show one execution: status, input, output, error and redrives';
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
    const { $metadata: _metadata, ...execution } = await sfn.describeExecution(executionArn, {
      stateMachine,
      execution: name,
    });
    this.log(formatExecution(execution));
    return execution;
  }
}
