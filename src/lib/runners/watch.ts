import { Pacer } from '../pace.js';
import { eitherSignal } from '../signals.js';
import type { LogSource } from '../watch/log-tail.js';
import { WatchSession, type WatchService } from '../watch/session.js';
import type { LiveStream } from '../render/watch-live.js';
import { JsonView, LineView, LiveView, type WatchView } from '../render/watch-views.js';

// `taskctl watch` and `submit --watch`: a WatchSession wired to the view that fits stdout
// (here, above both, so that neither the watch modules nor the views depend on each other).

export type WatchMode = 'live' | 'lines' | 'json';

export interface RunWatchOptions {
  service: WatchService;
  executionArns: readonly string[];
  /** `--all`: follow the RUNNING executions of this state machine, and those started later. */
  all?: { stateMachineArn: string; listIntervalMs?: number };
  mode: WatchMode;
  out: LiveStream & Partial<Pick<NodeJS.WriteStream, 'on' | 'removeListener'>>;
  signal?: AbortSignal;
  /** Pays for every call across all watched executions (default: 10 calls per second). */
  budget?: Pacer;
  /** Interleave handler log lines (needs logSource). */
  logs?: boolean;
  logSource?: LogSource;
  /** Executions already terminal when the watch began (human views show their summary). */
  finishedAtStart?: ReadonlySet<string>;
  onWarning?: (message: string) => void;
}

export interface WatchOutcome {
  exitCode: number;
  executions: Array<{ executionArn: string; status: string }>;
  /** stdout was closed by its reader (`| head`): the watch stopped early, quietly. */
  brokenPipe: boolean;
}

export function chooseWatchMode(json: boolean, out: { isTTY?: boolean }): WatchMode {
  if (json) return 'json';
  return out.isTTY ? 'live' : 'lines';
}

export async function runWatch(options: RunWatchOptions): Promise<WatchOutcome> {
  const { out } = options;
  const viewOptions = { out, finishedAtStart: options.finishedAtStart };
  const view: WatchView & { start?: () => Promise<void> } =
    options.mode === 'json'
      ? new JsonView(viewOptions)
      : options.mode === 'live'
        ? new LiveView(viewOptions)
        : new LineView(viewOptions);

  // A reader that goes away (`taskctl watch | head -3`) ends the watch quietly, exit 0.
  const closed = new AbortController();
  let brokenPipe = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    brokenPipe = true;
    closed.abort();
  };
  out.on?.('error', onError);

  const session = new WatchSession({
    service: options.service,
    signal: eitherSignal(closed.signal, options.signal),
    budget: options.budget ?? new Pacer({ ratePerSecond: 10 }),
    includeExecutionData: options.mode === 'json',
    definitions: options.mode === 'live',
    logs: options.logs,
    logSource: options.logSource,
    ...(options.all
      ? { all: { stateMachineArn: options.all.stateMachineArn, intervalMs: options.all.listIntervalMs } }
      : {}),
    onAdded: (tracker) => view.onAdded?.(tracker),
    onEvents: (tracker, events) => view.onEvents?.(tracker, events),
    onLogs: (tracker, lines) => view.onLogs?.(tracker, lines),
    onTerminal: (tracker) => view.onTerminal?.(tracker),
    onWarning: (message) => (view.onWarning ? view.onWarning(message) : options.onWarning?.(message)),
  });

  try {
    await view.start?.();
    for (const arn of options.executionArns) session.add(arn);
    await session.run();
    view.finish();
  } catch (error) {
    if (!brokenPipe) {
      view.finish({ interrupted: true });
      throw error;
    }
  } finally {
    out.removeListener?.('error', onError);
  }
  const executions = [...session.trackers.values()].map((tracker) => ({
    executionArn: tracker.executionArn,
    status: tracker.status,
  }));
  return { exitCode: brokenPipe ? 0 : session.exitCode, executions, brokenPipe };
}
