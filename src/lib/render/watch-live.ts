// A region at the bottom of a terminal that is redrawn in place (cursor up + clear to the end
// of the screen, in one write per frame, log-update style), with lines that should stay
// (log lines, finished executions) printed above it.

export interface LiveStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

const ESC = '\u001B[';
export const HIDE_CURSOR = `${ESC}?25l`;
export const SHOW_CURSOR = `${ESC}?25h`;
const CLEAR_DOWN = `${ESC}0J`;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]/y;

/** `line` cut to `width` visible characters, escape sequences kept (and colour reset if cut). */
export function truncateVisible(line: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length;) {
    ANSI.lastIndex = i;
    const escape = ANSI.exec(line);
    if (escape) {
      out += escape[0];
      i += escape[0].length;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(i)!);
    if (visible + 1 > width) return `${out}${ESC}0m`;
    out += char;
    visible += 1;
    i += char.length;
  }
  return out;
}

export class LiveRegion {
  private height = 0;
  private frame = '';
  private active = false;

  constructor(private readonly stream: LiveStream) {}

  /** The escape sequence that moves back over the current frame and clears it. */
  private erase(): string {
    return this.height > 0 ? `\r${ESC}${this.height}A${CLEAR_DOWN}` : '';
  }

  /** Fits the frame to the terminal: lines cut at the width (no wrapping), at most rows − 1 lines. */
  private fit(frame: string): string[] {
    const columns = Math.max(20, this.stream.columns ?? 80);
    const rows = Math.max(3, this.stream.rows ?? 40);
    let lines = frame.split('\n').map((line) => truncateVisible(line, columns - 1));
    if (lines.length > rows - 1) {
      const hidden = lines.length - (rows - 2);
      lines = [...lines.slice(0, rows - 2), `… ${hidden} more lines (enlarge the terminal to see them)`];
    }
    return lines;
  }

  /** Replaces the frame. */
  render(frame: string): void {
    if (!this.active) {
      this.active = true;
      this.stream.write(HIDE_CURSOR);
    }
    const lines = this.fit(frame);
    this.stream.write(this.erase() + lines.join('\n') + '\n');
    this.height = lines.length;
    this.frame = frame;
  }

  /** Prints lines that stay, above the frame, then redraws the frame under them. */
  print(text: string): void {
    const lines = this.fit(this.frame);
    const body = this.height > 0 ? `${lines.join('\n')}\n` : '';
    this.stream.write(`${this.erase()}${text}\n${body}`);
  }

  /** Clears the frame, prints `final` (if any) in its place and shows the cursor again. */
  stop(final?: string): void {
    const text = final !== undefined ? `${final}\n` : '';
    this.stream.write(this.erase() + text + (this.active ? SHOW_CURSOR : ''));
    this.height = 0;
    this.frame = '';
    this.active = false;
  }
}
