import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { UsageError } from '../lib/errors.js';
import { EXIT_CODES_HELP, ExitCode } from '../lib/exit-codes.js';
import { Pacer, paceTargetOf, pacingFor } from '../lib/pace.js';
import { retryForMs } from '../lib/paced-call.js';
import * as redrive from '../lib/redrive/index.js';
import { createProgress } from '../lib/render/progress.js';
import {
  formatCheckTable,
  formatOutcomeLine,
  formatRedriveList,
  formatSummary,
} from '../lib/render/redrive.js';

export default class Redrive extends TaskctlCommand<redrive.RedriveCheck[] | undefined> {
  static override summary = 'restart failed, timed-out or aborted executions from the state they stopped in';
  static override description = `EXECUTION is an execution name within --state-machine or a full ARN; several may be given. With - the ARNs are read from stdin: one per line, JSON lines with "executionArn", or a JSON array of such objects (what taskctl list --json prints). --failed selects every redrivable execution of the state machine instead.

Each execution is checked first (DescribeExecution): those that cannot be redriven (still RUNNING, SUCCEEDED, stopped more than 14 days ago, near the 25,000-event history limit) are skipped with the reason, so running the same command again redrives nothing twice. Prints one line per execution: "redriven NAME", "skipped NAME: REASON" or "failed NAME: ERROR"; with --json one JSON object per line: {executionArn, result, reason?, redriveDate?}.

More than one execution, - or --failed is a bulk run: it asks for confirmation on a terminal and needs --yes otherwise.

Without --wait the exit code is 0 when every execution was redriven or skipped for a reason, 1 when a redrive failed. With --wait it follows the worst final status.

${EXIT_CODES_HELP}`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> task-0001 --wait',
    '<%= config.bin %> <%= command.id %> --failed --since 2h --dry-run',
    '<%= config.bin %> list --status FAILED --json | <%= config.bin %> <%= command.id %> - --yes --rate 20',
  ];
  static override flags = {
    failed: Flags.boolean({ summary: 'redrive every redrivable execution of the state machine' }),
    since: Flags.string({
      summary: 'with --failed: only executions that stopped since DURATION (15m, 2h, 7d) ago or DATE (ISO)',
      description: 'Compared with each execution’s stop date, i.e. when it failed, timed out or was aborted.',
      dependsOn: ['failed'],
    }),
    'dry-run': Flags.boolean({
      summary: 'show what would be redriven and why others would not; change nothing',
    }),
    yes: Flags.boolean({
      char: 'y',
      summary: 'do not ask for confirmation (required for bulk runs without a terminal)',
    }),
    wait: Flags.boolean({
      summary: 'wait until every redriven execution ends; the exit code follows the worst status',
      exclusive: ['dry-run'],
    }),
    rate: Flags.integer({
      summary: "redrives per second at most [default: the target's quota]",
      min: 1,
    }),
    concurrency: Flags.integer({ summary: 'requests in flight at most', default: 10, min: 1 }),
    ...stateMachineFlag,
    ...targetFlags,
  };
  static override args = {
    execution: Args.string({ description: 'execution names or ARNs, or - to read them from stdin' }),
  };
  static override strict = false;

  async run(): Promise<redrive.RedriveCheck[] | undefined> {
    const { argv, flags } = await this.parse(Redrive);
    const request = await redrive.readRedriveRequest(argv as string[], flags);
    const { bulk } = request;

    const sfn = await this.connect(flags);
    const machine = flags['state-machine'];
    const targets = request.failed
      ? await redrive.failedTargets(sfn, machine, { since: request.since })
      : await redrive.resolveTargets(sfn, request.refs, machine);
    const progress = await createProgress(process.stderr, !!process.stderr.isTTY && targets.length > 1);
    const options = { concurrency: flags.concurrency, signal: this.signal };
    const checked = await redrive.checkAll(sfn, targets, {
      ...options,
      onChecked: (done) => progress.update('checking', { done, total: targets.length }),
    });
    progress.stop();
    if (!bulk && 'error' in checked[0]) throw checked[0].error; // e.g. not found: exit 2

    const rows = checked.map(redrive.checkRow);
    const redrivable = rows.filter((row) => row.redrivable).length;
    if (flags['dry-run']) {
      if (checked.some((c) => 'error' in c)) process.exitCode = ExitCode.serviceError;
      if (rows.length > 0) this.printer.text(formatCheckTable(rows));
      this.notice(`${redrivable} of ${rows.length} execution(s) would be redriven`);
      return rows;
    }
    const question = `redrive ${redrivable} of ${rows.length} execution(s)?`;
    // The question comes with what it is about: the first executions and how many more.
    if (request.confirm && redrivable > 0) this.logToStderr(formatRedriveList(rows));
    if (request.confirm && redrivable > 0 && !(await redrive.confirm(question, this.signal))) {
      throw new UsageError('not confirmed; nothing was redriven', {
        hint: 'pass --yes to skip the question',
      });
    }

    const tally = { redriven: 0, skipped: 0, failed: 0 };
    const json = this.jsonEnabled();
    // Every redrive is paid from the Pacer below, which retries its throttling.
    const { outcomes, notStarted } = await redrive.redriveAll(sfn.paced(), checked, {
      ...options,
      pacer: new Pacer(pacingFor('RedriveExecution', await paceTargetOf(sfn), flags.rate)),
      retryForMs: retryForMs(),
      waiter: flags.wait ? redrive.completionWaiter((arn) => sfn.describeExecution(arn), options) : undefined,
      onSettled: (outcome) => {
        tally[outcome.result]++;
        const done = tally.redriven + tally.skipped + tally.failed;
        progress.update('redriving', { done, total: checked.length, tally });
      },
      emit: (outcome) =>
        progress.interrupt(() =>
          json ? this.printer.jsonLine(outcome) : this.printer.lines([formatOutcomeLine(outcome)]),
        ),
    });
    progress.stop();
    if (bulk || notStarted > 0) this.notice(formatSummary(outcomes, notStarted));
    // Not thrown: under --json that would end the NDJSON stream with a multi-line error document.
    if (this.signal.aborted) return void (process.exitCode = ExitCode.interrupted);
    process.exitCode = redrive.exitCodeForOutcomes(outcomes);
    return undefined;
  }
}
