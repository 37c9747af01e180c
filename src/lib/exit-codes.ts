// The exit-code table of the command contract (design §3). Scripts depend on these values.
export const ExitCode = {
  ok: 0,
  serviceError: 1,
  usage: 2,
  failed: 3,
  timedOut: 4,
  aborted: 5,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code a waiting command ends with for an execution's final status. */
export function exitCodeForStatus(status: string | undefined): ExitCodeValue {
  switch (status) {
    case 'SUCCEEDED':
      return ExitCode.ok;
    case 'FAILED':
      return ExitCode.failed;
    case 'TIMED_OUT':
      return ExitCode.timedOut;
    case 'ABORTED':
      return ExitCode.aborted;
    default:
      // Not terminal (RUNNING, PENDING_REDRIVE) or unknown: the wait did not reach an outcome.
      return ExitCode.serviceError;
  }
}

/** The worst of several exit codes, for commands that wait on more than one execution. */
export function worstExitCode(codes: readonly number[]): number {
  const rank = [0, 3, 4, 5, 1, 2, 130];
  return codes.reduce((worst, code) => (rank.indexOf(code) > rank.indexOf(worst) ? code : worst), 0);
}

/** Appended to the description of every command that waits, so `--help` shows the table. */
export const EXIT_CODES_HELP = `EXIT CODES
  0    success; the execution SUCCEEDED
  1    an error talking to the service
  2    bad usage or bad input; nothing was changed
  3    the execution FAILED
  4    the execution TIMED_OUT
  5    the execution was ABORTED
  130  interrupted (Ctrl-C)`;
