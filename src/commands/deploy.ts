import * as Flags from '@oclif/core/flags';
import { chalk } from '../lib/render/style.js';
import { TaskctlCommand, targetFlags } from '../base-command.js';
import { loadDefinition, parseDefinition, parseSubstitutionFlags } from '../lib/definition.js';
import { formatDiagnostic, LOG_LEVELS, validateDefinition, type DeployAction } from '../lib/deploy.js';
import { TaskctlError, UsageError } from '../lib/errors.js';
import { DEFAULT_STATE_MACHINE, LOCAL_ACCOUNT_ID, resolveTarget } from '../lib/target.js';
import {
  applyStack,
  checkHandlersDir,
  definitionToValidate,
  DEFAULT_RUNTIME,
  fillDefinition,
  formatPlanLine,
  HANDLER_NAMES,
  planStack,
  propagationLimitMs,
  type ResourcePlan,
  type StackRequest,
} from '../lib/stack/index.js';

export interface DeployResult {
  stateMachineArn?: string;
  name: string;
  action: DeployAction;
  roleArn: string;
  dryRun: boolean;
  stateMachineVersionArn?: string;
  aliasArn?: string;
  diff: string[];
  warnings: string[];
  /** Every resource of the stack and what deploy did (or, on a dry run, would do) to it. */
  resources: ResourcePlan[];
}

const ACTION_OF = { create: 'created', update: 'updated', unchanged: 'unchanged' } as const;

