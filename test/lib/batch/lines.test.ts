import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  namingFor,
  openBatchInput,
  parseBatchLine,
  readLines,
  type SourceLine,
} from '../../../src/lib/batch/lines.js';

const collect = async (text: string | string[], signal?: AbortSignal): Promise<SourceLine[]> => {
  const lines: SourceLine[] = [];
  for await (const line of readLines(Readable.from(Array.isArray(text) ? text : [text]), signal))
    lines.push(line);
  return lines;
};

describe('readLines', () => {
  it('numbers every physical line but yields only the non-blank ones', async () => {
    expect(await collect('{"a":1}\n\n   \n{"b":2}\r\n{"c":3}')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('joins lines split across chunks and drops a byte order mark', async () => {
    expect(await collect(['\uFEFF{"a"', ':1}\n{"b":', '2}\n'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  it('ends, without error, once the signal aborts', async () => {
    const abort = new AbortController();
    const input = new Readable({ read() {} });
    input.push('{"a":1}\n');
    const lines: SourceLine[] = [];
    for await (const line of readLines(input, abort.signal)) {
      lines.push(line);
      abort.abort(); // the stream never ends by itself
    }
    expect(lines).toEqual([{ line: 1, text: '{"a":1}' }]);
  });
});

describe('openBatchInput', () => {
  it('makes an unreadable file a usage error', async () => {
    await expect(openBatchInput('/nonexistent/batch.ndjson')).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining('ENOENT'),
    });
    await expect(openBatchInput('/')).rejects.toMatchObject({
      message: expect.stringContaining('directory'),
    });
  });
});

describe('parseBatchLine', () => {
  const generated = { kind: 'generated' } as const;

  it('passes the line through as the input text, unchanged', () => {
    expect(parseBatchLine({ line: 3, text: '  {"n": 12345678901234567891}' }, generated)).toEqual({
      line: 3,
      input: '{"n": 12345678901234567891}',
    });
  });

  it.each([
    ['not JSON', 'not json', /line 7 is not valid JSON/],
    ['an array', '[1,2]', /line 7 must be a JSON object, got an array/],
    ['a string', '"text"', /got a string/],
    ['null', 'null', /got null/],
    [
      'over 256 KiB',
      `{"big":"${'x'.repeat(262_135)}"}`,
      /line 7 is 262145 bytes; Step Functions accepts at most 262144/,
    ],
  ])('makes %s an InvalidExecutionInput error of its line', (_what, text, message) => {
    expect(parseBatchLine({ line: 7, text }, generated)).toEqual({
      line: 7,
      error: { name: 'InvalidExecutionInput', message: expect.stringMatching(message) },
    });
  });

  it('accepts exactly 256 KiB', () => {
    const text = `{"big":"${'x'.repeat(262_144 - 10)}"}`;
    expect(Buffer.byteLength(text)).toBe(262_144);
    expect(parseBatchLine({ line: 1, text }, generated)).not.toHaveProperty('error');
  });

  it('names the execution from --name-field, or makes the line an InvalidName error', () => {
    const naming = { kind: 'field', field: 'id' } as const;
    expect(parseBatchLine({ line: 1, text: '{"id":"job-1"}' }, naming)).toEqual({
      line: 1,
      input: '{"id":"job-1"}',
      name: 'job-1',
    });
    expect(parseBatchLine({ line: 2, text: '{"ID":"job-1"}' }, naming)).toEqual({
      line: 2,
      error: { name: 'InvalidName', message: 'line 2 has no field "id" to name the execution' },
    });
    expect(parseBatchLine({ line: 3, text: '{"id":"a/b"}' }, naming)).toMatchObject({
      error: { name: 'InvalidName', message: expect.stringContaining('"/"') },
    });
  });

  it('names the execution by a hash of the line with --idempotent', () => {
    const naming = { kind: 'idempotent' } as const;
    const a = parseBatchLine({ line: 1, text: '{"x":1,"y":2}' }, naming);
    const b = parseBatchLine({ line: 9, text: '{ "y": 2, "x": 1 }' }, naming);
    expect(a).toMatchObject({ name: expect.stringMatching(/^batch-[0-9a-f]{32}$/) });
    expect((b as { name: string }).name).toBe((a as { name: string }).name);
  });
});

describe('namingFor', () => {
  it('follows --name-field, then --idempotent, else lets the service name executions', () => {
    expect(namingFor({ 'name-field': 'id' })).toEqual({ kind: 'field', field: 'id' });
    expect(namingFor({ idempotent: true })).toEqual({ kind: 'idempotent' });
    expect(namingFor({ idempotent: false })).toEqual({ kind: 'generated' });
  });
});
