import type { TaskctlError } from '../errors.js';
import { chalkStderr } from '../render/style.js';

// The one way out to stdout (as Temporal's printer and sf's result envelope): the --json document,
// NDJSON lines, text and tables all pass through here, so the JSON and human shapes cannot drift
// apart and an error has one JSON shape (TaskctlError.toJSON) wherever it is printed.

/** What the printer writes to: process.stdout, or a test's stand-in. */
export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  once?(event: 'drain', listener: () => void): unknown;
  on?(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  removeListener?(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/** A stream view of stdout for live renderers (watch): their bytes still go through the printer. */
export type PrinterStream = OutputStream & Pick<NodeJS.WriteStream, 'on' | 'removeListener'>;

export interface PrinterOptions {
  /** --json: text is dropped, errors are JSON on stdout. */
  json: boolean;
  stdout?: OutputStream;
  /** Human error lines only; notices and warnings are the base command's. */
  stderr?: Pick<OutputStream, 'write'>;
}

export class Printer {
  readonly json: boolean;
  private readonly stdout: OutputStream;
  private readonly stderr: Pick<OutputStream, 'write'>;

  constructor(options: PrinterOptions) {
    this.json = options.json;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** Human output (lines, a table): nothing under --json, where the result document is the output. */
  text(text: string): void {
    if (!this.json) this.write(`${text}\n`);
  }

  /** The command's --json document, indented as oclif prints it (the README shows these bytes). */
  document(value: unknown): void {
    this.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One NDJSON line. False when stdout's buffer is full: await drained() before writing more. */
  jsonLine(value: unknown): boolean {
    return this.write(`${JSON.stringify(value)}\n`);
  }

  /** Data lines of a streaming command, in either mode, in one write so they are never split. */
  lines(lines: readonly string[]): boolean {
    return lines.length === 0 || this.write(lines.map((line) => `${line}\n`).join(''));
  }

  /**
   * An error as the user sees it: under --json its JSON document on stdout (one line when the
   * command streams NDJSON, so the stream stays parseable), else one or two lines on stderr.
   */
  error(error: TaskctlError, options: { ndjson?: boolean } = {}): void {
    if (this.json) {
      const document = { error: error.toJSON() };
      if (options.ndjson) this.jsonLine(document);
      else this.document(document);
      return;
    }
    const lines = [error.message, ...(error.hint ? [error.hint] : [])];
    const text = lines.length === 2 && lines.join('; ').length <= 120 ? [lines.join('; ')] : lines;
    this.stderr.write(text.map((line, i) => (i === 0 ? chalkStderr.red(line) : line)).join('\n') + '\n');
  }

  /** Resolves once stdout takes writes again (after jsonLine or lines returned false). */
  drained(): Promise<void> {
    return new Promise((resolve) => (this.stdout.once ? this.stdout.once('drain', resolve) : resolve()));
  }

  /** Calls `handler` when the reader of stdout goes away (`taskctl logs … | head`). */
  onBrokenPipe(handler: () => void): void {
    this.stdout.on?.('error', (error) => {
      if (error.code === 'EPIPE') handler();
    });
  }

  /** stdout as a stream for live views (the watch table redrawn in place), written through here. */
  get stream(): PrinterStream {
    const stdout = this.stdout;
    const view: OutputStream = {
      write: (chunk) => this.write(chunk),
      get isTTY() {
        return stdout.isTTY;
      },
      // Read at each frame: the terminal may be resized while a watch runs.
      get columns() {
        return stdout.columns;
      },
      get rows() {
        return stdout.rows;
      },
      once: (event, listener) => stdout.once?.(event, listener),
      on: (event, listener) => stdout.on?.(event, listener),
      removeListener: (event, listener) => stdout.removeListener?.(event, listener),
    };
    // Listeners are only ever 'error' (EPIPE); the stream's overloads need not be spelled out.
    return view as PrinterStream;
  }

  private write(chunk: string): boolean {
    return this.stdout.write(chunk);
  }
}
