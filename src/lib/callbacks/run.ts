import type { Printer } from '../output/printer.js';
import { shortToken } from '../sdk/errors.js';
import { callbackExitCode, formatCallbackSummary, sendEach, type CallbackReport } from './send.js';

// The run shared by `taskctl task succeed|fail|heartbeat`: one token, whose errors are the
// command's (exit code by error); or tokens from stdin, each reported on a line of its own.

/** `--json` of a single token: the token and the request that was sent for it. */
export interface CallbackResult {
  taskToken: string;
  request: 'SendTaskSuccess' | 'SendTaskFailure' | 'SendTaskHeartbeat';
}

export interface CallbackRun {
  tokens: string[];
  /** The tokens came from stdin (TOKEN `-`): report each, and exit 1 if any failed. */
  fromStdin: boolean;
  request: CallbackResult['request'];
  /** What was done, for messages: "succeeded", "failed", "heartbeat sent". */
  done: string;
  send: (token: string) => Promise<unknown>;
  printer: Printer;
  notice: (message: string) => void;
}

function textLine(report: CallbackReport): string {
  if (!('error' in report)) return `ok      ${report.taskToken}`;
  return `failed  ${report.taskToken}  ${String(report.error.message)}`;
}

/** Sends the callbacks; the single token's result, or undefined when the report lines were the output. */
export async function runCallbacks(run: CallbackRun): Promise<CallbackResult | undefined> {
  if (!run.fromStdin) {
    const [taskToken] = run.tokens;
    await run.send(taskToken);
    run.notice(`task ${shortToken(taskToken)} ${run.done}`);
    run.printer.text(taskToken);
    return { taskToken, request: run.request };
  }
  const tally = await sendEach(run.tokens, run.send, async (report) => {
    const flushed = run.printer.json ? run.printer.jsonLine(report) : run.printer.lines([textLine(report)]);
    if (!flushed) await run.printer.drained();
  });
  run.notice(formatCallbackSummary(tally));
  process.exitCode = callbackExitCode(tally);
  return undefined;
}
