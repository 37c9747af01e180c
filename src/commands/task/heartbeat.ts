import { targetFlags } from '../../base-command.js';
import type { CallbackResult } from '../../lib/callbacks/index.js';
import { TaskCallbackCommand } from '../../task-command.js';
import { tokenArg } from '../../lib/callbacks/args.js';

export default class TaskHeartbeat extends TaskCallbackCommand {
  static override summary = 'tell a callback task its work goes on (SendTaskHeartbeat)';
  static override description = `Restarts the heartbeat clock of the state waiting on TOKEN: a state with HeartbeatSeconds times out (States.Timeout, matched by Retry and Catch as States.HeartbeatTimeout too) when no heartbeat comes within that many seconds. TimeoutSeconds still bounds the whole wait.

With TOKEN - the tokens are read from stdin, one per line, each reported on a line of its own (NDJSON with --json); the exit code is then 0 when every token was accepted, 1 otherwise.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> AQB…',
    'while sleep 60; do <%= config.bin %> <%= command.id %> - < tokens.txt; done',
  ];
  static override flags = { ...targetFlags };
  static override args = { token: tokenArg };

  async run(): Promise<CallbackResult | undefined> {
    const { args, flags } = await this.parse(TaskHeartbeat);
    return this.complete(args.token, flags, {
      request: 'SendTaskHeartbeat',
      done: 'heartbeat sent',
      send: (sfn, token) => sfn.sendTaskHeartbeat(token),
    });
  }
}
