import { closeSync, openSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import { MAX_EXECUTION_INPUT_BYTES as MAX_INPUT_BYTES } from '../../src/aws/limits.js';
import {
  parseExecutionInput,
  readExecutionInput,
  readStdinText,
  stdinIsPiped,
  IMPLICIT_STDIN,
  type InputSources,
} from '../../src/lib/input.js';

const sources = (files: Record<string, string> = {}, stdin = '', piped = false): InputSources => ({
  readStdin: async () => stdin,
  stdinIsPiped: () => piped,
  readFile: async (path) => {
    if (path in files) return files[path];
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  },
});

describe('readExecutionInput', () => {
  it('defaults to {}', async () => {
    expect(await readExecutionInput(undefined, sources())).toMatchObject({ text: '{}', value: {} });
  });

  it('without INPUT, reads what is piped into stdin', async () => {
    const input = await readExecutionInput(undefined, sources({}, '{"piped": 1}\n', true));
    expect(input).toMatchObject({ value: { piped: 1 }, source: IMPLICIT_STDIN });
  });

  it('without INPUT, leaves a terminal or /dev/null alone, and takes an empty pipe as {}', async () => {
    const unread = { ...sources(), readStdin: () => Promise.reject(new Error('stdin was read')) };
    expect((await readExecutionInput(undefined, unread)).text).toBe('{}');
    expect((await readExecutionInput(undefined, sources({}, ' \n', true))).text).toBe('{}');
  });

  it('says so once when implicit stdin has not ended in time, and names it in errors', async () => {
    let notices = 0;
    let send = (_: string) => {};
    const slow = { ...sources({}, '', true), readStdin: () => new Promise<string>((done) => (send = done)) };
    const reading = readExecutionInput(undefined, slow, {
      onWaitingForStdin: () => notices++,
      waitingAfterMs: 5,
    });
    await new Promise((done) => setTimeout(done, 30));
    expect(notices).toBe(1);
    send('[1]');
    await expect(reading).rejects.toThrow('input from stdin (no INPUT was given) must be a JSON object');
  });

  it('takes JSON text, keeping it byte for byte', async () => {
    const text = '{"id": 12345678901234567890, "b": 1}';
    expect((await readExecutionInput(text, sources())).text).toBe(text);
  });

  it('reads @file', async () => {
    const input = await readExecutionInput('@in.json', sources({ 'in.json': '{"a":1}\n' }));
    expect(input).toMatchObject({ text: '{"a":1}', value: { a: 1 }, source: 'in.json' });
  });

  it('reads one document from stdin for -', async () => {
    expect((await readExecutionInput('-', sources({}, ' {"s": true}\n'))).value).toEqual({ s: true });
  });

  it('reports a missing file as a usage error', async () => {
    await expect(readExecutionInput('@missing.json', sources())).rejects.toThrow(
      /cannot read input file missing.json: ENOENT/,
    );
  });

  it('rejects two documents on stdin', async () => {
    await expect(readExecutionInput('-', sources({}, '{"a":1}\n{"a":2}\n'))).rejects.toThrow(
      /not valid JSON/,
    );
  });
});

describe('parseExecutionInput', () => {
  it.each([
    ['[1, 2]', /must be a JSON object, got an array/],
    ['null', /got null/],
    ['"text"', /got a string/],
    ['42', /got a number/],
    ['{bad', /not valid JSON/],
    ['   ', /is empty/],
  ])('rejects %s', (text, message) => {
    const attempt = () => parseExecutionInput(text, 'test');
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it('accepts exactly 256 KiB and rejects one byte more', () => {
    const exact = `{"p":"${'x'.repeat(MAX_INPUT_BYTES - 8)}"}`;
    expect(Buffer.byteLength(exact)).toBe(MAX_INPUT_BYTES);
    expect(parseExecutionInput(exact, 'test').value).toHaveProperty('p');
    expect(() => parseExecutionInput(`{"p":"${'x'.repeat(MAX_INPUT_BYTES - 7)}"}`, 'test')).toThrow(
      /262145 bytes/,
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    const euro = '€'.repeat(Math.ceil(MAX_INPUT_BYTES / 3)); // 3 bytes each
    expect(() => parseExecutionInput(`{"p":"${euro}"}`, 'test')).toThrow(/at most 262144/);
  });
});

describe('readStdinText', () => {
  it('reads the whole stream as UTF-8, a character split across chunks included', async () => {
    const bytes = Buffer.from('{"name": "café ✓"}\n');
    const chunks = [bytes.subarray(0, 14), bytes.subarray(14, 17), bytes.subarray(17)]; // é and ✓ split
    expect(await readStdinText(Readable.from(chunks))).toBe('{"name": "café ✓"}\n');
  });
});

describe('stdinIsPiped', () => {
  const withFd = (path: string, run: (stdin: NodeJS.ReadStream) => void) => {
    const fd = openSync(path, 'r');
    try {
      run({ fd, isTTY: false } as unknown as NodeJS.ReadStream);
    } finally {
      closeSync(fd);
    }
  };

  it('is true for a redirected file and false for /dev/null', () => {
    withFd(fileURLToPath(import.meta.url), (stdin) => expect(stdinIsPiped(stdin)).toBe(true));
    withFd('/dev/null', (stdin) => expect(stdinIsPiped(stdin)).toBe(false));
  });

  it('is false for a terminal, true for a stream with no descriptor', () => {
    expect(stdinIsPiped({ isTTY: true, fd: 0 } as unknown as NodeJS.ReadStream)).toBe(false);
    expect(stdinIsPiped(Readable.from([]) as unknown as NodeJS.ReadStream)).toBe(true);
  });
});
