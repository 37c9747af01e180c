import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { executionNameOf } from '../aws/arn.js';
import { TaskctlCommand, stateMachineFlag, targetFlags, type ConnectFlags } from '../base-command.js';
import { UsageError } from '../lib/errors.js';
import { findSameTask, isExecutionAlreadyExists } from '../lib/same-task.js';
import { EXIT_CODES_HELP, exitCodeForStatus } from '../lib/exit-codes.js';
import { readExecutionInput } from '../lib/input.js';
import { assertExecutionName } from '../lib/names.js';
import { formatDuration } from '../lib/render/duration.js';
import { oneLine } from '../lib/render/table.js';
import { causeText } from '../lib/render/watch.js';
import { createProgress } from '../lib/render/progress.js';
import { pollUntilTerminal } from '../lib/wait.js';
import { Pacer, paceTargetOf, pacingFor } from '../lib/pace.js';
import { retryForMs } from '../lib/paced-call.js';
import { chooseWatchMode, runWatch } from '../lib/runners/watch.js';

export interface SubmitResult {
  executionArn: string;
  startDate?: string;
  status?: string;
  stopDate?: string;
  output?: string;
  /** With --wait: DescribeExecution's `error` and `cause`, AWS's fields for why the execution failed. */
  error?: string;
  cause?: string;
}

export default class Submit extends TaskctlCommand<SubmitResult | undefined> {
  static override summary = 'start one task (an execution of the state machine)';
  static override description = `INPUT is JSON text, @file.json, or - to read one JSON document from stdin. Without INPUT, stdin is read when something is piped or redirected into it (echo '{…}' | taskctl submit), and the input is {} otherwise (a terminal, /dev/null) or when the pipe is empty. It must be a JSON object of at most 256 KiB. Prints the execution ARN on stdout.

With --name the start is idempotent: the same name and input return the existing execution (running or finished) instead of starting another; the same name with other input is refused.

With --batch FILE (or - for stdin) every line is one task: NDJSON, one JSON object per line, each checked as INPUT is. Blank lines are skipped but counted, so line numbers are those of the file. Prints exactly one JSON line per non-blank line, in input order, whether or not --json is given: {"line":N,"executionArn":"…"}, or {"line":N,"error":{"name":"…","message":"…"}} for a line that is not valid or that the service refused. A bad line does not stop the others. --name-field or --idempotent names each execution, so running the same file again starts nothing twice: a line whose execution already exists with the same input reports it, with "existing":true (it was started before this run: it is running or has finished). Ctrl-C starts no further line, reports those in flight and exits 130. A summary goes to stderr. With --batch the exit code is 0 when every line was submitted, 1 when any line failed, 2 for bad usage.

${EXIT_CODES_HELP}`;
  static override usage = [
    '<%= command.id %> [INPUT] [--name <value>] [--wait | --watch] [--json]',
    '<%= command.id %> --batch FILE|- [--name-field FIELD | --idempotent] [--concurrency <value>] [--rate <value>]',
  ];
  static override examples = [
    `<%= config.bin %> <%= command.id %> '{"taskId": "t-1"}'`,
    '<%= config.bin %> <%= command.id %> @task.json --name task-0001 --wait',
    `<%= config.bin %> <%= command.id %> '{"transientFailures": {"CheckTaskStatus": 2}}' --watch`,
    `echo '{"taskId": "t-2"}' | <%= config.bin %> <%= command.id %> - --state-machine orders`,
    '<%= config.bin %> <%= command.id %> --batch tasks.ndjson --idempotent --rate 20 > results.ndjson',
    `jq -c '.[]' tasks.json | <%= config.bin %> <%= command.id %> --batch - --name-field taskId`,
  ];
  static override flags = {
    name: Flags.string({ summary: 'execution name (1-80 chars); makes re-submits idempotent' }),
    wait: Flags.boolean({ summary: 'wait until the execution ends; the exit code follows its status' }),
    watch: Flags.boolean({
      summary:
        'show the execution live (as taskctl watch does) until it ends; the exit code follows its status',
      exclusive: ['wait'],
    }),
    batch: Flags.string({
      summary: 'start one task per line of an NDJSON file, or of stdin with -',
      helpValue: 'FILE|-',
      exclusive: ['name', 'wait', 'watch'],
      helpGroup: 'BATCH',
    }),
    concurrency: Flags.integer({
      summary: 'with --batch: StartExecution calls in flight at most [default: 8 on AWS, 32 elsewhere]',
      min: 1,
      dependsOn: ['batch'],
      helpGroup: 'BATCH',
    }),
    rate: Flags.integer({
      summary: "with --batch: executions started per second at most [default: the target's quota]",
      min: 1,
      dependsOn: ['batch'],
      helpGroup: 'BATCH',
    }),
    'name-field': Flags.string({
      summary: 'with --batch: name each execution after this top-level string field of its line',
      helpValue: 'FIELD',
      dependsOn: ['batch'],
      exclusive: ['idempotent'],
      helpGroup: 'BATCH',
    }),
    idempotent: Flags.boolean({
      summary: 'with --batch: name each execution batch-<hash of its line>, so a re-run starts nothing twice',
      dependsOn: ['batch'],
      helpGroup: 'BATCH',
    }),
    ...stateMachineFlag,
    ...targetFlags,
  };
  static override args = {
    input: Args.string({
      description: 'JSON object, @file.json, or - for stdin',
      required: false,
      // Else oclif reads a missing INPUT from piped stdin, swallowing the lines of --batch -.
      ignoreStdin: true,
    }),
  };

