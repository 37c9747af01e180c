import { describe, expect, it } from 'vitest';
import { compactEvent } from '../../../src/lib/watch/compact.js';
import { isThrottling, isTransient } from '../../../src/lib/watch/errors.js';
import { ServiceError } from '../../../src/lib/errors.js';
import { LiveRegion, truncateVisible } from '../../../src/lib/render/watch-live.js';

describe('watch error classification', () => {
  it('treats throttling (also wrapped by the SDK wrapper) and 5xx as transient, the rest as fatal', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    const wrapped = new ServiceError('Step Functions is throttling requests', {
      name: 'ThrottlingException',
      cause: throttled,
    });
    expect(isThrottling(throttled)).toBe(true);
    expect(isThrottling(wrapped)).toBe(true);
    expect(
      isTransient(
        Object.assign(new Error('x'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }),
      ),
    ).toBe(true);
    expect(isTransient(new ServiceError('cannot connect', { name: 'ConnectionError' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('gone'), { name: 'NotFoundError' }))).toBe(false);
  });
});

describe('compactEvent', () => {
  it('drops payloads and keeps what the per-state view needs', () => {
    const event = {
      id: 7,
      previousEventId: 6,
      timestamp: new Date(0),
      type: 'LambdaFunctionFailed',
      lambdaFunctionFailedEventDetails: { error: 'TransientError', cause: 'x'.repeat(5_000) },
      stateEnteredEventDetails: { name: 'A', input: '{"big": true}', inputDetails: { truncated: false } },
    };
    const compact = compactEvent(event);
    expect(compact.stateEnteredEventDetails).toEqual({ name: 'A' });
    const details = compact.lambdaFunctionFailedEventDetails as { error: string; cause: string };
    expect(details.error).toBe('TransientError');
    expect(details.cause.length).toBeLessThan(2_100);
    expect(compact.id).toBe(7);
  });
});

describe('truncateVisible', () => {
  it('cuts at the visible width, keeping escape sequences whole and closing the styles it cut', () => {
    expect(truncateVisible('\u001B[31mabcdef\u001B[39m', 3)).toBe('\u001B[31mabc\u001B[39m');
    expect(truncateVisible('\u001B[1mab\u001B[31mcdef', 3)).toBe(
      '\u001B[1mab\u001B[31mc\u001B[39m\u001B[22m',
    );
    expect(truncateVisible('abc', 10)).toBe('abc');
  });
});

describe('LiveRegion', () => {
  it('draws on a terminal that reports its size as 0, and prints the final text', () => {
    const written: string[] = [];
    const region = new LiveRegion({
      isTTY: true,
      columns: 0,
      rows: 0,
      write: (c) => (written.push(c), true),
    });
    region.render('spinner\ntable');
    region.print('a log line');
    region.stop('final summary');
    const output = written.join('');
    expect(output).toContain('spinner\ntable');
    expect(output).toContain('a log line\n');
    expect(output).toContain('final summary\n');
    expect(output.startsWith('\u001B[?25l')).toBe(true);
    expect(output.endsWith('\u001B[?25h')).toBe(true);
  });
});
