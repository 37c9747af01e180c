import { TaskctlCommand, type ConnectFlags } from './base-command.js';
import { readTaskTokens, runCallbacks, type CallbackResult } from './lib/callbacks/index.js';
import type { StepFunctions } from './lib/sdk/index.js';

/** What one `taskctl task …` command sends for each token. */
export interface CallbackRequest {
  request: CallbackResult['request'];
  /** What was done, for messages: "succeeded", "failed", "heartbeat sent". */
  done: string;
  send: (sfn: StepFunctions, token: string) => Promise<unknown>;
}

/** `taskctl task succeed|fail|heartbeat`: read TOKEN (or tokens from stdin with -), send, report. */
export abstract class TaskCallbackCommand extends TaskctlCommand<CallbackResult | undefined> {
  protected async complete(
    token: string,
    flags: ConnectFlags,
    callback: CallbackRequest,
  ): Promise<CallbackResult | undefined> {
    const tokens = await readTaskTokens(token);
    const fromStdin = token === '-';
    this.streamsNdjson = fromStdin;
    const sfn = await this.connect(flags);
    return runCallbacks({
      tokens,
      fromStdin,
      request: callback.request,
      done: callback.done,
      send: (each) => callback.send(sfn, each),
      printer: this.printer,
      notice: (message) => this.notice(message),
    });
  }
}
