import { createLogUpdate } from 'log-update';
import sliceAnsi from 'slice-ansi';

// A region at the bottom of a terminal that is redrawn in place (log-update), with lines that
// should stay (log lines, finished executions) printed above it. Frames are cut to the terminal
// (no wrapping, at most rows − 1 lines, the rest counted) before log-update draws them: left to
// itself, log-update would wrap long lines and drop the top of a tall frame without a word. Only the live view loads
// this module (and with it log-update), when stdout is a terminal.

export interface LiveStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

const ESC = '\u001B[';
export const HIDE_CURSOR = `${ESC}?25l`;
export const SHOW_CURSOR = `${ESC}?25h`;

const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 40;

/**
 * log-update on `stream`. A terminal that reports its size as 0 (some ptys do) gets the default
 * size instead: log-update would take 0 rows literally and draw nothing at all.
 */
export function terminalUpdate(stream: LiveStream, options: { showCursor?: boolean } = {}) {
  const sized = {
    isTTY: stream.isTTY,
    get columns() {
      return stream.columns || DEFAULT_COLUMNS;
    },
    get rows() {
      return stream.rows || DEFAULT_ROWS;
    },
    write: (chunk: string) => stream.write(chunk),
  };
  return createLogUpdate(sized as unknown as NodeJS.WriteStream, options);
}

/** `line` cut to `width` terminal columns, escape sequences kept (and closed if cut). */
export const truncateVisible = (line: string, width: number): string => sliceAnsi(line, 0, width);

export class LiveRegion {
  private frame = '';
  private active = false;
  private readonly update: ReturnType<typeof createLogUpdate>;

  constructor(private readonly stream: LiveStream) {
    // The cursor is ours to hide, on this stream (log-update would hide it on stderr).
    this.update = terminalUpdate(stream, { showCursor: true });
  }

  /** Fits the frame to the terminal: lines cut at the width (no wrapping), at most rows − 1 lines. */
  private fit(frame: string): string {
    const columns = Math.max(20, this.stream.columns || DEFAULT_COLUMNS);
    const rows = Math.max(3, this.stream.rows || DEFAULT_ROWS);
    let lines = frame.split('\n').map((line) => truncateVisible(line, columns - 1));
    if (lines.length > rows - 1) {
      const hidden = lines.length - (rows - 2);
      lines = [...lines.slice(0, rows - 2), `… ${hidden} more lines (enlarge the terminal to see them)`];
    }
    return lines.join('\n');
  }

  /** Replaces the frame. */
  render(frame: string): void {
    if (!this.active) {
      this.active = true;
      this.stream.write(HIDE_CURSOR);
    }
    this.frame = frame;
    this.update(this.fit(frame));
  }

  /** Prints lines that stay, above the frame, then redraws the frame under them. */
  print(text: string): void {
    this.update.persist(`${text}\n`); // log-update adds a newline only where there is none
    if (this.frame) this.update(this.fit(this.frame));
  }

  /** Clears the frame, prints `final` (if any) in its place and shows the cursor again. */
  stop(final?: string): void {
    if (final !== undefined) this.update.persist(final);
    else this.update.clear();
    this.update.done();
    if (this.active) this.stream.write(SHOW_CURSOR);
    this.frame = '';
    this.active = false;
  }
}
