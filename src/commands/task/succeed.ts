import * as Args from '@oclif/core/args';
import { targetFlags } from '../../base-command.js';
import { TaskCallbackCommand } from '../../task-command.js';
import { UsageError } from '../../lib/errors.js';
import { readTaskOutput, type CallbackResult } from '../../lib/callbacks/index.js';
import { tokenArg } from '../../lib/callbacks/args.js';

export default class TaskSucceed extends TaskCallbackCommand {
  static override summary = 'complete a callback task with its output (SendTaskSuccess)';
  static override description = `TOKEN is the task token the waiting state handed out ($$.Task.Token); taskctl describe and watch show it for each state waiting for a callback. The state continues with OUTPUT as its result: JSON text, @file.json, or - for stdin (default {}).

With TOKEN - the tokens are read from stdin, one per line, and each gets a line of its own on stdout: "ok TOKEN" or "failed TOKEN MESSAGE" (with --json, NDJSON: {"line":N,"taskToken":"…"} or {"line":N,"taskToken":"…","error":{…}}). The exit code is then 0 when every token was accepted, 1 otherwise.

With one TOKEN the token is printed on stdout; a token whose task has completed, stopped or timed out exits 2.`;
  static override examples = [
    `<%= config.bin %> <%= command.id %> AQB… '{"approved": true}'`,
    '<%= config.bin %> <%= command.id %> AQB… @decision.json',
    `<%= config.bin %> describe task-0001 --json | jq -r '.waitingForCallback[].token' | <%= config.bin %> <%= command.id %> - '{"approved": true}'`,
  ];
  static override flags = { ...targetFlags };
  static override args = {
    token: tokenArg,
    output: Args.string({
      description: 'the task output: JSON text, @file.json, or - for stdin [default: {}]',
      ignoreStdin: true,
    }),
  };

  async run(): Promise<CallbackResult | undefined> {
    const { args, flags } = await this.parse(TaskSucceed);
    if (args.token === '-' && args.output === '-') {
      throw new UsageError('stdin cannot hold both the tokens and the output', {
        hint: 'pass the output as JSON text or @file.json when reading tokens with -',
      });
    }
    const output = await readTaskOutput(args.output);
    return this.complete(args.token, flags, {
      request: 'SendTaskSuccess',
      done: 'succeeded',
      send: (sfn, token) => sfn.sendTaskSuccess(token, output),
    });
  }
}