  async run(): Promise<SubmitResult | undefined> {
    const { args, flags } = await this.parse(Submit);
    if (flags.batch !== undefined) {
      if (args.input !== undefined) {
        throw new UsageError('pass either INPUT or --batch, not both', {
          hint: 'with --batch, each line of the file is the input of one task',
        });
      }
      await this.runBatch(flags.batch, flags);
      return undefined; // the result lines are the output, under --json too
    }
    if (flags.name) assertExecutionName(flags.name);
    const input = await readExecutionInput(args.input, undefined, {
      onWaitingForStdin: () =>
        this.notice(`waiting for INPUT on stdin (none was given); pass INPUT, or '{}' for no input`),
    });
    const machine = flags['state-machine'];

    const sfn = await this.connect(flags);
    const stateMachineArn = await sfn.resolveStateMachineArn(machine);
    const started = await sfn
      .startExecution({ stateMachineArn, name: flags.name, input: input.text }, machine)
      .catch(async (error: unknown) => {
        // The same name and input is the same task, even once it has finished (AWS only
        // returns it while it runs): report that execution instead of failing.
        const existing =
          flags.name && isExecutionAlreadyExists(error)
            ? await findSameTask(sfn, stateMachineArn, flags.name, input.text)
            : undefined;
        if (!existing) throw error;
        this.notice(`${flags.name} was already submitted with this input`);
        return { executionArn: existing, startDate: undefined };
      });
    const executionArn = started.executionArn!;
    this.printer.text(executionArn);
    const result: SubmitResult = { executionArn, startDate: started.startDate?.toISOString() };
    this.waitingOn = { executionArns: [executionArn] };
    if (flags.watch) {
      this.streamsNdjson = true;
      // The live view of `taskctl watch`; under --json its NDJSON events are the output.
      const outcome = await runWatch({
        service: sfn,
        executionArns: [executionArn],
        mode: chooseWatchMode(this.jsonEnabled(), this.printer.stream),
        out: this.printer.stream,
        signal: this.signal,
        onWarning: (message) => this.warn(message),
      });
      process.exitCode = outcome.exitCode;
      return this.jsonEnabled() ? undefined : { ...result, status: outcome.executions[0]?.status };
    }
    if (!flags.wait) return result;

    const name = executionNameOf(executionArn);
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
        `${name} ${final.status}${took}${final.error ? `: ${final.error}` : ''}${final.cause ? ` (${oneLine(causeText(final.cause), 100)})` : ''}`,
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

  private async runBatch(
    file: string,
    flags: ConnectFlags & {
      'state-machine': string;
      concurrency?: number;
      rate?: number;
      'name-field'?: string;
      idempotent: boolean;
    },
  ): Promise<void> {
    const batch = await import('../lib/batch/index.js'); // only batch runs pay for loading it
    const input = await batch.openBatchInput(file);
    const sfn = await this.connect(flags);
    const stateMachineArn = await sfn.resolveStateMachineArn(flags['state-machine']);
    const progress = await createProgress(process.stderr);
    // A file's lines are counted first for the bar; stdin's total is what has been read so far.
    const total = process.stderr.isTTY && file !== '-' ? await batch.countLines(file) : undefined;
    let read = 0;
    let lastLine = 0;
    const paceTarget = await paceTargetOf(sfn);
    // Every start (and lookup) is paid from a Pacer below, which retries its throttling.
    const tally = await batch.runBatch(sfn.paced(), batch.readLines(input, this.signal), {
      stateMachineArn,
      naming: batch.namingFor(flags),
      // Defaults here, not on the flags: oclif's dependsOn counts a defaulted flag as given.
      concurrency: batch.batchConcurrency(sfn.target, flags.concurrency),
      clockSkewMs: batch.clockSkewFor(sfn.target),
      pacer: new Pacer(pacingFor('StartExecution', paceTarget, flags.rate)),
      lookupPacer: new Pacer(pacingFor('DescribeExecution', paceTarget)),
      retryForMs: retryForMs(),
      signal: this.signal,
      onRead: () => read++,
      emit: async (result, { submitted, failed }) => {
        lastLine = result.line;
        let flushed = true;
        progress.interrupt(() => (flushed = this.printer.jsonLine(result)));
        progress.update('submitting', {
          done: submitted + failed,
          total: total ?? read,
          tally: { submitted, failed },
        });
        if (!flushed) await this.printer.drained();
      },
    });
    progress.stop();
    const interrupted = this.signal.aborted;
    this.notice(batch.formatBatchSummary(tally, interrupted ? { lastLine } : undefined));
    process.exitCode = batch.batchExitCode(tally, interrupted);
  }
}
