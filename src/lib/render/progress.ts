// A one-line progress bar on stderr for bulk commands (only when stderr is a TTY), drawn by
// log-update as the live watch view is. Result lines go to stdout in between: write them through `interrupt()` so the bar
// never splits one. The bar itself is one format string (a progress-bar package would be a
// second terminal writer beside log-update).

export interface ProgressCounts {
  done: number;
  total: number;
  /** Shown after the count, e.g. { redriven: 118, skipped: 2, failed: 0 }. */
  tally?: Record<string, number>;
}

/** The bar's text: `redriving ▕██████░░░░▏ 120/200  118 redriven · 2 skipped`. */
export function formatProgress(label: string, counts: ProgressCounts, width = 24): string {
  const ratio = counts.total > 0 ? Math.min(1, counts.done / counts.total) : 1;
  const filled = Math.round(ratio * width);
  const bar = `▕${'█'.repeat(filled)}${'░'.repeat(width - filled)}▏`;
  const tally = Object.entries(counts.tally ?? {})
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`)
    .join(' · ');
  return `${label} ${bar} ${counts.done}/${counts.total}${tally ? `  ${tally}` : ''}`;
}

export interface Progress {
  update(label: string, counts: ProgressCounts): void;
  /** Clears the bar, runs `write` (which prints a line elsewhere), and redraws the bar. */
  interrupt(write: () => void): void;
  stop(): void;
}

/** The bar on `stream`; log-update is loaded only when it will draw. */
export async function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  enabled = !!stream.isTTY,
): Promise<Progress> {
  if (!enabled) {
    return { update() {}, interrupt: (write) => write(), stop() {} };
  }
  const { terminalUpdate } = await import('./watch-live.js');
  const bar = terminalUpdate(stream, { showCursor: true }); // a one-line bar leaves the cursor alone
  let text = '';
  let lastDraw = 0;
  const draw = () => {
    const columns = stream.columns || 80; // 0 when the terminal does not report its size
    bar(text.slice(0, Math.max(10, columns - 1))); // one line: never wrapped
    lastDraw = Date.now();
  };
  return {
    update(label, counts) {
      text = formatProgress(label, counts);
      // At most ~12 redraws a second, but always the final one.
      if (counts.done >= counts.total || Date.now() - lastDraw > 80) draw();
    },
    interrupt(write) {
      bar.clear();
      write();
      if (text) draw();
    },
    stop() {
      bar.clear();
      bar.done();
      text = '';
    },
  };
}
