import { ux } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { ServiceError, UsageError } from '../../src/lib/errors.js';
import { Printer, type OutputStream } from '../../src/lib/output/printer.js';

/** A stdout stand-in that records each write. */
function recorder(extra: Partial<OutputStream> = {}) {
  const writes: string[] = [];
  const stream: OutputStream = { write: (chunk) => (writes.push(chunk), true), ...extra };
  return { writes, stream };
}

function printer(json: boolean) {
  const stdout = recorder();
  const stderr = recorder();
  return { out: new Printer({ json, stdout: stdout.stream, stderr: stderr.stream }), stdout, stderr };
}

describe('Printer', () => {
  it('prints the --json document byte for byte as oclif did', () => {
    const { out, stdout } = printer(true);
    const result = {
      executionArn: 'arn:x',
      startDate: new Date(0),
      nested: [1, { a: null, b: true }],
      s: 'é "q"',
    };
    out.document(result);
    expect(stdout.writes).toEqual([`${ux.colorizeJson(result, { pretty: true })}\n`]);
  });

  it('prints text only in human mode', () => {
    const human = printer(false);
    human.out.text('a table');
    expect(human.stdout.writes).toEqual(['a table\n']);
    const json = printer(true);
    json.out.text('a table');
    expect(json.stdout.writes).toEqual([]);
  });

  it('writes NDJSON lines and streamed lines whole, in one write each', () => {
    const { out, stdout } = printer(true);
    expect(out.jsonLine({ line: 1, executionArn: 'arn:x' })).toBe(true);
    out.lines(['one', 'two']);
    out.lines([]);
    expect(stdout.writes).toEqual(['{"line":1,"executionArn":"arn:x"}\n', 'one\ntwo\n']);
  });

  it('prints an error in the one JSON shape: a document, or one line when streaming NDJSON', () => {
    const error = new ServiceError('throttled', {
      name: 'ThrottlingException',
      hint: 'slow down',
      serviceError: 'ThrottlingException',
    });
    const shape = {
      name: 'ThrottlingException',
      message: 'throttled',
      hint: 'slow down',
      exitCode: 1,
      serviceError: 'ThrottlingException',
    };
    const document = printer(true);
    document.out.error(error);
    expect(JSON.parse(document.stdout.writes.join(''))).toEqual({ error: shape });
    expect(document.stdout.writes.join('')).toContain('\n  "error": {');
    const streaming = printer(true);
    streaming.out.error(error, { ndjson: true });
    expect(streaming.stdout.writes).toEqual([`${JSON.stringify({ error: shape })}\n`]);
    expect(document.stderr.writes).toEqual([]);
  });

  it('prints a human error on stderr: one line when short, else the hint on its own line', () => {
    const short = printer(false);
    short.out.error(new UsageError('bad flag', { hint: 'see: taskctl --help' }));
    expect(short.stderr.writes.join('')).toBe('bad flag; see: taskctl --help\n');
    const long = printer(false);
    long.out.error(new UsageError('m'.repeat(80), { hint: 'h'.repeat(60) }));
    expect(long.stderr.writes.join('')).toBe(`${'m'.repeat(80)}\n${'h'.repeat(60)}\n`);
    expect([...short.stdout.writes, ...long.stdout.writes]).toEqual([]);
  });

  it('gives live views a stream that writes through it and reads the terminal size each time', () => {
    const tty = { isTTY: true, columns: 80, rows: 24 };
    const { writes, stream } = recorder(tty);
    const view = new Printer({ json: false, stdout: Object.assign(stream, tty) }).stream;
    view.write('\u001B[2Kframe\n');
    tty.columns = 120;
    Object.assign(stream, tty);
    expect(writes).toEqual(['\u001B[2Kframe\n']);
    expect([view.isTTY, view.columns, view.rows]).toEqual([true, 120, 24]);
  });

  it('waits for drain when stdout is full, and reports a reader that went away', async () => {
    const listeners: Record<string, (arg?: unknown) => void> = {};
    const { stream } = recorder({
      once: (event, listener) => void (listeners[event] = listener as () => void),
      on: (event, listener) => void (listeners[event] = listener as (arg?: unknown) => void),
    });
    const out = new Printer({ json: true, stdout: stream });
    let drained = false;
    const waiting = out.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    listeners.drain();
    await waiting;
    expect(drained).toBe(true);

    let gone = 0;
    out.onBrokenPipe(() => gone++);
    listeners.error(Object.assign(new Error('other'), { code: 'EIO' }));
    listeners.error(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(gone).toBe(1);
  });
});
