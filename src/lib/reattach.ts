import { executionNameOf } from '../aws/arn.js';
import { InterruptedError } from './errors.js';

// Ctrl-C while `submit --wait`/`--watch` or `watch` waits stops the waiting, never the execution:
// the interruption says so, and how to pick it up again.

/** What a command was waiting on when it was interrupted. */
export interface Waited {
  executionArns: readonly string[];
  /** `watch --all`: re-attach the same way. */
  all?: boolean;
}

const MAX_LISTED = 3;

export function interruptedWhileWaiting(waited: Waited): InterruptedError {
  const arns = waited.executionArns;
  if (waited.all) {
    return new InterruptedError({
      message: 'interrupted: the executions keep running (Ctrl-C stops only the watching)',
      hint: 're-attach with: taskctl watch --all',
    });
  }
  if (arns.length === 0) return new InterruptedError();
  const what =
    arns.length === 1
      ? `${executionNameOf(arns[0]) ?? arns[0]} keeps running`
      : `${arns.length} executions keep running`;
  const hint =
    arns.length === 1
      ? `re-attach with: taskctl watch ${arns[0]} (or taskctl describe ${arns[0]})`
      : arns.length <= MAX_LISTED
        ? `re-attach with: taskctl watch ${arns.join(' ')}`
        : 're-attach with: taskctl watch --all, or list them with: taskctl list --status RUNNING';
  return new InterruptedError({ message: `interrupted: ${what} (Ctrl-C stops only the waiting)`, hint });
}