export default class Deploy extends TaskctlCommand<DeployResult> {
  static override summary = 'stand up the task system: functions, roles, log group and state machine';
  static override description = `Creates or updates, in order and each only when it differs: the Lambda execution role and the state machine's role (least privilege), the three handlers as Lambda functions (deterministic zips; --handlers DIR for your own), the log group /aws/vendedlogs/states/NAME, and the state machine with the functions' ARNs filled in, logging to that group. Everything is tagged taskctl:stack=NAME, which is how taskctl destroy finds it. The same on AWS, the local engine and any compatible endpoint.

The definition is validated by the service first (ValidateStateMachineDefinition; locally where the endpoint lacks it); each problem is printed with its location. --dry-run prints the plan (create / update with what changes / unchanged, per resource) and the definition diff, and changes nothing. --publish publishes a version of the deployed revision unless one exists already, so deploying an unchanged stack again publishes nothing; --alias NAME does the same and points the alias at that version.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --handlers ./handlers',
    '<%= config.bin %> <%= command.id %> --profile prod --alias live',
    '<%= config.bin %> <%= command.id %> --definition ./workflow.asl.json --state-machine orders',
  ];
  static override flags = {
    'state-machine': Flags.string({
      summary: 'the stack: state machine name, also used to name and tag the other resources',
      default: DEFAULT_STATE_MACHINE,
      env: 'TASKCTL_STATE_MACHINE',
      aliases: ['name'],
    }),
    definition: Flags.file({ summary: 'Amazon States Language JSON file (default: the bundled workflow)' }),
    handlers: Flags.directory({
      summary: 'deploy NAME.mjs|.js|.cjs from this directory in place of the bundled handlers',
    }),
    runtime: Flags.string({ summary: 'Lambda runtime of the functions', default: DEFAULT_RUNTIME }),
    'role-arn': Flags.string({ summary: 'use this role for the state machine instead of creating one' }),
    'function-role-arn': Flags.string({ summary: 'use this role for the functions instead of creating one' }),
    sub: Flags.string({
      summary: "definition substitution KEY=VALUE (repeatable; wins over the functions' ARNs)",
      multiple: true,
      default: [],
    }),
    'dry-run': Flags.boolean({ summary: 'print the plan and the definition diff, change nothing' }),
    publish: Flags.boolean({
      summary: 'publish a version of the state machine, unless its revision has one',
    }),
    alias: Flags.string({
      summary: "point this state machine alias at the deployed revision's version (implies --publish)",
    }),
    'log-group': Flags.string({ summary: 'log group name [default: /aws/vendedlogs/states/NAME]' }),
    'log-level': Flags.option({ options: LOG_LEVELS, default: 'ERROR' as const })({
      summary: 'which execution events the state machine logs',
    }),
    ...targetFlags,
  };

  async run(): Promise<DeployResult> {
    const { flags } = await this.parse(Deploy);
    const target = resolveTarget(flags);
    const stack = flags['state-machine'];
    // Everything checkable offline is checked before connecting: nothing changes on bad input.
    const { text, source } = await loadDefinition(flags.definition);
    parseDefinition(text, source);
    if (flags.handlers) checkHandlersDir(flags.handlers, HANDLER_NAMES);
    if (flags['log-group']?.startsWith('arn:')) {
      throw new UsageError('--log-group takes a log group name', {
        hint: `e.g. --log-group /aws/vendedlogs/states/${stack}`,
      });
    }
    const request: StackRequest = {
      stack,
      region: '',
      definitionTemplate: text,
      source,
      subs: parseSubstitutionFlags(flags.sub),
      handlersDir: flags.handlers,
      runtime: flags.runtime,
      logLevel: flags['log-level'],
      logGroup: flags['log-group'],
      roleArn: flags['role-arn'],
      functionRoleArn: flags['function-role-arn'],
      publish: flags.publish,
      alias: flags.alias,
      knownAccount: target.kind === 'local' ? LOCAL_ACCOUNT_ID : undefined,
    };
    fillDefinition(
      request,
      Object.fromEntries(HANDLER_NAMES.map((h) => [h, 'arn:aws:lambda:r:1:function:f'])),
    );

    const sfn = await this.connect(flags);
    request.region = target.kind === 'aws' ? await sfn.region() : target.region;
    const services = { sfn, ...(await this.connectStack()) };

    const plan = await planStack(services, request);
    const definition = plan.stateMachine.deploy.definition;
    const note = (notice: string) => this.notice(notice);
    const diagnostics = await validateDefinition(sfn, definitionToValidate(definition), note).catch(
      (error: unknown) => {
        const found =
          error instanceof TaskctlError ? (error.details?.diagnostics as typeof diagnostics) : undefined;
        for (const d of found ?? []) this.logToStderr(formatDiagnostic(d));
        throw error;
      },
    );
    const warnings = diagnostics.map(formatDiagnostic);
    for (const warning of warnings) this.warn(warning);

    const machine = plan.stateMachine.deploy;
    const result = {
      name: stack,
      action: machine.action,
      roleArn: machine.roleArn,
      diff: machine.diff,
      warnings,
    };
    if (flags['dry-run']) {
      for (const resource of plan.resources) this.printer.text(formatPlanLine(resource, true));
      this.printDiff(machine.diff);
      this.notice('dry run: nothing changed');
      return { ...result, stateMachineArn: machine.stateMachineArn, dryRun: true, resources: plan.resources };
    }
    const spinner = await this.spinner(`deploying ${stack}`);
    const applied = await applyStack(services, request, plan, {
      limitMs: propagationLimitMs(),
      signal: this.signal,
      onApplied: (resource) => {
        spinner.update(`deploying ${stack}: ${resource.kind} ${resource.name}`);
      },
    });
    spinner.stop();
    for (const resource of applied.plan.resources) this.notice(formatPlanLine(resource, false));
    this.printer.text(applied.stateMachineArn);
    return {
      ...result,
      action: ACTION_OF[applied.plan.stateMachine.plan.action] as DeployAction,
      roleArn: applied.roleArn,
      stateMachineArn: applied.stateMachineArn,
      ...(applied.stateMachineVersionArn ? { stateMachineVersionArn: applied.stateMachineVersionArn } : {}),
      ...(applied.aliasArn ? { aliasArn: applied.aliasArn } : {}),
      dryRun: false,
      resources: applied.plan.resources,
    };
  }

  private printDiff(diff: string[]): void {
    const colour = (line: string) =>
      line.startsWith('+') ? chalk.green(line) : line.startsWith('-') ? chalk.red(line) : chalk.dim(line);
    for (const line of diff) this.printer.text(colour(line));
  }
}
