import { Pacer } from '../pace.js';
import type { LogLine, LogSource } from './log-tail.js';
import { WatchSession, type WatchService } from './session.js';

// `taskctl logs`: one execution's log lines, read once or followed until it ends. The history
// tells which handlers ran (their log groups); DescribeStateMachineForExecution tells whether
// the state machine logs, and where.

export interface ReadLogsOptions {
  service: WatchService;
  logSource: LogSource;
  executionArn: string;
  follow?: boolean;
  signal?: AbortSignal;
  onLines(lines: LogLine[]): void;
  onWarning?(message: string): void;
}

/** Reads (or follows) the log lines; resolves with the execution's status when done. */
export async function readExecutionLogs(
  options: ReadLogsOptions,
): Promise<{ status: string; logGroups: number }> {
  const session = new WatchSession({
    service: options.service,
    signal: options.signal,
    budget: new Pacer({ ratePerSecond: 5 }),
    logs: true,
    logSource: options.logSource,
    once: !options.follow,
    onLogs: (_tracker, lines) => options.onLines(lines),
    onWarning: options.onWarning,
  });
  const tracker = session.add(options.executionArn);
  await session.run();
  return { status: tracker.status, logGroups: tracker.lambdaFunctions.size };
}
