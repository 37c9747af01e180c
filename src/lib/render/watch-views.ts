import type { LogLine } from '../watch/log-tail.js';
import type { WatchCallbacks } from '../watch/session.js';
import type { ExecutionTracker, WatchEvent } from '../watch/tracker.js';
import {
  formatEventJson,
  formatEventLine,
  formatExecutionFrame,
  formatFinalLine,
  formatLogLine,
  formatWatchStatus,
} from './watch.js';
import type { LiveRegion, LiveStream } from './watch-live.js';

// The three views of a watch, as session callbacks: live (TTY), one line per event, NDJSON.

export interface WatchView extends WatchCallbacks {
  /** Called once the session ends (normally or not): final output, terminal restored. */
  finish(options?: { interrupted?: boolean }): void;
}

export interface ViewOptions {
  out: LiveStream;
  /** Executions already terminal when the watch began: their summary, not their events. */
  finishedAtStart?: ReadonlySet<string>;
}

const write = (out: LiveStream, text: string) => void out.write(`${text}\n`);

/** `--json`: one annotated event (or log line) per line. */
export class JsonView implements WatchView {
  constructor(private readonly options: ViewOptions) {}

  onEvents(_tracker: ExecutionTracker, events: WatchEvent[]): void {
    if (events.length) this.options.out.write(events.map((event) => `${formatEventJson(event)}\n`).join(''));
  }

  onLogs(tracker: ExecutionTracker, lines: LogLine[]): void {
    const text = lines.map(({ eventId: _eventId, ...line }) =>
      JSON.stringify({
        executionArn: tracker.executionArn,
        ...line,
        timestamp: new Date(line.timestamp).toISOString(),
      }),
    );
    this.options.out.write(text.map((line) => `${line}\n`).join(''));
  }

  finish(): void {}
}

/** Not a terminal: one line per new event, a summary line per finished execution. */
export class LineView implements WatchView {
  constructor(private readonly options: ViewOptions) {}

  private summaryOnly(tracker: ExecutionTracker): boolean {
    return this.options.finishedAtStart?.has(tracker.executionArn) ?? false;
  }

  onEvents(tracker: ExecutionTracker, events: WatchEvent[]): void {
    if (this.summaryOnly(tracker) || !events.length) return;
    this.options.out.write(events.map((event) => `${formatEventLine(event, tracker.name)}\n`).join(''));
  }

  onLogs(tracker: ExecutionTracker, lines: LogLine[]): void {
    this.options.out.write(lines.map((line) => `${formatLogLine(line, tracker.name)}\n`).join(''));
  }

  onTerminal(tracker: ExecutionTracker): void {
    const snapshot = tracker.snapshot();
    if (this.summaryOnly(tracker)) write(this.options.out, formatExecutionFrame(snapshot));
    write(this.options.out, formatFinalLine(snapshot));
  }

  finish(): void {}
}

/** A terminal: a spinner line and each execution's per-state table, redrawn in place. */
export class LiveView implements WatchView {
  private region?: LiveRegion;
  private readonly trackers: ExecutionTracker[] = [];
  private timer?: NodeJS.Timeout;
  private spinner?: { frame(): string; text: string };
  private dirty = true;

  constructor(private readonly options: ViewOptions & { intervalMs?: number }) {}

  /** Loads the live region and ora (for its spinner frames only) and starts redrawing. */
  async start(): Promise<void> {
    const [{ LiveRegion }, { default: ora }] = await Promise.all([import('./watch-live.js'), import('ora')]);
    this.region = new LiveRegion(this.options.out);
    this.spinner = ora({ text: '', isEnabled: false, discardStdin: false });
    this.timer = setInterval(() => this.draw(), this.options.intervalMs ?? 120);
    this.timer.unref();
    this.draw();
  }

  onAdded(tracker: ExecutionTracker): void {
    this.trackers.push(tracker);
    this.dirty = true;
  }

  onEvents(): void {
    this.dirty = true;
  }

  onLogs(tracker: ExecutionTracker, lines: LogLine[]): void {
    this.region?.print(lines.map((line) => formatLogLine(line, tracker.name)).join('\n'));
  }

  onTerminal(tracker: ExecutionTracker): void {
    // With several executions a finished one leaves the live frame for the lines above it.
    if (this.trackers.length > 1) {
      const snapshot = tracker.snapshot();
      this.region?.print(`${formatExecutionFrame(snapshot)}\n${formatFinalLine(snapshot)}\n`);
    }
    this.dirty = true;
  }

  onWarning(message: string): void {
    this.region?.print(`warning: ${message}`);
  }

  /** Draws a frame (also called by the ticker, for the spinner and the countdowns). */
  draw(now = new Date()): void {
    if (!this.spinner || !this.region) return;
    const shown =
      this.trackers.length > 1 ? this.trackers.filter((tracker) => !tracker.terminal) : this.trackers;
    const snapshots = shown.map((tracker) => tracker.snapshot(now));
    this.spinner.text = formatWatchStatus(
      snapshots.length ? snapshots : this.trackers.map((t) => t.snapshot(now)),
    );
    const blocks = snapshots.map((snapshot) => formatExecutionFrame(snapshot, now));
    this.region.render([this.spinner.frame(), ...blocks.flatMap((block) => ['', block])].join('\n'));
    this.dirty = false;
  }

  finish(options: { interrupted?: boolean } = {}): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // Interrupted: leave where each unfinished execution had got to. Done: the final summary
    // (with several executions, each was printed as it finished).
    const left = options.interrupted
      ? this.trackers.filter((tracker) => !tracker.terminal)
      : this.trackers.length === 1
        ? this.trackers
        : [];
    const blocks = left.map((tracker) => {
      const snapshot = tracker.snapshot();
      return tracker.terminal
        ? `${formatExecutionFrame(snapshot)}\n${formatFinalLine(snapshot)}`
        : formatExecutionFrame(snapshot);
    });
    this.region?.stop(blocks.length ? blocks.join('\n\n') : undefined);
  }

  get needsRedraw(): boolean {
    return this.dirty;
  }
}
