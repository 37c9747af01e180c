import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { TaskctlCommand, stateMachineFlag, targetFlags } from '../base-command.js';
import { EXIT_CODES_HELP } from '../lib/exit-codes.js';
import { Pacer, paceTargetOf, watchPacing } from '../lib/pace.js';
import { chooseWatchMode, runWatch } from '../lib/runners/watch.js';
import { parseWatchRefs, resolveWatchTargets } from '../lib/watch/start.js';

export interface WatchResult {
  executions: Array<{ executionArn: string; status: string }>;
}

export default class Watch extends TaskctlCommand<WatchResult | undefined> {
  static override summary = 'follow executions live until they end, with per-state attempts and retries';
  static override description = `EXECUTION is a full execution ARN, or an execution name within the selected state machine (--state-machine). --all follows every RUNNING execution of the state machine, and those started while watching.

On a terminal: a spinner line and, per execution, a table of its states (status, attempts, retries, duration, last error, next retry countdown), redrawn in place. Otherwise: one line per history event (time, execution, event type, state, attempt). With --json: one JSON object per line (NDJSON), each a history event with executionArn and the derived state and attempt.

An execution that has already finished is summarised, and the exit code follows its status. With several executions the exit code is the worst of them.

${EXIT_CODES_HELP}`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> task-0001',
    '<%= config.bin %> <%= command.id %> --all --max-rps 5',
    '<%= config.bin %> <%= command.id %> task-0001 --logs',
    '<%= config.bin %> <%= command.id %> task-0001 --json | jq -c \'select(.type == "LambdaFunctionFailed")\'',
  ];
  static override flags = {
    all: Flags.boolean({ summary: 'watch every RUNNING execution of the state machine' }),
    logs: Flags.boolean({ summary: "interleave the handlers' log lines (CloudWatch Logs)" }),
    'max-rps': Flags.integer({
      summary:
        'at most this many Step Functions calls per second across all watched executions [default: 10 on AWS, unpaced locally]',
      min: 1,
      max: 20,
    }),
    ...stateMachineFlag,
    ...targetFlags,
  };
  static override args = {
    execution: Args.string({ description: 'execution names or ARNs', required: false }),
  };
  static override strict = false;

  async run(): Promise<WatchResult | undefined> {
    const { argv, flags } = await this.parse(Watch);
    this.streamsNdjson = true;
    parseWatchRefs(argv as string[], flags.all);
    const sfn = await this.connect(flags);
    const targets = await resolveWatchTargets(sfn, argv as string[], {
      all: flags.all,
      stateMachine: flags['state-machine'],
    });
    this.waitingOn = { executionArns: targets.executionArns, all: flags.all };
    const outcome = await runWatch({
      service: sfn,
      executionArns: targets.executionArns,
      all: targets.stateMachineArn ? { stateMachineArn: targets.stateMachineArn } : undefined,
      mode: chooseWatchMode(this.jsonEnabled(), this.printer.stream),
      out: this.printer.stream,
      signal: this.signal,
      budget: new Pacer(watchPacing(await paceTargetOf(sfn), flags['max-rps'])),
      logs: flags.logs,
      // Closed with the SFN wrapper when the command ends.
      logSource: flags.logs ? await this.connectLogs() : undefined,
      finishedAtStart: targets.finishedAtStart,
      onWarning: (message) => this.warn(message),
    });
    if (outcome.executions.length === 0) this.notice(`no running executions of ${flags['state-machine']}`);
    process.exitCode = outcome.exitCode;
    // NDJSON has been streamed; there is no closing document.
    return this.jsonEnabled() ? undefined : { executions: outcome.executions };
  }
}
