import { ExitCode } from '../exit-codes.js';
import { TaskctlError } from '../errors.js';

// Sends one callback (SendTaskSuccess, SendTaskFailure or SendTaskHeartbeat) per token, in order,
// and reports each: the printing is the command's.

/** One token's result: sent, or why not (the error's JSON shape, as everywhere). */
export type CallbackReport =
  { line: number; taskToken: string } | { line: number; taskToken: string; error: Record<string, unknown> };

export interface CallbackTally {
  sent: number;
  failed: number;
}

/**
 * Calls `send` for each token in turn (a pipeline's tokens are few, and the order of their
 * effects is then the order of the lines). A token the service refuses is reported and the rest
 * go on; any other failure (a connection lost, Ctrl-C) stops the run.
 */
export async function sendEach(
  tokens: readonly string[],
  send: (token: string) => Promise<unknown>,
  emit: (report: CallbackReport) => void | Promise<void>,
): Promise<CallbackTally> {
  const tally: CallbackTally = { sent: 0, failed: 0 };
  for (const [index, taskToken] of tokens.entries()) {
    const line = index + 1;
    try {
      await send(taskToken);
      tally.sent++;
      await emit({ line, taskToken });
    } catch (error) {
      if (!(error instanceof TaskctlError) || error.serviceError === undefined) throw error;
      tally.failed++;
      await emit({ line, taskToken, error: error.toJSON() });
    }
  }
  return tally;
}

/** 0 when every token was sent, else 1 (as submit --batch). */
export const callbackExitCode = (tally: CallbackTally): number =>
  tally.failed > 0 ? ExitCode.serviceError : ExitCode.ok;

export const formatCallbackSummary = (tally: CallbackTally, verb = 'accepted'): string =>
  `${tally.sent} ${verb}, ${tally.failed} refused`;
