import { describe, expect, it } from 'vitest';
import { parseExecutionList } from '../../../src/lib/redrive/input.js';

const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:${name}`;

describe('parseExecutionList', () => {
  it('reads ARNs one per line, ignoring blank lines and surrounding space', () => {
    expect(parseExecutionList(`${arn('a')}\n\n  ${arn('b')}  \r\n\n`)).toEqual([arn('a'), arn('b')]);
  });

  it('reads JSON lines with executionArn (NDJSON), mixed with plain ARNs', () => {
    const text = [JSON.stringify({ executionArn: arn('a'), result: 'failed' }), arn('b')].join('\n');
    expect(parseExecutionList(text)).toEqual([arn('a'), arn('b')]);
  });

  it('reads the JSON array that taskctl list --json prints, pretty-printed over many lines', () => {
    const listed = JSON.stringify(
      [{ executionArn: arn('a'), status: 'FAILED' }, { executionArn: arn('b') }],
      null,
      2,
    );
    expect(parseExecutionList(listed)).toEqual([arn('a'), arn('b')]);
    expect(parseExecutionList('[]')).toEqual([]);
  });

  it('reads one pretty-printed JSON object (taskctl describe --json)', () => {
    expect(parseExecutionList(JSON.stringify({ executionArn: arn('a'), status: 'FAILED' }, null, 2))).toEqual(
      [arn('a')],
    );
  });

  it('keeps the first of duplicates', () => {
    expect(parseExecutionList(`${arn('a')}\n${arn('b')}\n${arn('a')}`)).toEqual([arn('a'), arn('b')]);
  });

  it('names the first bad line', () => {
    expect(() => parseExecutionList(`${arn('a')}\n\ntask-1\n`)).toThrow(
      /^stdin line 3: "task-1" is not an execution ARN$/,
    );
    expect(() => parseExecutionList(`${arn('a')}\n{"executionArn": 1}`)).toThrow(
      /stdin line 2 has no "executionArn"/,
    );
    expect(() => parseExecutionList(`${arn('a')}\n{"executionArn": `)).toThrow(
      /stdin line 2 is not valid JSON/,
    );
    expect(() => parseExecutionList('arn:aws:states:us-east-1:123456789012:stateMachine:x')).toThrow(
      /stdin line 1: .* is not an execution ARN/,
    );
  });

  it('names the bad item of a JSON array, and a broken array', () => {
    expect(() => parseExecutionList(JSON.stringify([{ executionArn: arn('a') }, { name: 'b' }]))).toThrow(
      /item 2 of the JSON array has no "executionArn"/,
    );
    expect(() => parseExecutionList('[{"executionArn": "x"')).toThrow(/not a valid JSON array/);
  });

  it('is a usage error (exit 2)', () => {
    try {
      parseExecutionList('nope');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'UsageError', exitCode: 2 });
    }
  });
});
