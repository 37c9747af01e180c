import { describe, expect, it } from 'vitest';
import { readTaskOutput, readTaskTokens, sendEach } from '../../../src/lib/callbacks/index.js';
import { ServiceError, UsageError } from '../../../src/lib/errors.js';

// What `taskctl task succeed|fail|heartbeat` read and how a pipeline's tokens are reported.

const stdin = (text: string) => ({ readStdin: async () => text, readFile: async () => '' });

describe('readTaskTokens', () => {
  it('takes TOKEN as given, or the non-blank lines of stdin for -', async () => {
    expect(await readTaskTokens(' AQabc ')).toEqual(['AQabc']);
    expect(await readTaskTokens('-', stdin('AQ1\r\n\n  AQ2  \n'))).toEqual(['AQ1', 'AQ2']);
  });

  it('refuses an empty TOKEN, an empty stdin and a token over 2,048 characters (the API limit)', async () => {
    await expect(readTaskTokens('')).rejects.toThrow(UsageError);
    await expect(readTaskTokens('-', stdin('\n \n'))).rejects.toThrow(/no task tokens on stdin/);
    await expect(readTaskTokens('-', stdin(`AQ1\n${'x'.repeat(2049)}`))).rejects.toThrow(
      /on line 2 is 2049 characters/,
    );
  });
});

describe('readTaskOutput', () => {
  it('defaults to {}, and sends any JSON document as given (a string or an array too)', async () => {
    expect(await readTaskOutput(undefined)).toBe('{}');
    expect(await readTaskOutput('"done"')).toBe('"done"');
    expect(await readTaskOutput('-', stdin(' [1, 2]\n'))).toBe('[1, 2]');
    expect(
      await readTaskOutput('@out.json', { readStdin: async () => '', readFile: async () => '{"a":1}' }),
    ).toBe('{"a":1}');
  });

  it('refuses what is not JSON, or over 262,144 bytes (SendTaskSuccess output limit)', async () => {
    await expect(readTaskOutput('{nope')).rejects.toThrow(/not valid JSON/);
    await expect(readTaskOutput(JSON.stringify('x'.repeat(262_143)))).rejects.toThrow(/262145 bytes/);
  });
});

describe('sendEach', () => {
  it('reports each token in order, goes on after a refusal, and stops on anything else', async () => {
    const refused = new ServiceError('gone', { serviceError: 'TaskDoesNotExist' });
    const reports: unknown[] = [];
    const tally = await sendEach(
      ['a', 'b', 'c'],
      async (token) => {
        if (token === 'b') throw refused;
      },
      (report) => void reports.push(report),
    );
    expect(tally).toEqual({ sent: 2, failed: 1 });
    expect(reports).toEqual([
      { line: 1, taskToken: 'a' },
      { line: 2, taskToken: 'b', error: refused.toJSON() },
      { line: 3, taskToken: 'c' },
    ]);
    const lost = new ServiceError('connection refused', { name: 'ConnectionError' });
    await expect(
      sendEach(
        ['a'],
        () => Promise.reject(lost),
        () => {},
      ),
    ).rejects.toBe(lost);
  });
});
