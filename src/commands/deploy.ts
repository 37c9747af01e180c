import * as Flags from '@oclif/core/flags';
import { chalk } from '../lib/render/style.js';
import { TaskctlCommand, targetFlags } from '../base-command.js';
import { loadDefinition, parseDefinition, parseSubstitutionFlags, substitute } from '../lib/definition.js';
import {
  applyDeployment,
  formatDiagnostic,
  LOG_LEVELS,
  loggingFor,
  planDeployment,
  validateDefinition,
  type DeployAction,
} from '../lib/deploy.js';
import { TaskctlError, UsageError } from '../lib/errors.js';
import { DEFAULT_STATE_MACHINE, LOCAL_ACCOUNT_ID, resolveTarget } from '../lib/target.js';

export interface DeployResult {
  stateMachineArn?: string;
  name: string;
  action: DeployAction;
  roleArn: string;
  dryRun: boolean;
  stateMachineVersionArn?: string;
  diff: string[];
  warnings: string[];
}

export default class Deploy extends TaskctlCommand<DeployResult> {
  static override summary = 'validate and create or update the task state machine';
  static override description = `Deploys the bundled workflow, or --definition FILE. The definition is validated by the service first (ValidateStateMachineDefinition; locally where the endpoint lacks it); each problem is printed with its location. An unchanged definition and role make no write call.

Placeholders such as \${CreateTaskFunctionArn} are filled from --sub KEY=VALUE; for the local engine and other endpoints the bundled handlers' ARNs are filled in automatically.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --definition ./workflow.asl.json --name orders',
    '<%= config.bin %> <%= command.id %> --log-group /aws/vendedlogs/states/taskctl-tasks',
    '<%= config.bin %> <%= command.id %> --profile prod --role-arn arn:aws:iam::111122223333:role/taskctl --sub CreateTaskFunctionArn=arn:aws:lambda:eu-west-1:111122223333:function:CreateTask',
  ];
  static override flags = {
    name: Flags.string({
      summary: 'state machine name',
      default: DEFAULT_STATE_MACHINE,
      env: 'TASKCTL_STATE_MACHINE',
    }),
    definition: Flags.file({ summary: 'Amazon States Language JSON file (default: the bundled workflow)' }),
    'role-arn': Flags.string({ summary: 'IAM role Step Functions assumes (required to create on AWS)' }),
    sub: Flags.string({
      summary: 'definition substitution KEY=VALUE (repeatable)',
      multiple: true,
      default: [],
    }),
    'dry-run': Flags.boolean({ summary: 'show the diff and the action, change nothing' }),
    publish: Flags.boolean({ summary: 'publish a version of the state machine' }),
    'log-group': Flags.string({
      summary: 'send execution history to this CloudWatch Logs log group (name or ARN)',
    }),
    'log-level': Flags.option({ options: LOG_LEVELS })({
      summary: 'which events go to --log-group (default ALL)',
    }),
    ...targetFlags,
  };

  async run(): Promise<DeployResult> {
    const { flags } = await this.parse(Deploy);
    const target = resolveTarget(flags);
    // Everything checkable offline is checked before connecting: nothing changes on bad input.
    if (flags['log-level'] && !flags['log-group']) {
      throw new UsageError('--log-level needs --log-group', {
        hint: 'pass --log-group NAME to send execution history to CloudWatch Logs',
      });
    }
    const { text, source } = await loadDefinition(flags.definition);
    const local = target.kind === 'aws' ? undefined : { region: target.region, accountId: LOCAL_ACCOUNT_ID };
    const definition = substitute(text, parseSubstitutionFlags(flags.sub), local);
    parseDefinition(definition, source);

    const sfn = await this.connect(flags);
    const note = (notice: string) => this.notice(notice);
    const diagnostics = await validateDefinition(sfn, definition, note).catch((error: unknown) => {
      const found =
        error instanceof TaskctlError ? (error.details?.diagnostics as typeof diagnostics) : undefined;
      for (const d of found ?? []) this.logToStderr(formatDiagnostic(d));
      throw error;
    });
    const warnings = diagnostics.map(formatDiagnostic);
    for (const warning of warnings) this.warn(warning);

    const plan = await planDeployment(sfn, {
      name: flags.name,
      definition,
      source,
      roleArn: flags['role-arn'],
      logging: flags['log-group']
        ? (stateMachineArn) =>
            loggingFor(flags['log-group']!, flags['log-level'] ?? 'ALL', { local, stateMachineArn })
        : undefined,
    });
    const result = { name: plan.name, action: plan.action, roleArn: plan.roleArn, diff: plan.diff, warnings };
    if (flags['dry-run']) {
      this.printDiff(plan.diff, plan.roleArn, plan.previousRoleArn);
      const verb = { created: 'would create', updated: 'would update', unchanged: 'unchanged:' }[plan.action];
      this.printer.text(`${verb} ${plan.name} (dry run, nothing changed)`);
      return { ...result, stateMachineArn: plan.stateMachineArn, dryRun: true };
    }
    const spinner = await this.spinner(`deploying ${plan.name}`);
    const applied = await applyDeployment(sfn, plan, { publish: flags.publish });
    spinner.stop();
    this.notice(
      `${plan.action} ${plan.name}${applied.stateMachineVersionArn ? ` (version ${applied.stateMachineVersionArn})` : ''}`,
    );
    this.printer.text(applied.stateMachineArn);
    return { ...result, ...applied, dryRun: false };
  }

  private printDiff(diff: string[], roleArn: string, previousRoleArn?: string): void {
    const colour = (line: string) =>
      line.startsWith('+') ? chalk.green(line) : line.startsWith('-') ? chalk.red(line) : chalk.dim(line);
    for (const line of diff) this.printer.text(colour(line));
    if (previousRoleArn && roleArn !== previousRoleArn) {
      this.printer.text(chalk.red(`-roleArn ${previousRoleArn}`));
      this.printer.text(chalk.green(`+roleArn ${roleArn}`));
    }
  }
}
