import * as Flags from '@oclif/core/flags';
import { targetFlags } from '../../base-command.js';
import type { CallbackResult } from '../../lib/callbacks/index.js';
import { TaskCallbackCommand } from '../../task-command.js';
import { tokenArg } from '../../lib/callbacks/args.js';
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH } from '../../aws/limits.js';

export default class TaskFail extends TaskCallbackCommand {
  static override summary = 'fail a callback task (SendTaskFailure)';
  static override description = `TOKEN is the task token the waiting state handed out ($$.Task.Token); taskctl describe and watch show it for each state waiting for a callback. The state fails with --error as its error name, which its Retry and Catch match as any other error, and --cause as the explanation.

With TOKEN - the tokens are read from stdin, one per line, each reported on a line of its own (NDJSON with --json); the exit code is then 0 when every token was accepted, 1 otherwise.`;
  static override examples = [
    `<%= config.bin %> <%= command.id %> AQB… --error Rejected --cause 'over budget'`,
    `<%= config.bin %> <%= command.id %> - --error Cancelled < tokens.txt`,
  ];
  static override flags = {
    error: Flags.string({
      summary: `error name the state fails with (up to ${MAX_ERROR_LENGTH} characters)`,
    }),
    cause: Flags.string({ summary: `a longer explanation (up to ${MAX_CAUSE_LENGTH} characters)` }),
    ...targetFlags,
  };
  static override args = { token: tokenArg };

  async run(): Promise<CallbackResult | undefined> {
    const { args, flags } = await this.parse(TaskFail);
    return this.complete(args.token, flags, {
      request: 'SendTaskFailure',
      done: 'failed',
      send: (sfn, token) => sfn.sendTaskFailure(token, { error: flags.error, cause: flags.cause }),
    });
  }
}
