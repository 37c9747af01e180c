import type { WaitingCallback } from '../history/types.js';
import { formatDuration } from './duration.js';
import { chalk } from './style.js';
import { formatTable } from './table.js';

// States waiting for a callback (`.waitForTaskToken`), with the token that completes each: shown
// by describe and by watch's live view, so a person can finish a task by hand.

export const CALLBACK_COMMANDS =
  'complete with: taskctl task succeed TOKEN [OUTPUT] | taskctl task fail TOKEN --error E | taskctl task heartbeat TOKEN';

/** The token, whole (it is what the person copies), or why it is not shown. */
const tokenText = (waiting: WaitingCallback) =>
  waiting.token ?? chalk.dim('(not in the task’s parameters: see the handler’s input)');

/** describe: a table of the waiting states (state, for how long, token), then the commands. */
export function formatWaitingCallbacks(waiting: readonly WaitingCallback[], now = new Date()): string {
  if (waiting.length === 0) return '';
  const rows = waiting.map((w) => [
    w.state,
    formatDuration(Math.max(0, now.getTime() - w.since.getTime())),
    tokenText(w),
  ]);
  return `${formatTable(['WAITING FOR CALLBACK', 'FOR', 'TOKEN'], rows)}\n${chalk.dim(CALLBACK_COMMANDS)}`;
}

/** watch's live view: one line per waiting state, `Approve  waiting for callback  token AQ…`. */
export function formatCallbackLines(waiting: readonly WaitingCallback[]): string[] {
  return waiting.map(
    (w) =>
      `  ${w.state}  ${chalk.cyan('waiting for callback')}  token ${tokenText(w)}  ${chalk.dim('(taskctl task succeed TOKEN)')}`,
  );
}
