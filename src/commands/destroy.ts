import * as Flags from '@oclif/core/flags';
import { TaskctlCommand, targetFlags } from '../base-command.js';
import { confirm } from '../lib/confirm.js';
import { UsageError } from '../lib/errors.js';
import { deleteStack, findStack, STACK_TAG, type StackResource } from '../lib/stack/index.js';
import { DEFAULT_STATE_MACHINE, resolveTarget } from '../lib/target.js';

export interface DestroyResult {
  name: string;
  dryRun: boolean;
  resources: StackResource[];
}

export default class Destroy extends TaskctlCommand<DestroyResult> {
  static override summary = 'delete what deploy created for a stack';
  static override description = `Finds the resources tagged ${STACK_TAG}=NAME (state machine and its aliases, log group, Lambda functions, IAM roles; nothing without the tag), deletes them in the reverse of deploy's order, and waits until the state machine is gone. Asks for confirmation on a terminal; needs --yes when stdin is not one. --dry-run lists what would be deleted.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --state-machine orders --yes',
  ];
  static override flags = {
    'state-machine': Flags.string({
      summary: 'the stack to delete: the state machine name deploy used',
      default: DEFAULT_STATE_MACHINE,
      env: 'TASKCTL_STATE_MACHINE',
      aliases: ['name'],
    }),
    yes: Flags.boolean({ summary: 'do not ask for confirmation (required when stdin is not a terminal)' }),
    'dry-run': Flags.boolean({ summary: 'list what would be deleted, delete nothing' }),
    ...targetFlags,
  };

  async run(): Promise<DestroyResult> {
    const { flags } = await this.parse(Destroy);
    const stack = flags['state-machine'];
    const ask = !flags.yes && !flags['dry-run'];
    if (ask && !process.stdin.isTTY) {
      throw new UsageError('destroy needs --yes when stdin is not a terminal; nothing was deleted', {
        hint: 'check first with --dry-run, then add --yes',
      });
    }
    const target = resolveTarget(flags);
    const sfn = await this.connect(flags);
    const region = target.kind === 'aws' ? await sfn.region() : target.region;
    const services = { sfn, ...(await this.connectStack()) };
    const resources = await findStack(services, stack, region);
    const line = (r: StackResource) =>
      `${r.action === 'delete' ? 'would delete' : 'deleted'}  ${r.kind.padEnd(19)} ${r.name}`;

    if (resources.length === 0) {
      this.notice(`nothing tagged ${STACK_TAG}=${stack} was found`);
      return { name: stack, dryRun: flags['dry-run'], resources };
    }
    if (flags['dry-run']) {
      for (const resource of resources) this.printer.text(line(resource));
      return { name: stack, dryRun: true, resources };
    }
    if (ask) {
      for (const resource of resources) this.logToStderr(line(resource));
      if (!(await confirm(`delete these ${resources.length} resources of stack ${stack}?`, this.signal))) {
        throw new UsageError('not confirmed; nothing was deleted', {
          hint: 'pass --yes to skip the question',
        });
      }
    }
    const spinner = await this.spinner(`deleting stack ${stack}`);
    await deleteStack(services, resources, {
      signal: this.signal,
      onDeleted: (resource) =>
        spinner.update(`deleting stack ${stack}: ${resource.kind} ${resource.name} gone`),
    });
    spinner.stop();
    for (const resource of resources) this.printer.text(line(resource));
    return { name: stack, dryRun: false, resources };
  }
}
