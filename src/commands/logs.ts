import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { parseExecutionRef } from '../lib/arn.js';
import { formatLogJson, formatLogLine } from '../lib/render/watch.js';
import { readExecutionLogs } from '../lib/watch/logs.js';

export default class Logs extends TaskctlCommand<void> {
  static override summary = "print an execution's log lines from CloudWatch Logs";
  static override description = `EXECUTION is a full execution ARN, or an execution name within the selected state machine (--state-machine).

Reads the state machine's log group (when its logging configuration has one) and the log groups of the Lambda handlers the execution ran (/aws/lambda/NAME), keeping the lines that name the execution and Lambda's START/END/REPORT lines of the same requests. Each line: time, log group, message. --json prints one JSON object per line (NDJSON): {timestamp, logGroupName, logStreamName, message}.

--follow keeps reading until the execution ends (then reads once more), or Ctrl-C.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> task-0001',
    '<%= config.bin %> <%= command.id %> task-0001 --follow',
    '<%= config.bin %> <%= command.id %> task-0001 --json | jq -r .message',
  ];
  static override flags = {
    follow: Flags.boolean({ char: 'f', summary: 'keep printing new lines until the execution ends' }),
    ...stateMachineFlag,
    ...targetFlags,
  };
  static override args = {
    execution: Args.string({ description: 'execution name or ARN', required: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Logs);
    this.streamsNdjson = true;
    const ref = parseExecutionRef(args.execution);
    const sfn = await this.connect(flags);
    const { executionArn, stateMachine, name } = await sfn.resolveExecution(ref, flags['state-machine']);
    await sfn.describeExecution(executionArn, { stateMachine, execution: name });
    const logs = await this.connectLogs();
    const json = this.jsonEnabled();
    let count = 0;
    // `taskctl logs … | head`: the reader is gone, so stop quietly.
    this.printer.onBrokenPipe(() => process.exit(0));
    await readExecutionLogs({
      service: sfn,
      logSource: logs,
      executionArn,
      follow: flags.follow,
      signal: this.signal,
      onLines: (lines) => {
        count += lines.length;
        this.printer.lines(lines.map((line) => (json ? formatLogJson(line) : formatLogLine(line))));
      },
      onWarning: (message) => this.warn(message),
    });
    if (count === 0) this.notice(`no log lines found for ${name}`);
  }
}
