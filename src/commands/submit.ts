import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { EXIT_CODES_HELP, exitCodeForStatus } from '../lib/exit-codes.js';
import { readExecutionInput } from '../lib/input.js';
import { assertExecutionName } from '../lib/names.js';
import { formatDuration } from '../lib/render/execution.js';
import { pollUntilTerminal } from '../lib/wait.js';
import { chooseWatchMode, runWatch } from '../lib/watch/run.js';

export interface SubmitResult {
  executionArn: string;
  startDate?: string;
  status?: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
}

export default class Submit extends TaskctlCommand<SubmitResult | undefined> {
  static override summary = 'start one task (an execution of the state machine)';
  static override description = `INPUT is JSON text, @file.json, or - to read one JSON document from stdin (default {}). It must be a JSON object of at most 256 KiB. Prints the execution ARN on stdout.

With --name the start is idempotent: the same name and input return the running execution instead of starting another.

${EXIT_CODES_HELP}`;
  static override examples = [
    `<%= config.bin %> <%= command.id %> '{"taskId": "t-1"}'`,
    '<%= config.bin %> <%= command.id %> @task.json --name task-0001 --wait',
    `<%= config.bin %> <%= command.id %> '{"transientFailures": {"CheckTaskStatus": 2}}' --watch`,
    `echo '{"taskId": "t-2"}' | <%= config.bin %> <%= command.id %> - --state-machine orders`,
  ];
  static override flags = {
    name: Flags.string({ summary: 'execution name (1-80 chars); makes re-submits idempotent' }),
    wait: Flags.boolean({ summary: 'wait until the execution ends; the exit code follows its status' }),
    watch: Flags.boolean({
      summary:
        'show the execution live (as taskctl watch does) until it ends; the exit code follows its status',
      exclusive: ['wait'],
    }),
    ...stateMachineFlag,
    ...targetFlags,
  };
  static override args = {
    input: Args.string({ description: 'JSON object, @file.json, or - for stdin', required: false }),
  };

  async run(): Promise<SubmitResult | undefined> {
    const { args, flags } = await this.parse(Submit);
    if (flags.name) assertExecutionName(flags.name);
    const input = await readExecutionInput(args.input);
    const machine = flags['state-machine'];

    const sfn = await this.connect(flags);
    const stateMachineArn = await sfn.resolveStateMachineArn(machine);
    const started = await sfn.startExecution(
      { stateMachineArn, name: flags.name, input: input.text },
      machine,
    );
    const executionArn = started.executionArn!;
    this.log(executionArn);
    const result: SubmitResult = { executionArn, startDate: started.startDate?.toISOString() };
    if (flags.watch) {
      // The live view of `taskctl watch`; under --json its NDJSON events are the output.
      const outcome = await runWatch({
        service: sfn,
        executionArns: [executionArn],
        mode: chooseWatchMode(this.jsonEnabled(), process.stdout),
        out: process.stdout,
        signal: this.signal,
        onWarning: (message) => this.warn(message),
      });
      process.exitCode = outcome.exitCode;
      return this.jsonEnabled() ? undefined : { ...result, status: outcome.executions[0]?.status };
    }
    if (!flags.wait) return result;

    const name = executionArn.split(':').pop();
    const spinner = await this.spinner(`${name} RUNNING`);
    const final = await pollUntilTerminal(
      () => sfn.describeExecution(executionArn, { stateMachine: machine, execution: name }),
      {
        signal: this.signal,
        onPoll: (status) => spinner.update(`${name} ${status}`),
      },
    );
    process.exitCode = exitCodeForStatus(final.status);
    const took =
      final.startDate && final.stopDate
        ? ` in ${formatDuration(final.stopDate.getTime() - final.startDate.getTime())}`
        : '';
    if (final.status === 'SUCCEEDED') spinner.succeed(`${name} SUCCEEDED${took}`);
    else
      spinner.fail(
        `${name} ${final.status}${took}${final.error ? `: ${final.error}` : ''}${final.cause ? ` (${final.cause})` : ''}`,
      );
    return {
      ...result,
      status: final.status,
      stopDate: final.stopDate?.toISOString(),
      ...(final.output !== undefined ? { output: final.output } : {}),
      ...(final.error !== undefined ? { error: final.error } : {}),
      ...(final.cause !== undefined ? { cause: final.cause } : {}),
    };
  }
}
